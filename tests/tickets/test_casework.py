"""督办, 催办, 协办 and merge through their services: who may, what is written, and
the guarantees the issue asks for (a merge keeps every event and can be undone)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from firstask.notify.models import Notification
from firstask.tickets import casework
from firstask.tickets.casework_selectors import chases_per_department, supervision_totals
from firstask.tickets.choices import State
from firstask.tickets.models import Chase, Ticket, TicketEvent
from tests.factories import make_head
from tests.tickets.conftest import act, register, supervise

pytestmark = pytest.mark.django_db


def reread(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def kinds(ticket) -> list[str]:
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    )


# --- 督办 ---------------------------------------------------------------------------------


def issue_order(ticket, leader, addressee, hours=4):
    return supervise(ticket, leader, addressee, hours, instruction="请于今日内答复来访人")


def test_a_leader_issues_an_order_and_the_handler_replies(signed, leader, handler):
    order = issue_order(signed, leader, handler)
    assert Notification.objects.filter(recipient=handler, kind="supervision").count() == 1
    casework.reply_supervision(order_id=order.pk, actor=handler, reply="已联系来访人，明日办结")
    order.refresh_from_db()
    assert order.replied_at and order.replied_by == handler and order.next_warning_at is None
    assert kinds(signed)[-2:] == ["supervision_issued", "supervision_replied"]
    assert Notification.objects.filter(recipient=leader, kind="supervision").count() == 1


def test_a_head_supervises_only_their_departments_inquiries(signed, department_head, handler):
    issue_order(signed, department_head, handler)  # referred to their department
    other = register(department_head)  # registered in their department too
    issue_order(other, department_head, department_head)


@pytest.mark.parametrize("who", ["receptionist", "outsider", "inspector", "handler"])
def test_others_may_not_supervise(request, signed, handler, who):
    with pytest.raises(PermissionDenied):
        issue_order(signed, request.getfixturevalue(who), handler)


def test_only_the_addressee_replies(signed, leader, handler, receptionist):
    order = issue_order(signed, leader, handler)
    with pytest.raises(PermissionDenied):
        casework.reply_supervision(order_id=order.pk, actor=receptionist, reply="x")


def test_a_second_reply_is_already_done(signed, leader, handler):
    order = issue_order(signed, leader, handler)
    casework.reply_supervision(order_id=order.pk, actor=handler, reply="好")
    with pytest.raises(casework.AlreadyDone):
        casework.reply_supervision(order_id=order.pk, actor=handler, reply="再次")


def test_an_order_must_go_to_someone_answerable_with_a_future_deadline(
    signed, leader, outsider, handler
):
    with pytest.raises(ValidationError):
        issue_order(signed, leader, outsider)
    with pytest.raises(ValidationError):
        issue_order(signed, leader, handler, hours=-1)


def test_an_overdue_order_reaches_the_leader_exactly_once(signed, leader, handler, time_machine):
    from firstask.notify.supervision import sweep_supervision
    from firstask.notify.tasks import sweep_warnings_task

    time_machine.move_to(timezone.now(), tick=False)
    issue_order(signed, leader, handler, hours=2)
    assert sweep_supervision() == 0  # not yet due
    time_machine.shift(timedelta(hours=3))
    assert sweep_supervision() == 1
    assert sweep_supervision() == 0
    sweep_warnings_task()  # beat runs it too: still nothing new
    warned = Notification.objects.filter(kind="supervision", level=2)
    assert list(warned.filter(recipient=leader).values_list("cc", flat=True)) == [False]
    assert warned.filter(recipient=handler).count() == 1
    assert (
        TicketEvent.objects.filter(ticket=signed, kind="warning", data__kind="supervision").count()
        == 1
    )


def test_a_replied_order_is_never_warned(signed, leader, handler, time_machine):
    from firstask.notify.supervision import sweep_supervision

    time_machine.move_to(timezone.now(), tick=False)
    order = issue_order(signed, leader, handler, hours=1)
    casework.reply_supervision(order_id=order.pk, actor=handler, reply="已办")
    time_machine.shift(timedelta(hours=2))
    assert sweep_supervision() == 0


def test_orders_are_counted_for_measures(signed, leader, handler):
    start = timezone.now() - timedelta(days=1)
    order = issue_order(signed, leader, handler)
    issue_order(signed, leader, handler, hours=8)
    casework.reply_supervision(order_id=order.pk, actor=handler, reply="已办")
    totals = supervision_totals(start, timezone.now() + timedelta(days=1))
    assert totals == {"issued": 2, "answered_on_time": 1, "answered_late": 0, "overdue_open": 0}


# --- 催办 ---------------------------------------------------------------------------------


def test_the_first_responder_chases_the_department(
    referred, receptionist, department_head, realestate
):
    casework.chase(ticket_id=referred.pk, actor=receptionist, note="来访人再次来电询问")
    assert kinds(referred)[-1] == "chased"
    # Nobody named as handler yet: the head is told.
    assert Notification.objects.filter(recipient=department_head, kind="chase").count() == 1
    casework.chase(ticket_id=referred.pk, actor=receptionist)
    rows = chases_per_department(
        timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)
    )
    assert rows == [
        {"department_id": realestate.pk, "department__name": "不动产登记科", "chases": 2}
    ]


def test_the_named_handler_is_told_of_a_chase(signed, receptionist, handler):
    casework.chase(ticket_id=signed.pk, actor=receptionist)
    assert Notification.objects.filter(recipient=handler, kind="chase", cc=False).count() == 1


def test_the_general_office_chases_too(referred, office_head):
    casework.chase(ticket_id=referred.pk, actor=office_head)
    assert Chase.objects.count() == 1


@pytest.mark.parametrize("who", ["handler", "outsider", "inspector"])
def test_others_may_not_chase(request, referred, who):
    with pytest.raises(PermissionDenied):
        casework.chase(ticket_id=referred.pk, actor=request.getfixturevalue(who))


def test_nothing_to_chase_once_the_result_is_in(with_result, receptionist):
    with pytest.raises(PermissionDenied):
        casework.chase(ticket_id=with_result.pk, actor=receptionist)


# --- 协办 ---------------------------------------------------------------------------------


def test_a_co_department_signs_for_and_reports_its_part(
    signed, receptionist, outsider, social, handler
):
    co = casework.add_co_department(
        ticket_id=signed.pk, actor=receptionist, department=social, request="核实社保缴纳记录"
    )
    # The co-department's handler now sees the inquiry.
    from firstask.tickets import permissions as perms
    from firstask.tickets.selectors import visible_tickets

    assert visible_tickets(outsider).filter(pk=signed.pk).exists()
    assert perms.can_view(reread(signed), outsider)
    casework.sign_part(co_id=co.pk, actor=outsider)
    casework.report_part(co_id=co.pk, actor=outsider, part="社保记录已核实，连续缴纳")
    co.refresh_from_db()
    assert co.reported_by == outsider and co.part.startswith("社保")
    assert Notification.objects.filter(recipient=handler, kind="co_handling").count() == 1
    act(signed, "record_result", handler, result="已办结")
    result = TicketEvent.objects.filter(ticket=signed, kind="result").get()
    assert result.data["parts_missing"] == []


def test_a_result_before_the_parts_are_in_notes_what_is_missing(
    signed, receptionist, social, handler
):
    casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=social)
    act(signed, "record_result", handler, result="主办部分已完成")
    result = TicketEvent.objects.filter(ticket=signed, kind="result").get()
    assert result.data["parts_missing"] == ["社会保障科"]


def test_only_the_co_department_reports_its_part(signed, receptionist, social, handler):
    co = casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=social)
    with pytest.raises(PermissionDenied):
        casework.report_part(co_id=co.pk, actor=handler, part="代填")


def test_the_lead_department_cannot_be_its_own_co_department(signed, receptionist, realestate):
    with pytest.raises(ValidationError):
        casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=realestate)


# --- 合并 ---------------------------------------------------------------------------------


@pytest.fixture
def two_registrations(receptionist, handler, realestate):
    survivor = register(receptionist)
    act(survivor, "refer", receptionist, department=realestate, handler=None, summary="过户")
    duplicate = register(receptionist, matter="同一事项再次登记")
    act(duplicate, "answer", receptionist, kind="on_the_spot", text="已答复")
    return reread(survivor), reread(duplicate)


def test_a_merge_keeps_every_event_of_both_and_can_be_undone(
    two_registrations, office_head, manager, receptionist, general_office
):
    survivor, duplicate = two_registrations
    # The general office sees what it merges: refer both there first.
    before_dup = kinds(duplicate)
    before_survivor = kinds(survivor)
    desk_head = make_desk_head(receptionist)
    casework.merge(
        duplicate_id=duplicate.pk,
        survivor_number=survivor.number,
        actor=desk_head,
        reason="重复登记",
    )
    merged = reread(duplicate)
    assert merged.state == State.MERGED and merged.merged_into_id == survivor.pk
    assert kinds(duplicate) == [*before_dup, "merged"]
    assert kinds(survivor) == [*before_survivor, "merged_in"]
    assert merged.due_at is None  # no clock runs on a merged duplicate
    casework.unmerge(ticket_id=duplicate.pk, actor=manager, reason="并错了")
    back = reread(duplicate)
    assert back.state == State.ANSWERED and back.merged_into_id is None
    assert kinds(duplicate) == [*before_dup, "merged", "unmerged"]
    assert kinds(survivor) == [*before_survivor, "merged_in", "unmerged"]
    assert back.due_at is not None  # the follow-up clock runs again


def make_desk_head(receptionist):
    """The head of the receptionist's department (the front desk), made mid-test."""
    return make_head("desk_head", receptionist.profile.department)


