"""The daily report (质检日报): built live for a day not yet signed off, frozen into the
sign-off for a day that is.

The snapshot holds codes and numbers, never translated labels (they are translated when
the report is rendered), and names as they were on the day. A day signed off prints what
was signed, plus the journal of what changed afterwards, so the general office can see
both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from firstask.inspection import records
from firstask.inspection.rules import RULES
from firstask.inspection.selectors import AuditDay, audit_day

SNAPSHOT_VERSION = 1


def build_snapshot(audit: AuditDay, reviewed: list[records.ReviewedItem]) -> dict[str, Any]:
    numbers = {row.ticket["id"]: row.ticket["number"] for row in audit.rows}
    return {
        "version": SNAPSHOT_VERSION,
        "as_of": audit.as_of.isoformat(),
        "registered_total": audit.registered_total,
        "by_channel": audit.by_channel,
        "by_category": audit.by_category,
        "by_state": audit.by_state,
        "activity": audit.activity,
        "overdue": audit.overdue,
        "flag_counts": audit.flag_counts,
        "flags": [
            {
                "rule": f.rule,
                "ticket_id": f.ticket_id,
                "number": numbers.get(f.ticket_id, ""),
                "at": f.at.isoformat(),
                "event_id": f.event_id,
                "detail": f.detail,
                "staff": audit.people.get(f.staff_id, "") if f.staff_id else "",
                "department": audit.departments.get(f.department_id, "") if f.department_id else "",
            }
            for f in audit.flags
        ],
        "findings": [_finding(r) for r in reviewed],
    }


def _finding(r: records.ReviewedItem) -> dict[str, Any]:
    f = r.finding
    return {
        "sample_id": r.item.sample_id,
        "seed": r.item.sample.seed,
        "position": r.item.position,
        "ticket_id": r.item.ticket_id,
        "number": r.item.ticket.number,
        "outcome": f.outcome if f else "",
        "score": f.score if f else None,
        "checks": f.checks if f else {},
        "remarks": f.remarks if f else "",
    }


def load_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot ready for the template: times back to datetimes, flags by rule."""
    data = dict(snapshot)
    data["as_of"] = datetime.fromisoformat(snapshot["as_of"])
    data["flags"] = [{**f, "at": datetime.fromisoformat(f["at"])} for f in snapshot["flags"]]
    data["flags_by_rule"] = [
        (RULES[code], [f for f in data["flags"] if f["rule"] == code])
        for code in RULES
        if any(f["rule"] == code for f in data["flags"])
    ]
    return data


def report_for(day: date) -> dict[str, Any]:
    """Everything the printed report shows for ``day``."""
    sign_off = records.sign_off_of(day)
    journal = records.journal_of(day)
    if sign_off is not None:
        data = load_snapshot(sign_off.snapshot)
        summary = records.current_summary(sign_off, journal)
        later = [e for e in journal if e.at > sign_off.signed_at]
    else:
        data = load_snapshot(build_snapshot(audit_day(day), records.reviewed_items(day=day)))
        summary, later = "", []
    return {
        **data,
        "report_totals": data,
        "day": day,
        "sign_off": sign_off,
        "summary": summary,
        "later": later,
    }
