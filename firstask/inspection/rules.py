"""The breach rules of the daily audit: one small function each, registered with a code,
a title and a description that the audit page shows next to its flags.

A rule reads the day's facts (``DayFacts``, loaded in a fixed number of queries by
selectors.py) and yields one ``Flag`` per offending ticket, pointing at the event that
triggered it (or, for a missed deadline, at the moment it passed). Which day a flag
belongs to depends on the kind of rule, so that every breach is counted on exactly one
day:

* registration rules — tickets *received* that day;
* activity rules — *events* of that day (a referral, a return, a follow-up, a closure,
  anything staff wrote);
* deadline rules — the stored deadline *passed* that day (before the end of the day, or
  before now for today) without the step it guards.

Flags are attributed to a person and a department for the tables: the first
responder for what they answer for (直接责任), the receiving department (and its
handler) for signing, handling and progress, the writer for forbidden phrases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from firstask.inspection.phrases import PhraseMatcher
from firstask.tickets.choices import EventKind, Satisfaction, State

PROGRESS_INTERVAL = timedelta(hours=24)
REGISTRATION_ESSENTIALS = (("phone", "visitor_phone"), ("matter", "matter_head"))
HANDOVER_SUMMARY_COPY = 500  # the service and the refer form start the slip from matter[:500]


@dataclass(frozen=True)
class Flag:
    rule: str
    ticket_id: int
    at: datetime
    event_id: int | None = None
    detail: str = ""
    staff_id: int | None = None
    department_id: int | None = None


@dataclass
class DayFacts:
    """Everything the rules may look at, already in memory."""

    day: date
    start: datetime
    end: datetime
    as_of: datetime
    tickets: dict[int, dict[str, Any]]
    events: list[dict[str, Any]]  # the day's events, oldest first
    history: dict[int, list[dict[str, Any]]]  # clock events of deadline tickets, oldest first
    matcher: PhraseMatcher
    received: set[int] = field(default_factory=set)
    _registered: dict[int, dict[str, Any]] | None = field(default=None, repr=False)

    def passed_today(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.as_of

    def events_of(self, *kinds: str) -> Iterator[dict[str, Any]]:
        return (e for e in self.events if e["kind"] in kinds and e["ticket_id"] in self.tickets)

    def registered_event(self, ticket_id: int) -> dict[str, Any] | None:
        """The ticket's registration event that day, if it was registered that day."""
        if self._registered is None:
            self._registered = {
                e["ticket_id"]: e for e in self.events if e["kind"] == EventKind.REGISTERED
            }
        return self._registered.get(ticket_id)


@dataclass(frozen=True)
class Rule:
    code: str
    title: Promise
    description: Promise
    kind: str  # registration | activity | deadline
    check: Callable[[DayFacts], Iterator[Flag]]


RULES: dict[str, Rule] = {}


def rule(code: str, title: Promise, description: Promise, kind: str):
    def register(check: Callable[[DayFacts], Iterator[Flag]]):
        RULES[code] = Rule(code, title, description, kind, check)
        return check

    return register


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


def responder_flag(code: str, t: dict, at: datetime, event_id=None, detail="") -> Flag:
    return Flag(
        code,
        t["id"],
        at,
        event_id,
        detail,
        t["first_responder_id"],
        t["first_responder_department_id"],
    )


# --- registration -----------------------------------------------------------------------------


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
            event = facts.registered_event(tid)
            yield responder_flag(
                "incomplete_registration",
                t,
                event["at"] if event else t["received_at"],
                event["id"] if event else None,
                ",".join(missing),
            )


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
            event = facts.registered_event(tid)
            yield Flag(
                "repeat_visit",
                tid,
                event["at"] if event else t["received_at"],
                event["id"] if event else None,
                t["repeat_of__number"] or "",
                t["repeat_of__first_responder_id"],
                t["repeat_of__first_responder_department_id"],
            )


# --- activity -----------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join((text or "").split())


