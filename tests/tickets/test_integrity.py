"""The auditor's integrity check: clean on real lifecycles, and each kind of damage
planted behind the services' back is found and named by the inquiry's number."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from firstask.core.models import IntegrityRun
from firstask.notify.choices import WarningKind
from firstask.notify.integrity import run_and_report
from firstask.notify.models import Notification
from firstask.tickets import services
from firstask.tickets.choices import EventKind, State
from firstask.tickets.integrity import check_integrity
from firstask.tickets.models import Answer, DaySequence, Ticket, TicketEvent
from firstask.workdays.services import seed_calendar
from tests.tickets.conftest import act, extend, register

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def lifecycles(receptionist, realestate, handler, department_head, general_office, office_head):
    """One inquiry down every road the service offers, on one day."""
    seed_calendar([2026])
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=SH), tick=False):
        on_the_spot = services.register_ticket(
            actor=receptionist,
            data={"channel": "walk_in", "category": "consultation", "matter": "问路"},
            answer_on_the_spot="三楼",
        )
        referred = register(receptionist)
        act(referred, "refer", receptionist, department=realestate, handler=None, summary="过户")
        act(referred, "sign_for", handler)
        act(referred, "post_progress", handler, note="已调档")
        until = datetime(2026, 11, 30, 17, 0, tzinfo=SH)
        extend(referred, handler, department_head, until)
        act(referred, "record_result", handler, result="已办结")
        act(referred, "follow_up", receptionist, method="phone", satisfaction="satisfied")
        act(referred, "close", receptionist)
        returned = register(receptionist)
        act(returned, "refer", receptionist, department=realestate, handler=None, summary="x")
        act(returned, "return_referral", handler, reason="not_ours", note="非本科室")
        act(returned, "refer", receptionist, department=None, handler=None, summary="x")
        act(returned, "assign", office_head, department=realestate, handler=None)
        voided = register(receptionist)
        act(voided, "void", receptionist, reason="重复登记")
        services.reveal_phone(ticket=Ticket.objects.get(pk=voided.pk), actor=receptionist)
    return {
        "on_the_spot": on_the_spot,
        "referred": referred,
        "returned": returned,
        "voided": voided,
    }


def flagged(check: str) -> set[str]:
    report = check_integrity()
    assert report.counts[check] >= 1, report.counts
    return {v.subject for v in report.of(check)}


def test_real_lifecycles_are_clean(lifecycles):
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]
    assert Ticket.objects.get(pk=lifecycles["referred"].pk).state == State.CLOSED


def test_the_check_is_a_fixed_number_of_queries(
    lifecycles, receptionist, django_assert_num_queries
):
    """Set-based: the statements do not grow with the number of inquiries."""
    with django_assert_num_queries(9):
        check_integrity()
    for _ in range(5):
        register(receptionist)
    with django_assert_num_queries(9):
        check_integrity()


def test_missing_registration_event(lifecycles):
    ticket = lifecycles["voided"]
    TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REGISTERED).delete()
    assert ticket.number in flagged("first_event")


def test_inquiry_without_any_event(lifecycles):
    ticket = register(lifecycles["voided"].first_responder)
    TicketEvent.objects.filter(ticket=ticket).delete()
    assert ticket.number in flagged("first_event")


def test_second_registration_event(lifecycles):
    ticket = lifecycles["on_the_spot"]
    TicketEvent.objects.create(
        ticket=ticket, kind=EventKind.REGISTERED, from_state="", to_state=State.RECEIVED
    )
    assert ticket.number in flagged("registrations")


def test_event_recording_a_step_its_kind_cannot_take(lifecycles):
    """What defect 6 wrote: a follow-up that reads referred → referred."""
    ticket = lifecycles["returned"]
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.FOLLOWED_UP,
        from_state=State.REFERRED,
        to_state=State.REFERRED,
    )
    assert ticket.number in flagged("event_states")


def test_broken_state_chain(lifecycles):
    ticket = lifecycles["returned"]  # referred now
    TicketEvent.objects.create(
        ticket=ticket, kind=EventKind.WARNING, from_state=State.ANSWERED, to_state=State.ANSWERED
    )
    assert ticket.number in flagged("state_chain")


def test_state_changed_without_an_event(lifecycles):
    ticket = lifecycles["returned"]
    Ticket.objects.filter(pk=ticket.pk).update(state=State.CLOSED)
    assert ticket.number in flagged("current_state")


def test_version_out_of_step_with_transitions(lifecycles):
    ticket = lifecycles["referred"]
    Ticket.objects.filter(pk=ticket.pk).update(version=F("version") + 1)
    assert ticket.number in flagged("version")


def test_detail_row_without_its_event(lifecycles):
    ticket = lifecycles["on_the_spot"]
    Answer.objects.filter(ticket=ticket).delete()
    report = check_integrity()
    (violation,) = report.of("detail_rows")
    assert violation.subject == ticket.number
    assert "answers / answered events: 0 ≠ 1" in violation.detail


def test_counter_out_of_step_with_events(lifecycles):
    ticket = lifecycles["returned"]
    Ticket.objects.filter(pk=ticket.pk).update(return_count=0)
    assert ticket.number in flagged("detail_rows")


def test_gap_in_the_day_numbers(lifecycles):
    ticket = lifecycles["voided"]  # 20261116-0004 of four
    Ticket.objects.filter(pk=ticket.pk).update(number="20261116-0006")
    DaySequence.objects.update(last=6)
    report = check_integrity()
    (violation,) = report.of("numbering")
    assert violation.subject == "20261116"
    assert "2 missing" in violation.detail


def test_day_counter_behind_the_numbers(lifecycles):
    DaySequence.objects.update(last=F("last") - 1)
    assert flagged("numbering") == {"20261116"}


def test_command_exits_non_zero_and_lists_violations(lifecycles):
    ticket = lifecycles["referred"]
    Ticket.objects.filter(pk=ticket.pk).update(version=99)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_integrity", stdout=out)
    assert exit_.value.code == 1
    assert f"version: {ticket.number}: version 99" in out.getvalue()
    assert IntegrityRun.objects.get().violations == 1


def test_command_is_quiet_and_zero_when_clean(lifecycles):
    out = StringIO()
    call_command("check_integrity", "--no-record", stdout=out)
    assert "integrity: ok" in out.getvalue()
    assert not IntegrityRun.objects.exists()


def test_beat_task_tells_the_managers_and_healthz(lifecycles, manager, client):
    assert run_and_report().violations == 0
    assert not Notification.objects.exists()
    Ticket.objects.filter(pk=lifecycles["referred"].pk).update(version=99)
    with time_machine.travel(datetime.now(SH) + timedelta(minutes=1), tick=False):
        run = run_and_report()
    assert run.violations == 1
    (notice,) = Notification.objects.all()
    assert notice.recipient == manager and notice.kind == WarningKind.INTEGRITY
    client.force_login(manager)
    page = client.get(reverse("notify:inbox")).content.decode()
    assert "check_integrity" in page
    assert client.get(reverse("healthz")).json()["integrity_violations"] == 1


def test_dissatisfied_follow_up_history_is_clean(lifecycles, receptionist, handler, realestate):
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None)
    act(ticket, "sign_for", handler)
    act(ticket, "record_result", handler, result="已办结")
    act(ticket, "follow_up", receptionist, method="phone", satisfaction="dissatisfied")
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]


def test_merge_and_unmerge_keep_the_records_consistent(
    lifecycles, receptionist, realestate, manager, general_office
):
    """Casework (issue 13) bumps the duplicate's version on merge and unmerge and writes
    no-step notes on the survivor: all of it passes the check."""
    from firstask.tickets import casework
    from tests.tickets.test_casework import make_desk_head

    survivor = register(receptionist)
    act(survivor, "refer", receptionist, department=realestate, handler=None, summary="过户")
    duplicate = register(receptionist, matter="同一事项再次登记")
    act(duplicate, "answer", receptionist, kind="on_the_spot", text="已答复")
    casework.merge(
        duplicate_id=duplicate.pk,
        survivor_number=survivor.number,
        actor=make_desk_head(receptionist),
        reason="重复登记",
    )
    assert check_integrity().ok
    casework.unmerge(ticket_id=duplicate.pk, actor=manager, reason="并错了")
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]


def test_actions_that_keep_the_state_keep_the_records_consistent(
    receptionist, realestate, social, handler, department_head, leader
):
    """Pause, resume, a chase, a co-department, a 督办 order and telling the visitor of an
    extended item go through the one service too, which bumps the version: the check
    counts them as transitions (it flagged every chased inquiry before)."""
    from firstask.tickets import casework

    seed_calendar([2026])
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=SH), tick=False):
        ticket = register(receptionist)
        act(ticket, "pause", receptionist, reason="等待补交材料")
        act(ticket, "resume", receptionist)
        act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户")
        act(ticket, "sign_for", handler)
        casework.chase(ticket_id=ticket.pk, actor=receptionist, note="请加快")
        casework.add_co_department(ticket_id=ticket.pk, actor=receptionist, department=social)
        casework.issue_supervision(
            ticket_id=ticket.pk,
            actor=leader,
            addressee_id=handler.pk,
            instruction="请尽快办理",
            reply_due_at=datetime(2026, 11, 17, 9, 0, tzinfo=SH),
        )
        until = datetime(2026, 11, 30, 17, 0, tzinfo=SH)
        extend(ticket, handler, department_head, until)
        act(ticket, "contact_visitor", handler, method="phone", note="正在审核")
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]