@pytest.mark.parametrize("who", ["receptionist", "handler", "inspector", "outsider"])
def test_who_may_not_merge(request, two_registrations, who):
    survivor, duplicate = two_registrations
    with pytest.raises(PermissionDenied):
        casework.merge(
            duplicate_id=duplicate.pk,
            survivor_number=survivor.number,
            actor=request.getfixturevalue(who),
        )


def test_only_a_manager_undoes_a_merge(two_registrations, receptionist):
    survivor, duplicate = two_registrations
    head = make_desk_head(receptionist)
    casework.merge(duplicate_id=duplicate.pk, survivor_number=survivor.number, actor=head)
    with pytest.raises(PermissionDenied):
        casework.unmerge(ticket_id=duplicate.pk, actor=head)


def test_no_merge_into_itself_or_into_a_closed_inquiry(two_registrations, receptionist):
    survivor, duplicate = two_registrations
    head = make_desk_head(receptionist)
    with pytest.raises(ValidationError):
        casework.merge(duplicate_id=duplicate.pk, survivor_number=duplicate.number, actor=head)
    act(survivor, "void", receptionist, reason="登记错误")
    with pytest.raises(ValidationError):
        casework.merge(duplicate_id=duplicate.pk, survivor_number=survivor.number, actor=head)