@rule(
    "referral_without_note",
    _("Referral without a handover note"),
    _(
        "Referred with an empty handover summary, or with the registered matter copied "
        "unchanged and no suggestion: the department learns nothing new (交接不清)."
    ),
    "activity",
)
def referral_without_note(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.REFERRED):
        t = facts.tickets[e["ticket_id"]]
        summary = _squash(e["note"])
        copied = summary == _squash(t["matter_head"][:HANDOVER_SUMMARY_COPY])
        if not summary or (copied and not _squash(e["data"].get("suggestion", ""))):
            yield responder_flag("referral_without_note", t, e["at"], e["id"])


@rule(
    "returned_referral",
    _("Returned referral"),
    _(
        "A department sent a referral back to the first responder: check it was not "
        "passed around (推诿风险)."
    ),
    "activity",
)
def returned_referral(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.RETURNED):
        yield Flag(
            "returned_referral",
            e["ticket_id"],
            e["at"],
            e["id"],
            e["data"].get("reason", ""),
            e["actor_id"],
            e["data"].get("department_id"),
        )


@rule(
    "dissatisfied",
    _("Dissatisfied visitor"),
    _("The visitor said they were dissatisfied at the follow-up (不满意)."),
    "activity",
)
def dissatisfied(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.FOLLOWED_UP):
        if e["data"].get("satisfaction") == Satisfaction.DISSATISFIED:
            yield responder_flag("dissatisfied", facts.tickets[e["ticket_id"]], e["at"], e["id"])


@rule(
    "closed_without_follow_up",
    _("Closed without a follow-up"),
    _(
        "Closed with no follow-up on record, or with a follow-up dated before the answer or "
        "result it should have confirmed (未回访即办结)."
    ),
    "activity",
)
def closed_without_follow_up(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.CLOSED):
        t = facts.tickets[e["ticket_id"]]
        outcome = max((m for m in (t["answered_at"], t["result_at"]) if m), default=None)
        followed = t["followed_up_at"]
        if followed is None or (outcome is not None and followed < outcome):
            yield responder_flag("closed_without_follow_up", t, e["at"], e["id"])


@rule(
    "forbidden_phrase",
    _("Forbidden phrase"),
    _(
        "Staff wrote a deflecting phrase (不知道, 不归我管, 没办法, 我不管 or one on the "
        "managers' list) in an answer, handover slip, result, return, follow-up or note."
    ),
    "activity",
)
def forbidden_phrase(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events:
        if e["ticket_id"] not in facts.tickets:
            continue
        hits = [hit for text in _staff_texts(e) for hit in facts.matcher.find(text)]
        if hits:
            detail = "、".join(dict.fromkeys(f"{h.phrase}（…{h.excerpt}…）" for h in hits))
            yield Flag(
                "forbidden_phrase",
                e["ticket_id"],
                e["at"],
                e["id"],
                detail,
                e["actor_id"],
                e["actor_department_id"],
            )


def _staff_texts(event: dict) -> list[str]:
    """What staff wrote in this event. The transition service copies every staff text —
    answer, handover summary and suggestion, return explanation, progress note, result,
    follow-up remarks, void reason — into the event, so the events are the whole record.
    The visitor's own words (the matter) are never scanned; an assignment's note is the
    earlier summary copied, not new wording."""
    data = event["data"] or {}
    texts = [] if event["kind"] == EventKind.ASSIGNED else [event["note"]]
    texts.append(data.get("suggestion") or "")
    texts.extend(str(item) for item in data.get("missing_items") or [])
    return [t for t in texts if t]


# The deadline rules live in their own module (they share this registry); importing it
# here registers them after the rules above, in the order the page lists them.
from firstask.inspection.deadline_rules import (  # noqa: E402
    CLOCK_KINDS,
    DEADLINE_RULES,
    progress_due,
)

__all__ = ["CLOCK_KINDS", "DEADLINE_RULES", "RULES", "DayFacts", "Flag", "evaluate", "progress_due"]
