"""The audit's breach rules and their one registry (see ``base`` for what a rule is).

``RULES`` lists every rule once, in the order the audit page shows them: registration
rules, then activity rules, then deadline rules. Adding a rule is writing it in the
module of its kind and naming it here.
"""

from __future__ import annotations

from firstask.inspection.rules import activity, deadlines, registration
from firstask.inspection.rules.base import PROGRESS_INTERVAL, DayFacts, Flag, Rule
from firstask.inspection.rules.deadlines import CLOCK_KINDS, progress_due

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        registration.incomplete_registration,
        registration.repeat_visit,
        activity.referral_without_note,
        activity.returned_referral,
        activity.dissatisfied,
        activity.closed_without_follow_up,
        activity.forbidden_phrase,
        *deadlines.DEADLINE_RULES_IN_ORDER,
    )
}

DEADLINE_RULES = frozenset(code for code, r in RULES.items() if r.kind == "deadline")


def evaluate(facts: DayFacts) -> list[Flag]:
    """Every flag of the day, one per (rule, ticket), in rule order then time."""
    flags: list[Flag] = []
    for r in RULES.values():
        seen: set[int] = set()
        for flag in sorted(r.check(facts), key=lambda f: (f.at, f.event_id or 0)):
            if flag.ticket_id not in seen:
                seen.add(flag.ticket_id)
                flags.append(flag)
    return flags


__all__ = [
    "CLOCK_KINDS",
    "DEADLINE_RULES",
    "PROGRESS_INTERVAL",
    "RULES",
    "DayFacts",
    "Flag",
    "Rule",
    "evaluate",
    "progress_due",
]
