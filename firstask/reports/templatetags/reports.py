"""Formatting of measure values by kind, shared by every measures template."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def measure(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if not isinstance(value, (int, float)):
        return str(value)
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "count":
        return f"{int(value):,}"
    if kind in ("hours", "score", "per_mille"):
        return f"{value:.2f}"
    if kind in ("minutes", "points"):
        return f"{value:.1f}"
    return f"{value:g}"
