"""Chinese phone numbers: normalise what a receptionist types, mask what lists show.

Accepted: mobiles (1[3-9] + 9 digits, with or without +86/0086/86), landlines with an
area code (0 + 2–3 digits, then 7–8 digits), local landlines of 7–8 digits, each
optionally followed by an extension (转 / ext / x / # / -). Stored forms:
``13812345678``, ``0571-87001234``, ``0571-87001234-123``, ``87001234``.

Service numbers (400/800 + 7 digits, 95xxx/96xxx/12xxx short numbers such as the 12345
hotline itself) are an organisation's phone, never a person's: they are accepted only
where ``service=True`` (an agency's or a department's phone). A visitor who "leaves"
12345 cannot be called back.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-–—()（）.]")
_EXTENSION = re.compile(r"^(?P<main>.+?)(?:转|分机|ext\.?|x|#|,)(?P<ext>\d{1,6})$", re.IGNORECASE)
_MOBILE = re.compile(r"^(?:\+?86|0086)?(?P<n>1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(?:\+?86|0086)?(?P<area>0(?:10|2\d|[3-9]\d{2}))(?P<local>[2-9]\d{6,7})$")
_LOCAL = re.compile(r"^(?P<local>[2-9]\d{6,7})$")
_SERVICE = re.compile(
    r"^(?P<area>0(?:10|2\d|[3-9]\d{2}))?(?P<n>(?:400|800)\d{7}|(?:95|96)\d{3,6}|12\d{3})$"
)

INVALID_PHONE = _(
    "Enter a valid phone number: a mobile (e.g. 13812345678) or a landline with area code "
    "(e.g. 0571-87001234, extension as 0571-87001234转123)."
)


INVALID_CONTACT_PHONE = _(
    "This is a service hotline, not a number the person can be called back on: enter their "
    "mobile (e.g. 13812345678) or landline with area code (e.g. 0571-87001234)."
)


def normalise_phone(raw: str, *, service: bool = False) -> str:
    """Return the stored form of ``raw`` or raise ValidationError (message for the field).

    ``service``: an organisation's phone, where hotlines and 400/800 numbers are valid.
    """
    text = (raw or "").strip().replace("＋", "+")
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return ""
    extension = ""
    match = _EXTENSION.match(_SEPARATORS.sub("", text))
    compact = _SEPARATORS.sub("", text)
    if match:
        compact, extension = match.group("main"), match.group("ext")
    elif "-" in text.strip():
        # "0571-87001234-123": a trailing dash group after a full landline is an extension
        parts = [p for p in re.split(r"[\s\-]+", text) if p]
        if len(parts) == 3 and parts[0].startswith("0") and len(parts[2]) <= 6:
            compact, extension = parts[0] + parts[1], parts[2]
    if not compact.lstrip("+").isdigit():
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    if m := _MOBILE.match(compact):
        if extension:
            raise ValidationError(INVALID_PHONE, code="invalid_phone")
        return m.group("n")
    if m := _LANDLINE.match(compact):
        number = f"{m.group('area')}-{m.group('local')}"
    elif m := _LOCAL.match(compact):
        number = m.group("local")
    elif m := _SERVICE.match(compact):
        if not service:
            raise ValidationError(INVALID_CONTACT_PHONE, code="service_number")
        number = f"{m.group('area')}-{m.group('n')}" if m.group("area") else m.group("n")
    else:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return f"{number}-{extension}" if extension else number


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and last four digits."""
    if not phone:
        return ""
    if len(phone) == 11 and phone.startswith("1") and phone.isdigit():
        return f"{phone[:3]}****{phone[-4:]}"
    main = phone.split("-")
    if len(main) >= 2 and main[0].startswith("0"):
        return f"{main[0]}-****{main[1][-4:]}"
    digits = main[0]
    return f"****{digits[-4:]}" if len(digits) > 4 else "****"