def test_merge_is_an_action_of_the_one_service_and_touches_both_tickets(
    two_registrations, receptionist, manager, django_assert_max_num_queries
):
    """Merge and its undo run in ``services.ticket_transition`` like every action: the
    survivor is locked with the duplicate in one statement and gets its event there, as
    a note (its state and version stay); fewer queries than the handler that locked the
    survivor itself (11 → 10 for a merge, 9 for its undo)."""
    from firstask.tickets.actions import ACTIONS

    survivor, duplicate = two_registrations
    assert ACTIONS["merge_into"].others and ACTIONS["unmerge"].others
    head = make_desk_head(receptionist)
    with django_assert_max_num_queries(10):
        casework.merge(duplicate_id=duplicate.pk, survivor_number=survivor.number, actor=head)
    after = reread(survivor)
    assert (after.state, after.version) == (survivor.state, survivor.version)
    note = TicketEvent.objects.get(ticket=survivor, kind="merged_in")
    assert note.from_state == note.to_state == survivor.state
    assert note.data["duplicate"] == duplicate.number
    with django_assert_max_num_queries(9):
        casework.unmerge(ticket_id=duplicate.pk, actor=manager, reason="并错了")
    back = TicketEvent.objects.filter(ticket=survivor, kind="unmerged").get()
    assert back.from_state == back.to_state == survivor.state


def test_merge_asks_permission_before_looking_at_the_survivor(two_registrations, receptionist):
    """Whoever may not merge hears 403 whatever they typed, not a hint about numbers."""
    survivor, duplicate = two_registrations
    for number in ("20990101-9999", duplicate.number, survivor.number):
        with pytest.raises(PermissionDenied):
            casework.merge(duplicate_id=duplicate.pk, survivor_number=number, actor=receptionist)


def test_a_survivor_closed_after_the_form_was_checked_is_a_lost_race(
    two_registrations, receptionist
):
    """The form saw the survivor open; someone voided it before the merge got the locks:
    the friendly "already handled", not a field error about what the user typed."""
    from firstask.tickets.services import TicketConflict, ticket_transition

    survivor, duplicate = two_registrations
    head = make_desk_head(receptionist)
    seen_open = reread(survivor)
    act(survivor, "void", receptionist, reason="登记错误")
    with pytest.raises(TicketConflict):
        ticket_transition(
            ticket_id=duplicate.pk, action="merge_into", actor=head, survivor=seen_open, reason="x"
        )
    assert reread(duplicate).state == State.ANSWERED


def test_the_timeline_says_which_parts_are_missing(client, signed, receptionist, social, handler):
    from django.urls import reverse

    casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=social)
    act(signed, "record_result", handler, result="主办部分已完成")
    client.force_login(receptionist)
    page = client.get(reverse("tickets:detail", args=[signed.number])).content.decode()
    assert "尚未反馈的协办部门：社会保障科" in page
