"""Template helpers of the audit: what a flag is about, links, the day's totals.

Labels of stored codes (channel, rule, outcome, …) come from the shared ``label``
filter (firstask/core/templatetags/firstask.py; the audit's vocabularies are
registered in apps.py).

Flags reach templates as ``Flag`` objects (live) or dicts (a signed snapshot); the
helpers read both.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from firstask.core import labels
from firstask.inspection.sampling import CHECKLIST

register = template.Library()


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


@register.filter
def flag_detail(flag: Any) -> str:
    """What exactly the flag found, in the reader's language."""
    rule, detail = _get(flag, "rule"), _get(flag, "detail") or ""
    if rule == "incomplete_registration":
        missing = {"phone": _("no phone"), "matter": _("no matter")}
        return "、".join(str(missing.get(part, part)) for part in detail.split(",") if part)
    if rule == "repeat_visit":
        return _("repeat of %(number)s") % {"number": detail} if detail else ""
    if rule == "returned_referral":
        return labels.label(detail, "reason")
    return detail


@register.filter
def failed_checks(checks: dict) -> str:
    """The checklist items a finding failed, by label, in checklist order."""
    return "；".join(str(text) for code, text in CHECKLIST if code in checks and not checks[code])


@register.filter
def lookup(mapping: dict, key: Any) -> Any:
    return (mapping or {}).get(key, "")


@register.simple_tag
def flag_url(flag: Any, number: str) -> str:
    """The ticket page, at the event that triggered the flag when there is one."""
    url = reverse("tickets:detail", args=[number])
    event_id = _get(flag, "event_id")
    return f"{url}#event-{event_id}" if event_id else url


def _of(t: Any, name: str) -> Any:
    return t.get(name) if isinstance(t, dict) else getattr(t, name)


@register.inclusion_tag("inspection/_totals.html")
def audit_totals(t: Any) -> dict:
    """The day's counts, from a live audit or a signed snapshot (same names in both)."""
    captions = [
        ("registered_total", _("Registered")),
        ("on_the_spot", _("Answered on the spot")),
        ("answered", _("Answered")),
        ("referred", _("Referrals")),
        ("returned", _("Returns")),
        ("followed_up", _("Follow-ups")),
        ("closed", _("Closures")),
        ("overdue", _("Overdue")),
        ("flags", _("Flags")),
    ]
    return {
        "t": t,
        "activity_captions": captions,
        "breakdowns": [
            ("channel", _("Channel"), _of(t, "by_channel")),
            ("category", _("Category"), _of(t, "by_category")),
            ("state", _("State now"), _of(t, "by_state")),
        ],
    }


@register.simple_tag(takes_context=True)
def record_actions(context, target: str, **params) -> str:
    """Links the apps above offer on a record (see inspection.extensions); no query."""
    from django.utils.html import format_html_join

    from firstask.inspection.extensions import actions_for

    actions = actions_for(target, context["request"].user)
    values = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in params.items()}
    if not actions:
        return ""
    link = (
        '<a class="btn btn-sm btn-outline-danger py-0 ms-1 no-print" href="{}" '
        'data-testid="{}">{}</a>'
    )
    return format_html_join("", link, ((a.url(values), a.testid, a.label) for a in actions))
