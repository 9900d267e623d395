"""Every transition: who may, who may not, what it leaves behind.

Tickets move only through the service; every state change leaves exactly one event.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from firstask.tickets import services
from firstask.tickets.choices import AnswerKind, EventKind, ReturnReason, Satisfaction, State
from firstask.tickets.models import AppendOnlyError, Ticket, TicketEvent
from tests.tickets.conftest import WHOLE_LIFE, act, away, follow_up, register

pytestmark = pytest.mark.django_db


def kinds(ticket) -> list[str]:
    return list(ticket.events.order_by("at", "pk").values_list("kind", flat=True))


def test_registration_fixes_the_first_responder_and_numbers_the_day(receptionist, front_desk):
    first = register(receptionist)
    second = register(receptionist)
    assert first.first_responder == receptionist
    assert first.first_responder_department == front_desk
    assert first.state == State.RECEIVED
    day, seq = first.number.split("-")
    assert len(day) == 8 and seq == "0001"
    assert second.number == f"{day}-0002"
    assert kinds(first) == [EventKind.REGISTERED]


def test_answer_on_the_spot_closes_in_one_action_with_an_event_per_step(receptionist):
    ticket = services.register_ticket(
        actor=receptionist,
        data={"channel": "walk_in", "category": "consultation", "matter": "公积金提取在哪办"},
        answer_on_the_spot="二楼 E 区 27 号窗口",
    )
    assert ticket.state == State.CLOSED
    assert ticket.satisfaction == Satisfaction.SATISFIED
    assert kinds(ticket) == ["registered", "answered", "followed_up", "closed"]
    states = list(ticket.events.values_list("from_state", "to_state"))
    assert states == [
        ("", "received"),
        ("received", "answered"),
        ("answered", "followed_up"),
        ("followed_up", "closed"),
    ]


def test_the_whole_referral_story(receptionist, handler, realestate):
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户")
    act(ticket, "sign_for", handler)
    act(ticket, "post_progress", handler, note="已联系登记窗口")
    act(ticket, "record_result", handler, result="已告知材料")
    act(ticket, "follow_up", receptionist, method="phone", satisfaction="satisfied")
    ticket = act(ticket, "close", receptionist)
    assert ticket.state == State.CLOSED
    assert ticket.first_responder == receptionist  # still theirs after the referral
    assert ticket.referred_handler == handler  # signing names the handler
    assert kinds(ticket) == WHOLE_LIFE
    referral = ticket.referrals.get()
    assert referral.signed_by == handler and referral.result == "已告知材料"


def test_unknown_department_goes_to_the_general_office_which_assigns_it(
    receptionist, general_office, office_head, realestate, handler
):
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=None, handler=None, summary="不清楚归属")
    ticket.refresh_from_db()
    assert ticket.referred_department == general_office
    act(ticket, "assign", office_head, department=realestate, handler=handler)
    ticket.refresh_from_db()
    assert ticket.referred_department == realestate and ticket.referred_handler == handler
    assert ticket.state == State.REFERRED and not ticket.is_signed
    assert [r.department for r in ticket.referrals.all()] == [general_office, realestate]
    act(ticket, "sign_for", handler)


def test_assign_is_only_for_referrals_sitting_at_the_general_office(
    referred, department_head, social
):
    with pytest.raises(services.TicketConflict):
        act(referred, "assign", department_head, department=social, handler=None)


def test_a_return_goes_back_to_the_first_responder_and_is_counted(
    referred, handler, receptionist, social
):
    ticket = act(
        referred, "return_referral", handler, reason=ReturnReason.NOT_OURS, note="属于社保科职责"
    )
    assert ticket.state == State.RECEIVED and ticket.return_count == 1
    assert ticket.referred_department is None
    returned = ticket.referrals.get()
    assert returned.return_reason == ReturnReason.NOT_OURS and returned.returned_by == handler
    ticket = act(ticket, "refer", receptionist, department=social, handler=None, summary="再转")
    assert ticket.state == State.REFERRED and ticket.referral_count == 2
    assert kinds(ticket) == ["registered", "referred", "returned", "referred"]


def test_dissatisfied_reopens_a_referral_for_redo_never_closes(with_result, receptionist, handler):
    ticket = follow_up(with_result, receptionist, Satisfaction.DISSATISFIED, remarks="材料说得不全")
    assert ticket.state == State.REFERRED
    assert ticket.redo_count == 1 and ticket.result_at is None
    # A redo starts new clocks: the department signs for it again.
    assert ticket.signed_at is None and ticket.clock == "sign_for"
    with pytest.raises(services.TicketConflict):
        act(ticket, "close", receptionist)
    act(ticket, "sign_for", handler)
    act(ticket, "record_result", handler, result="重新告知全部材料")
    act(ticket, "follow_up", receptionist, method="phone", satisfaction="satisfied")
    ticket = act(ticket, "close", receptionist)
    assert ticket.state == State.CLOSED and ticket.redo_count == 1
    assert kinds(ticket)[-7:] == [
        "result",
        "followed_up",
        "reopened",
        "signed_for",
        "result",
        "followed_up",
        "closed",
    ]


def test_dissatisfied_with_a_direct_answer_sends_it_back_to_be_answered_again(ticket, receptionist):
    act(ticket, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="请到 8 号窗口")
    ticket = act(
        ticket, "follow_up", receptionist, method="phone", satisfaction=Satisfaction.DISSATISFIED
    )
    assert ticket.state == State.RECEIVED and ticket.redo_count == 1
    act(ticket, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="已重新说明")
    assert ticket.answers.count() == 2


def test_close_requires_a_follow_up(ticket, receptionist):
    act(ticket, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="已答复")
    with pytest.raises(services.TicketConflict):
        act(ticket, "close", receptionist)


def test_void_needs_a_reason_keeps_the_record_and_is_final(ticket, receptionist):
    ticket = act(ticket, "void", receptionist, reason="重复登记")
    assert ticket.state == State.VOID and ticket.void_reason == "重复登记"
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    with pytest.raises(services.TicketConflict):
        act(ticket, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="x")


# --- who may do what ---------------------------------------------------------------------

FIRST_RESPONDER_ACTIONS = [
    ("answer", {"kind": AnswerKind.ON_THE_SPOT, "text": "答复"}),
    ("refer", {"department": None, "handler": None, "summary": "转办"}),
]


@pytest.mark.parametrize(("action", "data"), FIRST_RESPONDER_ACTIONS)
@pytest.mark.parametrize(
    "who", ["handler", "department_head", "inspector", "manager", "outsider", "leader"]
)
def test_only_the_first_responder_answers_or_refers(
    request, ticket, general_office, action, data, who
):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        act(ticket, action, actor, **data)
    ticket.refresh_from_db()
    assert ticket.state == State.RECEIVED and kinds(ticket) == ["registered"]


def test_a_deputy_may_act_for_the_first_responder(ticket, receptionist, front_desk):
    from tests.factories import make_staff

    deputy = make_staff("deputy", department=front_desk)
    away(receptionist, deputy, reason="年假")
    act(ticket, "answer", deputy, kind=AnswerKind.ON_THE_SPOT, text="代为答复")
    ticket.refresh_from_db()
    assert ticket.state == State.ANSWERED


@pytest.mark.parametrize("who", ["receptionist", "outsider", "inspector", "leader", "manager"])
def test_only_the_receiving_department_signs_for(request, referred, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        act(referred, "sign_for", actor)
    referred.refresh_from_db()
    assert not referred.is_signed


def test_the_department_head_may_sign_for_and_a_named_handler_excludes_colleagues(
    ticket, receptionist, realestate, handler, department_head
):
    from firstask.org.roles import Role
    from tests.factories import make_staff

    colleague = make_staff("colleague", department=realestate, roles=[Role.HANDLER])
    act(ticket, "refer", receptionist, department=realestate, handler=handler, summary="指定")
    with pytest.raises(PermissionDenied):
        act(ticket, "sign_for", colleague)
    act(ticket, "sign_for", department_head)


@pytest.mark.parametrize("who", ["handler", "inspector", "outsider"])
def test_follow_up_and_close_belong_to_the_first_responder(request, with_result, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        act(with_result, "follow_up", actor, method="phone", satisfaction="satisfied")


def test_manager_may_void_but_not_answer(ticket, manager):
    with pytest.raises(PermissionDenied):
        act(ticket, "answer", manager, kind=AnswerKind.ON_THE_SPOT, text="x")
    act(ticket, "void", manager, reason="测试数据")


def test_inspectors_cannot_register(inspector):
    with pytest.raises(PermissionDenied):
        register(inspector)


def test_a_stale_version_is_an_already_handled_conflict(referred, handler):
    stale = referred.version
    act(referred, "sign_for", handler)
    with pytest.raises(services.TicketConflict):
        services.ticket_transition(
            ticket_id=referred.pk,
            action="post_progress",
            actor=handler,
            expected_version=stale,
            note="x",
        )


def test_every_state_change_has_exactly_one_event(with_result, receptionist):
    ticket = act(with_result, "follow_up", receptionist, method="phone", satisfaction="satisfied")
    ticket = act(ticket, "close", receptionist)
    changes = [
        (e.from_state, e.to_state) for e in ticket.events.all() if e.from_state != e.to_state
    ]
    assert changes == [
        ("", "received"),
        ("received", "referred"),
        ("referred", "followed_up"),
        ("followed_up", "closed"),
    ]
    # and the ticket's version counts every transition
    assert ticket.version == 1 + ticket.events.exclude(kind="registered").count()


def test_events_and_tickets_are_never_edited_or_deleted(ticket):
    event = ticket.events.get()
    event.note = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ticket.delete()
    assert TicketEvent.objects.get(pk=event.pk).note == ""


def test_state_cannot_be_assigned_directly(ticket):
    with pytest.raises(AttributeError):
        ticket.state = State.CLOSED
