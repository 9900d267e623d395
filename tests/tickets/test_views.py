"""The inquiry pages as staff use them: allowed and refused roles, bad input, lost races."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from firstask.tickets.choices import EventKind, State
from firstask.tickets.models import Ticket
from tests.tickets.conftest import act, intake_post, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("tickets:intake"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_receptionist_registers_a_walk_in_and_is_its_first_responder(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(client)
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])
    assert ticket.first_responder == receptionist and ticket.visitor_phone == "13812345678"
    page = client.get(response["Location"])
    assert ticket.number in page.content.decode()


@pytest.mark.parametrize("channel", ["walk_in", "phone", "letter", "online"])
def test_each_register_has_its_own_form(client, receptionist, channel):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:intake_channel", args=[channel])).content.decode()
    assert 'name="matter"' in page and "autofocus" in page
    assert ('name="call_time"' in page) == (channel == "phone")
    assert ('name="letter_reference"' in page) == (channel == "letter")
    assert ('name="online_source"' in page) == (channel == "online")


def test_inspectors_cannot_register(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("tickets:intake")).status_code == 403
    assert intake_post(client).status_code == 403
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("matter", ""),
        ("matter", "   "),
        ("matter", "长" * 2001),
        ("visitor_phone", "123"),
        ("visitor_phone", "<script>alert(1)</script>"),
        ("visitor_name", "李明😀"),
        ("visitor_name", "名" * 51),
        ("category", "nonsense"),
        ("promised_at", "2001-01-01T09:00"),
        ("promised_at", "not a date"),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(client, receptionist, field, value):
    client.force_login(receptionist)
    response = intake_post(client, **{field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    assert not Ticket.objects.exists()


def test_errors_are_in_chinese(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(client, matter="")
    assert (
        "这个字段是必填项" in response.content.decode()
        or "写下来访人" in response.content.decode()
        or any("\u4e00" <= ch <= "\u9fff" for ch in response.context["form"].errors["matter"][0])
    )


def test_hostile_text_is_stored_as_typed_and_rendered_escaped(client, receptionist):
    client.force_login(receptionist)
    intake_post(client, matter="<script>alert('x')</script> 😀 房产证")
    ticket = Ticket.objects.get()
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 😀 房产证" in page


def test_on_the_spot_checkbox_closes_the_inquiry(client, receptionist):
    client.force_login(receptionist)
    intake_post(client, finish_on_the_spot="on", answer_text="请到 27 号窗口办理")
    assert Ticket.objects.get().state == State.CLOSED


def test_on_the_spot_needs_the_answer(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(client, finish_on_the_spot="on", answer_text="")
    assert response.status_code == 400 and "answer_text" in response.context["form"].errors


# --- acting on a ticket -------------------------------------------------------------------------


def post_action(client, ticket, action, **fields):
    data = {f"{action}-version": ticket.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("tickets:action", args=[ticket.number, action]), data)


def test_handler_signs_for_from_the_page(client, referred, handler):
    client.force_login(handler)
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert 'data-testid="form-sign_for"' in page and 'data-testid="form-answer"' not in page
    response = post_action(client, referred, "sign_for")
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.is_signed


@pytest.mark.parametrize(
    ("who", "action", "fields"),
    [
        ("handler", "close", {}),
        ("handler", "answer", {"kind": "on_the_spot", "text": "x"}),
        ("receptionist", "sign_for", {}),
        ("receptionist", "record_result", {"result": "伪造"}),
        ("department_head", "void", {"reason": "伪造"}),
    ],
)
def test_a_forged_post_of_a_forbidden_action_changes_nothing(
    client, request, referred, who, action, fields
):
    client.force_login(request.getfixturevalue(who))
    before = (referred.state, referred.version, referred.events.count())
    response = post_action(client, referred, action, **fields)
    assert response.status_code in (302, 403)
    referred.refresh_from_db()
    assert (referred.state, referred.version, referred.events.count()) == before


def test_inspectors_read_everything_but_every_action_refuses_them(client, referred, inspector):
    client.force_login(inspector)
    page = client.get(reverse("tickets:detail", args=[referred.number]))
    assert page.status_code == 200 and not page.context["forms"]
    for action, fields in [
        ("sign_for", {}),
        ("void", {"reason": "x"}),
        ("post_progress", {"note": "x"}),
    ]:
        assert post_action(client, referred, action, **fields).status_code == 403
    assert client.post(reverse("tickets:intake")).status_code == 403
    referred.refresh_from_db()
    assert not referred.is_signed and referred.state == State.REFERRED


def test_a_lost_race_gets_a_friendly_already_handled(client, referred, handler, department_head):
    stale = Ticket.objects.get(pk=referred.pk)
    act(referred, "sign_for", department_head)
    client.force_login(handler)
    response = post_action(client, stale, "sign_for")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已被他人处理" in page or "already been handled" in page
    assert referred.events.filter(kind=EventKind.SIGNED_FOR).count() == 1


def test_invalid_action_form_shows_errors_on_the_page(client, signed, handler):
    client.force_login(handler)
    response = post_action(client, signed, "record_result", result="   ")
    assert response.status_code == 400
    assert "result" in response.context["forms"]["record_result"].errors


# --- who sees what --------------------------------------------------------------------------------


def test_visibility_by_role(
    client, referred, receptionist, handler, department_head, outsider, inspector, leader, manager
):
    url = reverse("tickets:detail", args=[referred.number])
    for user, expected in [
        (receptionist, 200),
        (handler, 200),
        (department_head, 200),
        (inspector, 200),
        (leader, 200),
        (manager, 200),
        (outsider, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user.username


def test_a_department_keeps_seeing_a_ticket_it_returned(client, referred, handler):
    act(referred, "return_referral", handler, reason="not_ours", note="非本科室")
    client.force_login(handler)
    assert client.get(reverse("tickets:detail", args=[referred.number])).status_code == 200


def test_worklists_show_each_person_their_work(client, referred, receptionist, handler, outsider):
    other = register(outsider)
    client.force_login(receptionist)
    mine = client.get(reverse("tickets:mine")).context["page"].object_list
    assert [t.number for t in mine] == [referred.number]
    client.force_login(handler)
    todo = client.get(reverse("tickets:department")).context["page"].object_list
    assert [t.number for t in todo] == [referred.number]
    client.force_login(outsider)
    found = client.get(reverse("tickets:search"), {"q": "李明"}).context["page"].object_list
    assert [t.number for t in found] == [other.number]


def test_search_by_number_phone_and_name(client, receptionist):
    a = register(receptionist, visitor_name="张三", visitor_phone="13900001111")
    b = register(receptionist, visitor_name="李四", visitor_phone="0571-87001234")
    client.force_login(receptionist)
    url = reverse("tickets:search")

    def found(q):
        return [t.number for t in client.get(url, {"q": q}).context["page"].object_list]

    assert found(a.number) == [a.number]
    assert found("139 0000 1111") == [a.number]
    assert found("0571-87001234") == [b.number]
    assert found("李") == [b.number]
    assert found("不存在") == []


def test_follow_up_list_holds_what_awaits_a_call_back(client, with_result, receptionist):
    client.force_login(receptionist)
    rows = client.get(reverse("tickets:follow_up")).context["page"].object_list
    assert [t.number for t in rows] == [with_result.number]


def test_empty_states_say_what_to_do(client, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:mine")).content.decode()
    assert 'data-testid="empty-state"' in page


# --- phones ---------------------------------------------------------------------------------------


def test_lists_mask_phones_and_revealing_is_logged(client, referred, receptionist, inspector):
    client.force_login(receptionist)
    assert "138****5678" in client.get(reverse("tickets:mine")).content.decode()
    assert (
        "13812345678"
        in client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    )
    client.force_login(inspector)
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    response = client.post(reverse("tickets:reveal_phone", args=[referred.number]), follow=True)
    assert "13812345678" in response.content.decode()
    event = referred.events.get(kind=EventKind.PHONE_REVEALED)
    assert event.actor == inspector


# --- print views --------------------------------------------------------------------------------


def test_receipt_names_the_first_responder_post_and_phone(client, ticket, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:receipt", args=[ticket.number])).content.decode()
    assert ticket.number in page and "王芳" in page
    assert receptionist.profile.post in page and receptionist.profile.work_phone in page


def test_handover_slip_and_one_time_notice(client, referred, receptionist, social):
    client.force_login(receptionist)
    referral = referred.referrals.get()
    page = client.get(reverse("tickets:handover", args=[referred.number, referral.pk]))
    assert page.status_code == 200 and "不动产登记科" in page.content.decode()
    other = register(receptionist)
    act(
        other,
        "answer",
        receptionist,
        kind="materials_missing",
        text="请补齐后再来",
        missing_items=["身份证原件", "购房合同"],
    )
    answer = other.answers.get()
    page = client.get(reverse("tickets:notice", args=[other.number, answer.pk])).content.decode()
    assert "<li>身份证原件</li>" in page and "<li>购房合同</li>" in page


def test_day_register_lists_the_days_walk_ins(client, ticket, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:register", args=["walk_in"])).content.decode()
    assert ticket.number in page
    assert client.get(reverse("tickets:register", args=["phone"])).context["rows"].count() == 0
