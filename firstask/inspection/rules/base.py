"""The breach rules of the daily audit: one small function each, with a code, a title
and a description that the audit page shows next to its flags.

This package: ``base`` (what a rule reads and yields), ``registration``, ``activity``
and ``deadlines`` (the rules), and ``__init__`` (``RULES``, the one registry that lists
them in the page's order, and ``evaluate``). A rule module only defines rules; nothing
registers itself by being imported.

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

from firstask.inspection.phrases import PhraseMatcher
from firstask.tickets.choices import EventKind

PROGRESS_INTERVAL = timedelta(hours=24)


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

    def registered(self, t: dict[str, Any]) -> tuple[datetime, int | None]:
        """When a received ticket was registered and by which event: its registration
        event that day, else (an event of another day, or none) its receipt time."""
        if self._registered is None:
            self._registered = {
                e["ticket_id"]: e for e in self.events if e["kind"] == EventKind.REGISTERED
            }
        event = self._registered.get(t["id"])
        return (event["at"], event["id"]) if event else (t["received_at"], None)


@dataclass(frozen=True)
class Rule:
    code: str
    title: Promise
    description: Promise
    kind: str  # registration | activity | deadline
    check: Callable[[DayFacts], Iterator[Flag]]


def rule(code: str, title: Promise, description: Promise, kind: str):
    """Make the decorated check a ``Rule``; the package's ``RULES`` lists it."""

    def make(check: Callable[[DayFacts], Iterator[Flag]]) -> Rule:
        return Rule(code, title, description, kind, check)

    return make


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


def writer_flag(code: str, e: dict, detail: str, department_id: int | None) -> Flag:
    """A flag on whoever wrote the event (and the department named for it)."""
    return Flag(code, e["ticket_id"], e["at"], e["id"], detail, e["actor_id"], department_id)


def department_flag(code: str, t: dict, due: datetime, start: dict | None) -> Flag:
    """A flag on the receiving department (and its handler) the step was referred to."""
    data = (start or {}).get("data") or {}
    return Flag(
        code,
        t["id"],
        due,
        None,
        "",
        data.get("handler_id") or t["referred_handler_id"],
        data.get("department_id") or t["referred_department_id"],
    )
