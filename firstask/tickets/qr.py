"""The status page's address as a QR code, drawn server-side as inline SVG (segno).

No style attribute and no script: the strict CSP allows neither, and the receipt is
printed from the page as it is.
"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, scale: int = 4) -> SafeString:
    code = segno.make(url, error="m")
    # segno escapes the title; the drawing is paths only (the address is not in it).
    return mark_safe(
        code.svg_inline(scale=scale, border=2, svgclass="qr-code", lineclass=None, title=url)
    )
