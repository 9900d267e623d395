"""The desk defects of issue 10, each as a person at the desk would check it.

Every test here failed on the main branch before the fix: one promise on every paper,
named clocks, the referrer's limit, the visitor-contact clock of extended items, the
pause, nothing typed silently lost, 不满意 with a reason and a redo with new clocks,
the forbidden-phrase warning at the field, channel wording, referral status badges.
"""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from firstask.org.roles import Role
from firstask.tickets.choices import Satisfaction, State
from firstask.tickets.models import Ticket
from firstask.workdays.models import DeadlinePolicy
from tests.clock import at
from tests.factories import make_staff
from tests.tickets.conftest import act, intake_post, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def refer(ticket, actor, department, **extra):
    data = {"department": department, "handler": None, "summary": "请核实办理", **extra}
    return act(ticket, "refer", actor, **data)


def page(client, ticket) -> str:
    return client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()


def post_action(client, ticket, action, **fields):
    data = {f"{action}-version": fresh(ticket).version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("tickets:action", args=[ticket.number, action]), data)


# --- one promise, named clocks ---------------------------------------------------------


def test_the_promise_is_set_at_registration_and_the_handling_deadline_never_passes_it(
    receptionist, realestate, handler
):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):  # Monday
        ticket = register(receptionist, category="business")
        # 0 (answer) + 1 (sign for) + 3 (handle) working days: Friday 17:30.
        assert ticket.promised_at == at(2026, 11, 20, 17, 30)
        promise = ticket.promised_at
        refer(ticket, receptionist, realestate)
    with time_machine.travel(at(2026, 11, 18, 9, 0), tick=False):  # signed a day late
        ticket = act(ticket, "sign_for", handler)
    assert ticket.promised_at == promise
    assert ticket.handle_due_at == promise  # not Monday 23rd: the promise holds


def test_the_running_clock_is_named_where_it_is_shown(client, receptionist, realestate, handler):
    ticket = register(receptionist)
    client.force_login(receptionist)
    assert "答复/转办期限" in page(client, ticket)
    refer(ticket, receptionist, realestate)
    assert "签收期限" in page(client, ticket)
    act(ticket, "sign_for", handler)
    assert "办理期限" in page(client, ticket)
    act(ticket, "record_result", handler, result="已办结")
    assert "回访期限" in page(client, ticket)


def test_the_answer_or_refer_clock_is_the_same_day_for_every_category(receptionist):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):
        for category in ("complaint", "report", "business", "leader"):
            ticket = register(receptionist, category=category)
            assert ticket.answer_due_at == at(2026, 11, 16, 17, 30), category


# --- the referrer's limit on the slip ----------------------------------------------------


def test_the_referrer_sets_the_handling_limit_within_the_policy(
    client, receptionist, realestate, handler
):
    ticket = register(receptionist, category="business")  # policy: 3 working days
    client.force_login(receptionist)
    over = post_action(
        client, ticket, "refer", department=realestate.pk, summary="请办理", handle_days=9
    )
    assert over.status_code == 400 and "最多 3 个工作日" in over.content.decode()
    ok = post_action(
        client, ticket, "refer", department=realestate.pk, summary="请办理", handle_days=1
    )
    assert ok.status_code == 302
    with time_machine.travel(at(2026, 11, 18, 9, 0), tick=False):
        ticket = act(ticket, "sign_for", handler)
    referral = ticket.referrals.get()
    assert referral.handle_days == 1
    slip = client.get(reverse("tickets:handover", args=[ticket.number, referral.pk]))
    html = slip.content.decode()
    assert "签收后 1 个工作日" in html
    assert "一个工作日" not in html  # the sign-for days come from the policy
    assert "1 个工作日内签收" in html


def test_the_refer_form_does_not_write_the_summary_for_the_referrer(client, receptionist):
    ticket = register(receptionist, matter="一段很长的登记事由，不能照抄到交接单")
    client.force_login(receptionist)
    html = page(client, ticket)
    form = html.split('data-testid="form-refer"')[1].split("</form>")[0]
    assert "一段很长的登记事由" not in form


# --- the 24-hour rule is about the visitor of an extended item --------------------------


def test_progress_notes_are_a_policy_setting_and_extension_starts_the_visitor_clock(
    receptionist, realestate, handler, department_head
):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):
        ticket = register(receptionist, category="business")
        refer(ticket, receptionist, realestate)
        ticket = act(ticket, "sign_for", handler)
        assert ticket.progress_due_at is None  # no internal-note clock by default
        act(ticket, "request_extension", handler, until=at(2026, 11, 27, 17, 30), reason="外调")
        ticket = act(
            ticket,
            "decide_extension",
            department_head,
            approved=True,
            note="同意",
            visitor_notice="已告知来访人",
        )
    assert ticket.progress_due_at == at(2026, 11, 17, 9, 0)  # 24 h after telling the visitor
    with time_machine.travel(at(2026, 11, 17, 8, 45), tick=False):
        ticket = act(ticket, "contact_visitor", handler, method="phone", note="档案已到，正在审核")
    assert ticket.progress_due_at == at(2026, 11, 18, 8, 45)
    assert ticket.events.filter(kind="visitor_contacted").count() == 1
    assert not DeadlinePolicy._meta.get_field("progress_notes_required").default


