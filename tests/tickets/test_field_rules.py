"""One rule per kind of field, met the same way on every form (issue 15 defect 13 and
issue 10's "smaller defects": length messages, emoji, "12345", bidi controls)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from firstask.tickets.models import Ticket
from tests.tickets.conftest import intake_post

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses what follows it on the printed notice
BIDI = RLO + "\u202a\u2066\u200f\u200b\ufeff"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_bidi_controls_are_stripped_from_every_printed_field_of_a_letter(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(
        client,
        channel="letter",
        visitor_name=f"李{RLO}明",
        visitor_unit=f"{BIDI}星光物业",
        visitor_address=f"幸福路{RLO}12号",
        materials_received=f"身份证复印件{BIDI}",
        letter_reference=f"{RLO}〔2026〕12号",
        matter=f"咨询{RLO}过户",
    )
    assert response.status_code == 302, response.context["form"].errors
    ticket = Ticket.objects.get()
    stored = [
        ticket.visitor_name,
        ticket.visitor_unit,
        ticket.visitor_address,
        ticket.materials_received,
        ticket.letter_reference,
        ticket.matter,
    ]
    assert stored == ["李明", "星光物业", "幸福路12号", "身份证复印件", "〔2026〕12号", "咨询过户"]


def test_length_errors_are_humane(client, receptionist):
    client.force_login(receptionist)
    response = intake_post(client, matter="长" * 2001, visitor_address="路" * 230)
    errors = response.context["form"].errors
    assert errors["matter"] == ["太长了：最多 2000 个字，现在是 2001 个字。"]
    assert errors["visitor_address"] == ["太长了：最多 200 个字，现在是 230 个字。"]
    assert "确保该变量" not in response.content.decode()


@pytest.mark.parametrize("field", ["visitor_name", "visitor_unit", "visitor_address"])
def test_emoji_are_refused_alike_in_names_and_addresses(client, receptionist, field):
    client.force_login(receptionist)
    response = intake_post(client, **{field: "幸福路😀"})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [
        "只能使用文字、数字和常用标点（不能使用表情或特殊符号）。"
    ]
    assert not Ticket.objects.exists()


def test_emoji_stay_in_free_text_as_typed(client, receptionist):
    client.force_login(receptionist)
    intake_post(client, matter="房产证丢了😀怎么办")
    assert Ticket.objects.get().matter == "房产证丢了😀怎么办"


@pytest.mark.parametrize("phone", ["12345", "12333", "95588", "4008123123"])
def test_a_hotline_is_not_a_visitors_phone(client, receptionist, phone):
    client.force_login(receptionist)
    response = intake_post(client, visitor_phone=phone)
    assert response.status_code == 400
    assert "服务热线" in response.context["form"].errors["visitor_phone"][0]


def test_one_rule_per_kind_in_the_field_classes():
    from firstask.core.fields import LineField, NameField, PhoneField, clean_free_text

    assert NameField(max_length=50).clean(f" 李{RLO}明 ") == "李明"
    assert LineField(max_length=200).clean(f"幸福路\n{RLO}12号") == "幸福路 12号"
    assert PhoneField().clean("138 1234 5678") == "13812345678"
    assert PhoneField(service=True).clean("12345") == "12345"
    assert clean_free_text(f"第一行{RLO}\n第二行😀") == "第一行\n第二行😀"


def test_bidi_controls_never_reach_the_one_time_notice(client, ticket, receptionist):
    """The agency's name, address and phone are printed on the visitor's notice."""
    client.force_login(receptionist)
    response = client.post(
        reverse("tickets:action", args=[ticket.number, "answer"]),
        {
            "answer-version": ticket.version,
            "answer-kind": "outside_remit",
            "answer-text": f"请到{RLO}市公积金中心办理",
            "answer-agency_name": f"市住房公积金{RLO}管理中心",
            "answer-agency_address": f"{BIDI}解放路 18 号",
            "answer-agency_phone": f"0571-{RLO}12329",
        },
    )
    assert response.status_code == 302
    answer = ticket.answers.get()
    assert (answer.agency_name, answer.agency_address, answer.agency_phone, answer.text) == (
        "市住房公积金管理中心",
        "解放路 18 号",
        "0571-12329",
        "请到市公积金中心办理",
    )
    notice = client.get(reverse("tickets:notice", args=[ticket.number, answer.pk]))
    assert RLO not in notice.content.decode()


def test_admin_forms_follow_the_same_rules(client, manager, realestate):
    client.force_login(manager)
    response = client.post(
        reverse("admin:directory_agency_add"),
        {
            "name": f"市{RLO}税务局😀",
            "handles": "税务",
            "address": f"幸福路{RLO}1号",
            "phone": "12366",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["name"]
    assert "表情" in errors["name"][0]


def test_length_errors_are_humane_in_admin_forms_too(client, manager, realestate):
    """The admin's own model forms use Django's message; our catalogue words it alike."""
    client.force_login(manager)
    response = client.post(
        reverse("admin:org_department_change", args=[realestate.pk]),
        {"code": realestate.code, "name": realestate.name, "location": "楼" * 101},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["location"] == [
        "太长了：最多 100 个字，现在是 101 个字。"
    ]
