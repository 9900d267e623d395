"""Charts as server-rendered SVG: no script, no inline style, print as they show.

The strict CSP forbids inline ``style`` attributes and scripts, so shapes carry SVG
presentation attributes (x, y, width, height, points) and classes styled from
static/css/reports.css. Each chart has a <title> and a <desc> with its numbers for
screen readers, and every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640


def _fmt(value: float, percent: bool) -> str:
    return f"{value * 100:.1f}%" if percent else (f"{value:g}" if value % 1 else f"{int(value)}")


def bar_chart(
    title: str, items: Sequence[tuple[str, float | None]], *, percent: bool = False, testid=""
) -> SafeString:
    """Horizontal bars, one per (label, value); None draws no bar and says "—"."""
    row, label_w, pad = 22, 150, 60
    height = max(1, len(items)) * row + 10
    top = max([v for _, v in items if v is not None] or [0]) or 1
    if percent:
        top = max(top, 1.0)
    scale = (WIDTH - label_w - pad) / top
    parts = [
        f'<svg class="chart chart-bar" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" data-testid="{escape(testid)}">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape("; ".join(f"{k}: {'—' if v is None else _fmt(v, percent)}" for k, v in items))
        + "</desc>",
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        parts.append(
            f'<text class="chart-label" x="{label_w - 6}" y="{y + 15}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        if value is None:
            parts.append(f'<text class="chart-value" x="{label_w + 4}" y="{y + 15}">—</text>')
            continue
        w = max(0.0, value * scale)
        parts.append(
            f'<rect class="chart-bar-rect" x="{label_w}" y="{y + 3}" width="{w:.1f}" '
            f'height="{row - 6}" fill="#0d6efd"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{label_w + w + 4:.1f}" y="{y + 15}">'
            f"{escape(_fmt(value, percent))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_chart(
    title: str,
    labels: Sequence[str],
    columns: Sequence[float],
    line: Sequence[float | None] = (),
    *,
    line_label: str = "",
    testid: str = "",
) -> SafeString:
    """Columns (counts) over months with an optional line (a rate, 0–1, right axis)."""
    height, left, right, top_pad, bottom = 220, 40, 40, 15, 30
    n = max(1, len(labels))
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom
    step = plot_w / n
    top = max(columns or [0]) or 1
    parts = [
        f'<svg class="chart chart-trend" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" data-testid="{escape(testid)}">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape(
            "; ".join(
                f"{lab}: {int(c)}"
                + ("" if not line or line[i] is None else f", {line_label} {line[i] * 100:.1f}%")
                for i, (lab, c) in enumerate(zip(labels, columns, strict=False))
            )
        )
        + "</desc>",
        f'<line class="chart-axis" x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - right}" '
        f'y2="{top_pad + plot_h}" stroke="#6c757d"/>',
        f'<text class="chart-axis-label" x="{left - 4}" y="{top_pad + 8}" '
        f'text-anchor="end">{int(top)}</text>',
    ]
    if line:
        parts.append(
            f'<text class="chart-axis-label" x="{WIDTH - right + 4}" y="{top_pad + 8}">100%</text>'
        )
    for i, (label, value) in enumerate(zip(labels, columns, strict=False)):
        h = plot_h * value / top
        x = left + i * step + step * 0.15
        parts.append(
            f'<rect class="chart-column" x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="#9ec5fe"/>'
        )
        parts.append(
            f'<text class="chart-axis-label" x="{left + i * step + step / 2:.1f}" '
            f'y="{height - 10}" text-anchor="middle">{escape(label)}</text>'
        )
    points = [
        f"{left + i * step + step / 2:.1f},{top_pad + plot_h * (1 - v):.1f}"
        for i, v in enumerate(line)
        if v is not None
    ]
    if points:
        parts.append(
            f'<polyline class="chart-line" points="{" ".join(points)}" fill="none" '
            f'stroke="#dc3545" stroke-width="2"/>'
        )
        for p in points:
            x, y = p.split(",")
            parts.append(f'<circle class="chart-dot" cx="{x}" cy="{y}" r="3" fill="#dc3545"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
