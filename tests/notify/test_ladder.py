"""Moving the clock produces exactly the expected ladder, once, to the right people.

One business referral (sign for in 1 working day, handle in 3, follow up in 1, due soon
4 office hours before, leader after 2 working days overdue, progress every 24 h) walked
through late November 2026 — a plain fortnight, Monday 16th to Friday 27th.
"""

from __future__ import annotations

import pytest
import time_machine

from firstask.notify.models import Notification, WarningClaim
from firstask.tickets.choices import EventKind
from firstask.tickets.models import TicketEvent
from firstask.workdays.models import DeadlinePolicy
from tests.notify.conftest import at, inbox_of, sweep_at
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def warned(since_pk: int = 0) -> list[tuple[str, int, list[str], list[str]]]:
    """(kind, level, to, cc) of every warning notification after ``since_pk``, in order."""
    rows: dict[int, tuple[str, int, list[str], list[str]]] = {}
    for claim_id, kind, level, user, cc in (
        Notification.objects.filter(pk__gt=since_pk)
        .order_by("warning_id", "cc", "recipient__username")
        .values_list("warning_id", "kind", "level", "recipient__username", "cc")
    ):
        entry = rows.setdefault(claim_id, (kind, level, [], []))
        entry[3 if cc else 2].append(user)
    return list(rows.values())


def step(*when) -> list[tuple[str, int, list[str], list[str]]]:
    """Sweep at ``when``, sweep again at once, return what the first sweep sent."""
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first = sweep_at(*when)
    again = sweep_at(*when)
    assert again.warnings == 0 and again.notifications == 0, "a second sweep sent again"
    sent = warned(last)
    assert first.warnings == len(sent)
    return sent


@pytest.fixture
def referral(calendar_2026, staff, realestate):
    # This department asks for internal progress notes (a policy setting, off by default)
    # and the visitor was promised the end of the month, so signing late does not cut
    # into the handling time.
    DeadlinePolicy.objects.filter(category="business").update(progress_notes_required=True)
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):  # Monday
        ticket = register(
            staff["receptionist"], category="business", promised_at=at(2026, 11, 30, 17, 30)
        )
        return act(
            ticket,
            "refer",
            staff["receptionist"],
            department=realestate,
            handler=None,
            summary="二手房过户",
        )


