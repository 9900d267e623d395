"""Registration rules: flags on the tickets *received* that day."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from firstask.inspection.rules.base import DayFacts, Flag, responder_flag, rule
from firstask.tickets.choices import State

REGISTRATION_ESSENTIALS = (("phone", "visitor_phone"), ("matter", "matter_head"))


@rule(
    "incomplete_registration",
    _("Incomplete registration"),
    _("Registered without the visitor's phone or without the matter (登记不全)."),
    "registration",
)
def incomplete_registration(facts: DayFacts) -> Iterator[Flag]:
    for tid in facts.received:
        t = facts.tickets[tid]
        missing = [code for code, key in REGISTRATION_ESSENTIALS if not (t[key] or "").strip()]
        if missing and t["state"] != State.VOID:
            at, event_id = facts.registered(t)
            yield responder_flag("incomplete_registration", t, at, event_id, ",".join(missing))


@rule(
    "repeat_visit",
    _("Repeat visit after a one-time notice"),
    _(
        "The visitor came back about a matter already answered: the one-time notice "
        "(一次性告知) was probably incomplete."
    ),
    "registration",
)
def repeat_visit(facts: DayFacts) -> Iterator[Flag]:
    for tid in facts.received:
        t = facts.tickets[tid]
        if t["repeat_of_id"]:
            at, event_id = facts.registered(t)
            yield Flag(
                "repeat_visit",
                tid,
                at,
                event_id,
                t["repeat_of__number"] or "",
                t["repeat_of__first_responder_id"],
                t["repeat_of__first_responder_department_id"],
            )
