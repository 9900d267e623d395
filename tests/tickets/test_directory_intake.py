"""The directory at the counter: matters fill referrals and notices, repeat callers show."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from firstask.directory.models import AnswerTemplate
from firstask.tickets.choices import AnswerKind
from tests.directory.factories import MatterFactory
from tests.tickets.conftest import act, intake_post, register
from tests.tickets.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

MATERIALS = ["不动产登记申请书", "买卖双方身份证【原件及复印件】", "不动产权证书【原件】"]


@pytest.fixture
def transfer(realestate):
    return MatterFactory(
        name="二手房转移登记", keywords="过户", department=realestate, materials=MATERIALS
    )


def notice_visit(receptionist, transfer, **overrides):
    ticket = register(receptionist, directory_matter=transfer, **overrides)
    act(
        ticket,
        "answer",
        receptionist,
        kind=AnswerKind.MATERIALS_MISSING,
        text="请补齐材料",
        missing_items=[m.label for m in transfer.materials.all()],
    )
    return ticket


def test_intake_records_the_directory_matter(client, receptionist, transfer):
    client.force_login(receptionist)
    intake_post(client, matter="二手房过户", directory_matter=transfer.pk)
    ticket = receptionist.first_responder_tickets.get()
    assert ticket.directory_matter == transfer


def test_intake_page_carries_the_type_ahead(client, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:intake")).content.decode()
    assert f'data-directory-search="{reverse("directory:search")}"' in page
    assert 'data-target-matter="#id_directory_matter"' in page
    assert f'data-caller-history="{reverse("tickets:history")}"' in page
    assert "js/directory.js" in page and "js/tickets.js" in page


def test_the_directory_names_the_referral_department_and_the_materials(
    client, receptionist, transfer, realestate
):
    ticket = register(receptionist, directory_matter=transfer)
    client.force_login(receptionist)
    forms = client.get(reverse("tickets:detail", args=[ticket.number])).context["forms"]
    assert forms["refer"].initial["department"] == realestate.pk
    assert forms["answer"].initial["missing_items"].splitlines() == [
        m.label for m in transfer.materials.all()
    ]


def test_a_repeat_visit_after_a_one_time_notice_is_flagged(receptionist, transfer):
    first = notice_visit(receptionist, transfer)
    again = register(receptionist, directory_matter=transfer)
    assert again.repeat_of == first
    assert again.events.get().data["repeat_of"] == first.number


@pytest.mark.parametrize("case", ["other_matter", "other_person", "too_late", "no_notice"])
def test_not_a_repeat_visit(receptionist, transfer, realestate, case):
    if case == "no_notice":
        register(receptionist, directory_matter=transfer)
    else:
        with time_machine.travel(timezone.now() - timedelta(days=31 if case == "too_late" else 1)):
            notice_visit(receptionist, transfer)
    other = MatterFactory(name="抵押登记", department=realestate)
    again = register(
        receptionist,
        directory_matter=other if case == "other_matter" else transfer,
        visitor_phone="13900009999" if case == "other_person" else "13812345678",
    )
    assert again.repeat_of is None


def test_caller_history_shows_earlier_inquiries_across_the_organisation(
    client, receptionist, outsider, transfer
):
    mine = register(receptionist, visitor_phone="13812345678")
    theirs = register(outsider, visitor_phone="13812345678")
    register(outsider, visitor_phone="13900000000")
    client.force_login(receptionist)
    url = reverse("tickets:history")
    assert count_queries(client, "get", url, {"phone": "138 1234 5678"}) <= 5
    for _ in range(5):
        register(outsider, visitor_phone="13812345678")
    assert count_queries(client, "get", url, {"phone": "138 1234 5678"}) <= 5
    page = client.get(url, {"phone": "138 1234 5678"}).content.decode()
    assert mine.number in page and theirs.number in page and "13900000000" not in page
    assert "吴磊" in page  # who answered before
    assert "caller-history-empty" in client.get(url, {"phone": "13700000000"}).content.decode()


def test_caller_history_by_name_and_unit(client, receptionist):
    earlier = register(receptionist, visitor_phone="", visitor_name="赵六", visitor_unit="某公司")
    client.force_login(receptionist)
    page = client.get(reverse("tickets:history"), {"name": "赵六", "unit": "某公司"})
    assert earlier.number in page.content.decode()


def test_inspectors_get_no_caller_history(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("tickets:history"), {"phone": "13812345678"}).status_code == 403


def test_a_closed_case_becomes_an_answer_template(client, receptionist, transfer, handler):
    from firstask.tickets import services

    ticket = services.register_ticket(
        actor=receptionist,
        data={
            "channel": "walk_in",
            "category": "business",
            "matter": "过户材料",
            "directory_matter": transfer,
        },
        answer_on_the_spot="请携带申请书、双方身份证和产权证书原件到 8 号窗口",
    )
    client.force_login(handler)
    assert (
        client.post(
            reverse("tickets:save_template", args=[ticket.number]),
            {"template-title": "x", "template-text": "y"},
        ).status_code
        == 404
    )
    client.force_login(receptionist)
    page = client.get(reverse("tickets:detail", args=[ticket.number]))
    assert page.context["template_form"].initial["text"].startswith("请携带申请书")
    client.post(
        reverse("tickets:save_template", args=[ticket.number]),
        {"template-title": "二手房过户材料", "template-text": "请携带申请书"},
    )
    template = AnswerTemplate.objects.get()
    assert template.matter == transfer and template.source.ticket == ticket