def test_a_referral_climbs_the_whole_ladder_once(referral, staff):
    ticket = referral
    # Signing for is due Tuesday 17:30; due soon from 13:30 (4 office hours before).
    assert ticket.sign_for_due_at == at(2026, 11, 17, 17, 30)
    assert step(2026, 11, 17, 13, 29) == []
    assert step(2026, 11, 17, 13, 31) == [("sign_for", 1, ["head", "reception"], [])]
    assert step(2026, 11, 17, 17, 29) == []
    assert step(2026, 11, 17, 17, 31) == [("sign_for", 2, ["head"], ["reception"])]

    with time_machine.travel(at(2026, 11, 18, 9, 0), tick=False):  # Wednesday: signed
        ticket = act(ticket, "sign_for", staff["handler"])
    assert ticket.handle_due_at == at(2026, 11, 23, 17, 30)
    assert ticket.progress_due_at == at(2026, 11, 19, 9, 0)
    # The sign-for leader rung (Thursday 17:30) is gone with its clock.
    assert step(2026, 11, 19, 8, 59) == []
    assert step(2026, 11, 19, 9, 1) == [("progress", 2, ["handler"], ["reception"])]

    with time_machine.travel(at(2026, 11, 20, 8, 50), tick=False):  # Friday: a note
        ticket = act(ticket, "post_progress", staff["handler"], note="已受理，材料审核中")
    # 24 h later is Saturday: the office is shut, so it waits for Monday's opening.
    assert ticket.progress_due_at == at(2026, 11, 23, 8, 30)
    assert step(2026, 11, 20, 9, 1) == []
    assert step(2026, 11, 23, 8, 31) == [("progress", 2, ["handler"], ["reception"])]
    assert step(2026, 11, 23, 13, 31) == [("handle", 1, ["handler", "reception"], [])]
    assert step(2026, 11, 23, 17, 31) == [("handle", 2, ["head"], ["handler", "reception"])]
    assert step(2026, 11, 24, 8, 31) == [("progress", 2, ["handler"], ["reception"])]
    assert step(2026, 11, 25, 8, 31) == [("progress", 2, ["handler"], ["reception"])]
    # Two working days of office time after Monday 17:30: Wednesday 17:30.
    assert step(2026, 11, 25, 17, 29) == []
    assert step(2026, 11, 25, 17, 31) == [("handle", 3, ["leader"], ["head"])]

    with time_machine.travel(at(2026, 11, 26, 10, 0), tick=False):  # Thursday: result
        ticket = act(ticket, "record_result", staff["handler"], result="已办结")
    assert ticket.follow_up_due_at == at(2026, 11, 27, 17, 30)
    assert step(2026, 11, 26, 17, 0) == []
    assert step(2026, 11, 27, 13, 31) == [("follow_up", 1, ["reception"], [])]
    # Calling back is the first responder's job: the front desk's head hears of it.
    assert step(2026, 11, 27, 17, 31) == [("follow_up", 2, ["deskhead"], ["reception"])]

    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        ticket = act(
            ticket, "follow_up", staff["receptionist"], method="phone", satisfaction="satisfied"
        )
    assert ticket.next_warning_at is None
    assert step(2026, 12, 31, 17, 31) == []  # no clock, nothing ever again

    claims = WarningClaim.objects.filter(ticket=ticket)
    assert claims.count() == 11
    assert ticket.events.filter(kind=EventKind.WARNING).count() == 11
    assert inbox_of(staff["leader"]) == [("handle", 3, False)]


def test_a_late_sweep_skips_due_soon_but_misses_no_escalation(referral, staff):
    """Beat was down all week: one sweep on Friday sends overdue and leader, not 'soon'."""
    assert step(2026, 11, 20, 10, 0) == [
        ("sign_for", 2, ["head"], ["reception"]),
        ("sign_for", 3, ["leader"], ["head"]),
    ]


def test_an_unanswered_registration_escalates_in_the_first_responders_department(
    calendar_2026, staff
):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):
        register(staff["receptionist"], category="consultation")  # due today 17:30
    assert step(2026, 11, 16, 13, 31) == [("answer", 1, ["reception"], [])]
    assert step(2026, 11, 16, 17, 31) == [("answer", 2, ["deskhead"], ["reception"])]
    assert step(2026, 11, 18, 17, 29) == []
    # The front desk has no supervising leader: its head hears instead, not nobody.
    assert step(2026, 11, 18, 17, 31) == [("answer", 3, ["deskhead"], [])]


def test_a_new_deadline_starts_a_new_ladder(referral, staff, realestate):
    """The claim key includes the deadline: a re-referral warns again, for its own time."""
    assert step(2026, 11, 17, 17, 31) == [("sign_for", 2, ["head"], ["reception"])]
    with time_machine.travel(at(2026, 11, 18, 9, 0), tick=False):
        ticket = act(referral, "return_referral", staff["handler"], reason="not_ours")
        act(
            ticket,
            "refer",
            staff["receptionist"],
            department=realestate,
            handler=None,
            summary="再次转办",
        )
    assert step(2026, 11, 19, 17, 31) == [("sign_for", 2, ["head"], ["reception"])]


def test_warnings_are_events_without_an_actor_with_codes_only(referral):
    sweep_at(2026, 11, 17, 17, 31)
    event = TicketEvent.objects.get(ticket=referral, kind=EventKind.WARNING)
    assert event.actor is None
    assert event.from_state == event.to_state == "referred"
    assert event.data["kind"] == "sign_for" and event.data["level"] == 2
    assert event.data["deadline"] == "2026-11-17T09:30:00+00:00"
    assert event.data["warning_id"] == WarningClaim.objects.get().pk
