"""Formatting of measure values by kind, shared by every measures template."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def measures_table(table, drill_url: str = "", overview_url: str = "") -> str:
    """A measures table as HTML, built in Python: the template loop over every cell
    cost more than the database did."""
    right = ' class="text-end"'
    head = "".join(
        "<th" + ("" if kind == "text" else right) + f">{escape(label)}</th>"
        for label, kind in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for cell in row:
            classes = [] if cell.kind == "text" else ["text-end"]
            if cell.met is True:
                classes.append("target-met")
            elif cell.met is False:
                classes.append("target-missed")
            text = escape(measure(cell.value, cell.kind))
            if cell.link:
                base = overview_url if cell.kind == "text" else drill_url
                text = f'<a href="{escape(base)}?{escape(cell.link)}">{text}</a>'
            testid = f' data-testid="{escape(cell.testid)}"' if cell.testid else ""
            cells.append(f'<td class="{" ".join(classes)}"{testid}>{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        empty = escape(_("No inquiries in this period."))
        body.append(f'<tr><td colspan="{len(table.columns)}" class="text-muted">{empty}</td></tr>')
    title = escape(_("Each underlined number opens the inquiries behind it."))
    return mark_safe(
        '<div class="table-responsive"><table class="table table-sm table-striped '
        f'table-register measures-table" data-testid="table-{escape(table.code)}" '
        f'title="{title}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table></div>"
    )