# --- the pause ---------------------------------------------------------------------------


def test_a_pause_stops_the_clocks_and_the_paused_time_is_given_back(
    client, receptionist, realestate
):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):
        ticket = register(receptionist, category="business")
        promise, due = ticket.promised_at, ticket.due_at
        ticket = act(ticket, "pause", receptionist, reason="等待来访人补交身份证复印件")
    assert ticket.due_at is None and ticket.next_warning_at is None and ticket.clock == "paused"
    client.force_login(receptionist)
    html = page(client, ticket)
    assert "已暂停" in html and "等待来访人补交身份证复印件" in html
    with time_machine.travel(at(2026, 11, 16, 11, 0), tick=False):  # two office hours later
        ticket = act(ticket, "resume", receptionist)
    assert ticket.due_at == at(2026, 11, 17, 10, 30)  # 17:30 + 2 office hours (opens 8:30)
    assert ticket.promised_at > promise and due == at(2026, 11, 16, 17, 30)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["paused", "resumed"]


# --- nothing typed is lost ---------------------------------------------------------------


def test_an_answer_typed_without_ticking_on_the_spot_is_not_dropped(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(
        client, category="consultation", matter="公积金在哪办", answer_text="二楼 E 区 27 号窗口"
    )
    assert response.status_code == 400
    assert "当场答复" in response.content.decode()
    assert not Ticket.objects.exists()


def test_dissatisfied_needs_a_reason_and_the_redo_starts_new_clocks(
    client, receptionist, realestate, handler
):
    ticket = register(receptionist)
    refer(ticket, receptionist, realestate)
    act(ticket, "sign_for", handler)
    act(ticket, "record_result", handler, result="已告知")
    client.force_login(receptionist)
    refused = post_action(
        client, ticket, "follow_up", method="phone", satisfaction="dissatisfied", remarks=""
    )
    assert refused.status_code == 400 and "不满意的原因" in refused.content.decode()
    ok = post_action(
        client,
        ticket,
        "follow_up",
        method="phone",
        satisfaction="dissatisfied",
        remarks="材料说得不全",
    )
    assert ok.status_code == 302
    ticket = fresh(ticket)
    assert ticket.state == State.REFERRED and ticket.signed_at is None
    assert ticket.clock == "sign_for" and ticket.sign_for_due_at > ticket.received_at
    assert ticket.satisfaction == Satisfaction.DISSATISFIED
    listed = client.get(reverse("tickets:mine")).content.decode()
    assert "重办" in listed and "重办" in page(client, ticket)


# --- warn at the field ---------------------------------------------------------------------


def test_a_forbidden_phrase_is_warned_at_the_field_and_saved_when_sent_again(
    client, receptionist, realestate, handler
):
    ticket = register(receptionist)
    refer(ticket, receptionist, realestate)
    client.force_login(handler)
    first = post_action(client, ticket, "return_referral", reason="not_ours", note="这事不归我管")
    html = first.content.decode()
    assert first.status_code == 400 and "不归我管" in html and "再次提交" in html
    assert fresh(ticket).state == State.REFERRED  # not saved yet
    again = post_action(
        client,
        ticket,
        "return_referral",
        reason="not_ours",
        note="这事不归我管",
        phrases_confirmed="True",
    )
    assert again.status_code == 302 and fresh(ticket).state == State.RECEIVED


# --- channel wording and status ---------------------------------------------------------------


def test_a_call_closed_on_the_spot_is_followed_up_by_phone_and_says_caller(client, receptionist):
    client.force_login(receptionist)
    form = client.get(reverse("tickets:intake_channel", args=["phone"])).content.decode()
    assert "来电人姓名" in form and "来电人满意" in form
    client.post(
        reverse("tickets:intake_channel", args=["phone"]),
        {
            "visitor_phone": "13812345678",
            "category": "consultation",
            "urgency": "normal",
            "matter": "办公时间",
            "finish_on_the_spot": "on",
            "answer_text": "工作日 8:30–17:30",
        },
    )
    ticket = Ticket.objects.get()
    assert ticket.follow_ups.get().method == "phone"
    receipt = client.get(reverse("tickets:receipt", args=[ticket.number])).content.decode()
    assert "<th>来电人</th>" in receipt and "<th>来访人</th>" not in receipt


def test_the_hotline_register_opens_on_the_phone_channel(client, receptionist):
    register(receptionist, channel="phone")
    client.force_login(receptionist)
    html = client.get(reverse("tickets:intake")).content.decode()
    assert 'action="/tickets/new/phone/"' in html


def test_where_a_referral_stands_shows_beside_the_state(client, receptionist, realestate, handler):
    ticket = register(receptionist)
    client.force_login(receptionist)
    refer(ticket, receptionist, realestate)
    assert "待签收" in client.get(reverse("tickets:mine")).content.decode()
    act(ticket, "sign_for", handler)
    assert "已签收" in page(client, ticket)
    act(ticket, "record_result", handler, result="已办结")
    assert "已办理" in client.get(reverse("tickets:mine")).content.decode()
    other = register(receptionist)
    refer(other, receptionist, realestate)
    act(other, "return_referral", handler, reason="not_ours", note="请转社保科")
    assert "被退回" in page(client, other)


# --- papers ----------------------------------------------------------------------------


def test_receipt_and_slip_carry_what_the_rules_list(
    client, receptionist, realestate, handler, leader
):
    ticket = register(receptionist, category="complaint", materials_received="身份证复印件 1 份")
    refer(ticket, receptionist, realestate)
    client.force_login(receptionist)
    receipt = client.get(reverse("tickets:receipt", args=[ticket.number])).content.decode()
    assert receptionist.profile.department.name in receipt
    assert "身份证复印件 1 份" in receipt and "签字" in receipt
    referral = fresh(ticket).referrals.get()
    client.force_login(handler)
    slip = client.get(reverse("tickets:handover", args=[ticket.number, referral.pk]))
    html = slip.content.decode()
    assert "13812345678" in html  # the handler must call back: the number in full
    assert receptionist.profile.post in html and receptionist.profile.work_phone in html
    assert "分管领导" in html and "陈静" in html  # a complaint is copied to the leader
    assert "移交人签字" in html and "签收人签字" in html


# --- who may register ------------------------------------------------------------------------


def test_an_inspector_with_the_first_responder_role_registers(inspector):
    with pytest.raises(PermissionDenied):
        register(inspector)
    inspector.groups.add(Group.objects.get(name=Role.FIRST_RESPONDER))
    inspector = type(inspector).objects.get(pk=inspector.pk)  # roles are cached per object
    ticket = register(inspector)
    assert ticket.first_responder == inspector
    act(ticket, "answer", inspector, kind="on_the_spot", text="已当场解答")


def test_an_inspector_who_also_handles_still_cannot_handle(receptionist, realestate):
    snoop = make_staff("snoop", department=realestate, roles=[Role.QUALITY_INSPECTOR, Role.HANDLER])
    ticket = register(receptionist)
    refer(ticket, receptionist, realestate)
    with pytest.raises(PermissionDenied):
        act(ticket, "sign_for", snoop)


# --- English mode ----------------------------------------------------------------------------


def test_worklist_titles_and_the_daily_report_follow_the_interface_language(
    client, receptionist, inspector
):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(receptionist)
    for name, english in (
        ("tickets:mine", "Registered by me"),
        ("tickets:follow_up", "Awaiting follow-up"),
    ):
        html = client.get(reverse(name)).content.decode()
        assert f'<h1 class="h4 mb-0">{english}</h1>' in html, name
        assert "我登记的" not in html and "待回访" not in html
    client.force_login(inspector)
    report = client.get(reverse("inspection:report", args=["2026-11-18"])).content.decode()
    assert 'lang="en"' in report and "Quality inspection" in report


def test_the_one_time_notice_says_where_how_long_and_what_it_costs(
    client, receptionist, realestate
):
    from tests.directory.factories import MatterFactory

    matter = MatterFactory(
        name="不动产抵押登记", department=realestate, fees="80 元/件", materials=["身份证"]
    )
    ticket = register(receptionist, directory_matter=matter)
    act(
        ticket,
        "answer",
        receptionist,
        kind="materials_missing",
        text="请备齐后再来",
        missing_items=["身份证", "抵押合同"],
    )
    answer = fresh(ticket).answers.get()
    client.force_login(receptionist)
    html = client.get(reverse("tickets:notice", args=[ticket.number, answer.pk])).content.decode()
    assert "服务大厅 1 楼 B 区 8 号窗口" in html  # place
    assert "5 个工作日" in html  # time limit
    assert "80 元/件" in html  # fees


def test_an_agency_answer_names_the_contact_person(client, receptionist):
    ticket = register(receptionist)
    client.force_login(receptionist)
    response = post_action(
        client,
        ticket,
        "answer",
        kind="outside_remit",
        text="请到出入境管理支队办理",
        agency_name="市公安局出入境管理支队",
        agency_phone="0571-87280000",
        agency_contact="王警官",
    )
    assert response.status_code == 302
    assert fresh(ticket).answers.get().agency_contact == "王警官"
    assert "王警官" in page(client, ticket)
