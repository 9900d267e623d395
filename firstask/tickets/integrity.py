"""What an auditor would verify about the inquiry records, as a handful of SQL queries.

Each check is one set-based statement (aggregates and a window function, which SQLite
≥ 3.25 and PostgreSQL both run), never a Python loop per ticket, so the whole check
reads a million inquiries in a few table scans. It answers:

- ``first_event``   every inquiry's first event (append order) is its one registration,
                    from nothing to ``received``;
- ``registrations`` there is exactly one registration event per inquiry;
- ``event_states``  each event's from/to is a step its kind can take (a follow-up ends
                    in ``followed_up``, a reopening starts there; a warning changes nothing);
- ``state_chain``   each event starts in the state the previous event ended in;
- ``current_state`` the inquiry's state is the state its last event ended in;
- ``version``       ``Ticket.version`` is 1 + the number of transitions (each call of
                    ``services.ticket_transition`` adds one and writes one transition
                    event; a dissatisfied follow-up's ``reopened`` event is part of the
                    same call, warnings and phone reveals are not transitions);
- ``detail_rows``   handover slips, answers, follow-ups and extension requests match
                    their events, and the ticket's counters match too;
- ``numbering``     numbers are unique and gap-free per day, and the day counter
                    equals the highest number handed out.

Used by ``manage.py check_integrity``, the nightly beat task (notify) and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections

from firstask.tickets.choices import EventKind, State
from firstask.tickets.models import (
    Answer,
    DaySequence,
    ExtensionRequest,
    FollowUp,
    Referral,
    Ticket,
    TicketEvent,
)

# One event per ``ticket_transition`` call: the version counts exactly these.
TRANSITION_EVENTS = (
    EventKind.ANSWERED,
    EventKind.REFERRED,
    EventKind.ASSIGNED,
    EventKind.SIGNED_FOR,
    EventKind.RETURNED,
    EventKind.PROGRESS,
    EventKind.RESULT,
    EventKind.FOLLOWED_UP,
    EventKind.CLOSED,
    EventKind.VOIDED,
    EventKind.EXTENSION_REQUESTED,
    EventKind.EXTENSION_APPROVED,
    EventKind.EXTENSION_REFUSED,
    EventKind.MERGED,  # the duplicate's; the survivor's ``merged_in`` is a note
    # Actions that keep the state are transitions too (they go through the service):
    EventKind.PAUSED,
    EventKind.RESUMED,
    EventKind.VISITOR_CONTACTED,
    EventKind.CHASED,
    EventKind.CO_ADDED,
    EventKind.SUPERVISION_ISSUED,
)
# unmerge bumps the duplicate's version (its event starts in ``merged``) and writes a
# no-step note on the survivor: only the former is a transition.
UNMERGE_TRANSITION = f"(kind = '{EventKind.UNMERGED}' AND from_state = '{State.MERGED}')"
CHECKS = (
    "first_event",
    "registrations",
    "event_states",
    "state_chain",
    "current_state",
    "version",
    "detail_rows",
    "numbering",
)
EXAMPLES_PER_CHECK = 20

_OPEN = (State.RECEIVED, State.ANSWERED, State.REFERRED, State.FOLLOWED_UP)
# The (from states, to states) each kind of event may record, after the model's
# transitions. Kinds not listed here (added by later features) are not constrained.
EVENT_STEPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    EventKind.REGISTERED: (("",), (State.RECEIVED,)),
    EventKind.ANSWERED: ((State.RECEIVED,), (State.ANSWERED,)),
    EventKind.REFERRED: ((State.RECEIVED,), (State.REFERRED,)),
    EventKind.ASSIGNED: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.SIGNED_FOR: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.RETURNED: ((State.REFERRED,), (State.RECEIVED,)),
    EventKind.PROGRESS: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.RESULT: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.FOLLOWED_UP: ((State.ANSWERED, State.REFERRED), (State.FOLLOWED_UP,)),
    EventKind.REOPENED: ((State.FOLLOWED_UP,), (State.REFERRED, State.RECEIVED)),
    EventKind.CLOSED: ((State.FOLLOWED_UP,), (State.CLOSED,)),
    EventKind.VOIDED: (_OPEN, (State.VOID,)),
    EventKind.EXTENSION_REQUESTED: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.EXTENSION_APPROVED: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.EXTENSION_REFUSED: ((State.REFERRED,), (State.REFERRED,)),
    EventKind.MERGED: (_OPEN, (State.MERGED,)),
}
EXTENSION_DECISIONS = (EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REFUSED)
# Records that change nothing: they must say so (from = to).
NO_STEP_EVENTS = (
    EventKind.PHONE_REVEALED,
    EventKind.WARNING,
    EventKind.NOTE,
    EventKind.MERGED_IN,
    EventKind.SUPERVISION_ISSUED,
    EventKind.SUPERVISION_REPLIED,
    EventKind.CHASED,
    EventKind.CO_ADDED,
    EventKind.CO_SIGNED,
    EventKind.CO_REPORTED,
    EventKind.ATTACHED,
    EventKind.STATUS_CODE,
)


@dataclass(frozen=True)
class Violation:
    check: str
    subject: str  # the inquiry's number, or the day for numbering
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "subject": self.subject, "detail": self.detail}


@dataclass
class IntegrityReport:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))
    examples: list[Violation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return self.total == 0

    def of(self, check: str) -> list[Violation]:
        return [v for v in self.examples if v.check == check]


def _tables(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "T": quote(Ticket._meta.db_table),
        "E": quote(TicketEvent._meta.db_table),
        "R": quote(Referral._meta.db_table),
        "A": quote(Answer._meta.db_table),
        "F": quote(FollowUp._meta.db_table),
        "X": quote(ExtensionRequest._meta.db_table),
        "S": quote(DaySequence._meta.db_table),
    }


def _in(kinds) -> str:
    # Codes are our own constants (letters and underscores), never user input.
    assert all(re.fullmatch(r"[a-z_]+", str(k)) for k in kinds)
    return "(" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _count(kind: str, alias: str) -> str:
    return f"SUM(CASE WHEN kind = '{kind}' THEN 1 ELSE 0 END) AS {alias}"


def _allowed_steps_violated() -> str:
    """A WHERE clause true for an event whose from/to its kind cannot take."""
    allowed = [
        f"(v.kind = '{kind}' AND v.from_state IN {_in_states(froms)}"
        f" AND v.to_state IN {_in_states(tos)})"
        for kind, (froms, tos) in EVENT_STEPS.items()
    ]
    constrained = _in([*EVENT_STEPS, *NO_STEP_EVENTS])
    return (
        f"(v.kind IN {constrained} AND NOT ({' OR '.join(allowed)}"
        f" OR (v.kind IN {_in(NO_STEP_EVENTS)} AND v.from_state = v.to_state)))"
    )


def _in_states(states) -> str:
    assert all(re.fullmatch(r"[a-z_]*", str(s)) for s in states)
    return "(" + ", ".join(f"'{s}'" for s in states) + ")"


def _event_totals_sql() -> str:
    """Per inquiry: first and last event, and how many events of each kind that matters."""
    return f"""
        SELECT ticket_id, MIN(id) AS first_id, MAX(id) AS last_id,
               {_count(EventKind.REGISTERED, "registrations")},
               SUM(CASE WHEN kind IN {_in(TRANSITION_EVENTS)} OR {UNMERGE_TRANSITION}
                   THEN 1 ELSE 0 END) AS transitions,
               SUM(CASE WHEN kind IN {_in((EventKind.REFERRED, EventKind.ASSIGNED))}
                   THEN 1 ELSE 0 END) AS slips,
               {_count(EventKind.REFERRED, "referred")},
               {_count(EventKind.RETURNED, "returned")},
               {_count(EventKind.REOPENED, "reopened")},
               {_count(EventKind.ANSWERED, "answered")},
               {_count(EventKind.FOLLOWED_UP, "followed_up")},
               {_count(EventKind.EXTENSION_REQUESTED, "ext_requested")},
               SUM(CASE WHEN kind IN {_in(EXTENSION_DECISIONS)} THEN 1 ELSE 0 END) AS ext_decided
        FROM {{E}} GROUP BY ticket_id
    """


def _queries() -> dict[str, tuple[str, list]]:
    """check → (SELECT of the offending rows: subject, then detail columns; params)."""
    totals = _event_totals_sql()
    return {
        "first_event": (
            f"""
            SELECT t.number, f.kind, f.from_state, f.to_state
            FROM {{T}} t
            LEFT JOIN ({totals}) e ON e.ticket_id = t.id
            LEFT JOIN {{E}} f ON f.id = e.first_id
            WHERE f.id IS NULL OR f.kind <> %s OR f.from_state <> '' OR f.to_state <> %s
            """,
            [EventKind.REGISTERED, State.RECEIVED],
        ),
        "registrations": (
            f"""
            SELECT t.number, e.registrations
            FROM {{T}} t JOIN ({totals}) e ON e.ticket_id = t.id
            WHERE e.registrations > 1
            """,
            [],
        ),
        "event_states": (
            f"""
            SELECT t.number, v.kind, v.from_state, v.to_state
            FROM {{E}} v JOIN {{T}} t ON t.id = v.ticket_id
            WHERE {_allowed_steps_violated()}
            """,
            [],
        ),
        "state_chain": (
            """
            SELECT t.number, c.kind, c.from_state, c.previous_to
            FROM (
                SELECT ticket_id, id, kind, from_state,
                       LAG(to_state) OVER (PARTITION BY ticket_id ORDER BY id) AS previous_to
                FROM {E}
            ) c JOIN {T} t ON t.id = c.ticket_id
            WHERE c.previous_to IS NOT NULL AND c.from_state <> c.previous_to
            """,
            [],
        ),
        "current_state": (
            f"""
            SELECT t.number, t.state, l.to_state
            FROM {{T}} t
            JOIN ({totals}) e ON e.ticket_id = t.id
            JOIN {{E}} l ON l.id = e.last_id
            WHERE l.to_state <> t.state
            """,
            [],
        ),
        "version": (
            f"""
            SELECT t.number, t.version, COALESCE(e.transitions, 0) + 1
            FROM {{T}} t LEFT JOIN ({totals}) e ON e.ticket_id = t.id
            WHERE t.version <> COALESCE(e.transitions, 0) + 1
            """,
            [],
        ),
        "detail_rows": (
            f"""
            SELECT t.number,
                   COALESCE(r.n, 0), COALESCE(e.slips, 0),
                   COALESCE(a.n, 0), COALESCE(e.answered, 0),
                   COALESCE(f.n, 0), COALESCE(e.followed_up, 0),
                   COALESCE(x.n, 0), COALESCE(e.ext_requested, 0),
                   COALESCE(x.decided, 0), COALESCE(e.ext_decided, 0),
                   t.referral_count, COALESCE(e.referred, 0),
                   t.return_count, COALESCE(e.returned, 0),
                   t.redo_count, COALESCE(e.reopened, 0)
            FROM {{T}} t
            LEFT JOIN ({totals}) e ON e.ticket_id = t.id
            LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM {{R}} GROUP BY ticket_id) r
                   ON r.ticket_id = t.id
            LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM {{A}} GROUP BY ticket_id) a
                   ON a.ticket_id = t.id
            LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM {{F}} GROUP BY ticket_id) f
                   ON f.ticket_id = t.id
            LEFT JOIN (SELECT ticket_id, COUNT(*) AS n,
                              SUM(CASE WHEN decided_at IS NULL THEN 0 ELSE 1 END) AS decided
                       FROM {{X}} GROUP BY ticket_id) x ON x.ticket_id = t.id
            WHERE COALESCE(r.n, 0) <> COALESCE(e.slips, 0)
               OR COALESCE(a.n, 0) <> COALESCE(e.answered, 0)
               OR COALESCE(f.n, 0) <> COALESCE(e.followed_up, 0)
               OR COALESCE(x.n, 0) <> COALESCE(e.ext_requested, 0)
               OR COALESCE(x.decided, 0) <> COALESCE(e.ext_decided, 0)
               OR t.referral_count <> COALESCE(e.referred, 0)
               OR t.return_count <> COALESCE(e.returned, 0)
               OR t.redo_count <> COALESCE(e.reopened, 0)
            """,
            [],
        ),
    }


DETAIL_PAIRS = (
    "handover slips / referred+assigned events",
    "answers / answered events",
    "follow-ups / followed_up events",
    "extension requests / extension_requested events",
    "decided extensions / extension decision events",
    "referral_count / referred events",
    "return_count / returned events",
    "redo_count / reopened events",
)


def _describe(check: str, row: tuple) -> str:
    if check == "first_event":
        kind, from_state, to_state = row
        if kind is None:
            return "no events at all"
        return f"first event is {kind} ({from_state or '∅'} → {to_state})"
    if check == "registrations":
        return f"{row[0]} registration events"
    if check == "event_states":
        kind, from_state, to_state = row
        return f"{kind} recorded as {from_state or '∅'} → {to_state or '∅'}"
    if check == "state_chain":
        kind, from_state, previous_to = row
        return f"{kind} starts in {from_state or '∅'}, previous event ended in {previous_to}"
    if check == "current_state":
        return f"inquiry is {row[0]}, its last event ended in {row[1]}"
    if check == "version":
        return f"version {row[0]}, expected {row[1]}"
    if check == "detail_rows":
        pairs = zip(row[0::2], row[1::2], strict=True)
        return "; ".join(
            f"{label}: {rows} ≠ {events}"
            for label, (rows, events) in zip(DETAIL_PAIRS, pairs, strict=True)
            if rows != events
        )
    return ""


def _run(
    connection, check: str, sql: str, params: list, report: IntegrityReport, limit: int
) -> None:
    sql = sql.format(**_tables(connection))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) q", params)
        (count,) = cursor.fetchone()
        report.counts[check] = count
        if count:
            cursor.execute(f"{sql} ORDER BY 1 LIMIT {int(limit)}", params)
            for row in cursor.fetchall():
                report.examples.append(Violation(check, str(row[0]), _describe(check, row[1:])))


def _check_numbering(connection, report: IntegrityReport, limit: int) -> None:
    """Per day: numbers 1..n with none twice and none missing; the counter is at n.

    The aggregate is per day (a few hundred rows a year), so comparing with the day
    counters happens here rather than in dialect-specific date SQL.
    """
    tables = _tables(connection)
    sql = f"""
        SELECT SUBSTR(number, 1, 8) AS day, COUNT(*) AS n,
               COUNT(DISTINCT number) AS distinct_numbers,
               MIN(CAST(SUBSTR(number, 10) AS INTEGER)) AS lowest,
               MAX(CAST(SUBSTR(number, 10) AS INTEGER)) AS highest
        FROM {tables["T"]} GROUP BY SUBSTR(number, 1, 8)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        days = cursor.fetchall()
    counters = {
        f"{day:%Y%m%d}": last
        for day, last in DaySequence.objects.using(connection.alias).values_list("day", "last")
    }
    found = []
    for day, n, distinct_numbers, lowest, highest in days:
        problems = []
        if distinct_numbers != n:
            problems.append(f"{n - distinct_numbers} numbers used twice")
        if lowest != 1 or highest != distinct_numbers:
            problems.append(
                f"{distinct_numbers} inquiries numbered {lowest:04d}–{highest:04d} "
                f"({max(highest - distinct_numbers, 0) + max(lowest - 1, 0)} missing)"
            )
        counter = counters.pop(day, None)
        if counter != highest:
            problems.append(f"day counter at {counter}, highest number {highest}")
        if problems:
            found.append(Violation("numbering", day, "; ".join(problems)))
    for day, counter in counters.items():
        if counter:
            found.append(Violation("numbering", day, f"day counter at {counter}, no inquiries"))
    found.sort(key=lambda v: v.subject)
    report.counts["numbering"] = len(found)
    report.examples.extend(found[:limit])


def check_integrity(
    *, limit: int = EXAMPLES_PER_CHECK, using: str = DEFAULT_DB_ALIAS
) -> IntegrityReport:
    """Run every check on database ``using`` (a restored copy, say); ``limit`` examples
    are kept per check, every violation is counted."""
    connection = connections[using]
    report = IntegrityReport()
    for check, (sql, params) in _queries().items():
        _run(connection, check, sql, [str(p) for p in params], report, limit)
    _check_numbering(connection, report, limit)
    return report
