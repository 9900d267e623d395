"""The complaints register: any channel (a suggestion-box slip needs its box-opening
date), who complained hidden from the person concerned, the reply, the paper form."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from firstask.accountability.choices import ComplaintKind
from firstask.accountability.models import Complaint, Event
from tests.accountability.world import complaint_about

pytestmark = pytest.mark.django_db

NEW = reverse("accountability:complaint_new")


def form(**overrides):
    data = {
        "kind": "complaint",
        "channel": "phone",
        "received_on": timezone.localdate().isoformat(),
        "complainant_name": "赵先生",
        "complainant_phone": "13900001111",
        "concerns": "staff",
        "classification": "attitude",
        "content": "态度生硬",
    }
    data.update(overrides)
    return data


def test_a_suggestion_box_slip_needs_the_date_the_box_was_opened(client, receptionist):
    client.force_login(receptionist)
    response = client.post(NEW, form(channel="box", concerns="centre"))
    assert response.status_code == 400
    assert "请填写意见箱开箱日期" in response.content.decode()
    assert not Complaint.objects.exists()
    day = timezone.localdate().isoformat()
    response = client.post(NEW, form(channel="box", concerns="centre", box_opened_on=day))
    assert response.status_code == 302
    entry = Complaint.objects.get()
    assert entry.box_opened_on == timezone.localdate() and entry.concerned_staff is None
    assert Event.objects.filter(complaint=entry, kind="recorded").count() == 1


def test_bad_input_is_a_message_next_to_the_field(client, receptionist):
    client.force_login(receptionist)
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        NEW, form(received_on=tomorrow, content="   ", complainant_phone="abc", ticket_number="x")
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "日期不能晚于今天",
        "请填写反映的内容",
        "只能填写数字",
        "请选择被反映的工作人员",
        "没有这个编号的事项",
    ):
        assert message in page, message
    assert not Complaint.objects.exists()


def test_the_person_complained_about_does_not_see_who_complained(
    client, receptionist, office_head, leader
):
    entry = complaint_about(receptionist, office_head)
    url = reverse("accountability:complaint", args=[entry.pk])
    client.force_login(receptionist)
    for page_url in (
        url,
        reverse("accountability:complaints"),
        reverse("accountability:complaint_print", args=[entry.pk]),
    ):
        page = client.get(page_url).content.decode()
        assert "赵先生" not in page and "13900001111" not in page, page_url
    assert "态度生硬" in client.get(url).content.decode()
    client.force_login(leader)
    assert "赵先生" in client.get(url).content.decode()


def test_the_reply_is_recorded_once(client, receptionist, office_head, leader):
    entry = complaint_about(receptionist, office_head)
    url = reverse("accountability:complaint_answer", args=[entry.pk])
    client.force_login(office_head)
    assert client.post(url, {"action_taken": "", "reply": ""}).status_code == 400
    assert client.post(url, {"action_taken": "已约谈", "reply": "已致歉"}).status_code == 302
    client.force_login(leader)
    response = client.post(url, {"action_taken": "再次", "reply": "再次"})
    assert "已被他人处理" in client.get(response.url).content.decode()
    entry = Complaint.objects.get()
    assert (entry.state, entry.reply) == ("answered", "已致歉")


def test_a_praise_entry_leads_to_a_commendation_and_a_complaint_to_a_case(
    client, receptionist, office_head, inspector
):
    praise = complaint_about(receptionist, office_head, kind=ComplaintKind.PRAISE)
    complaint = complaint_about(receptionist, office_head)
    client.force_login(inspector)
    page = client.get(reverse("accountability:complaint", args=[praise.pk])).content.decode()
    assert (
        f"commendations/new/?complaint={praise.pk}" in page and "cases/new/?complaint" not in page
    )
    page = client.get(reverse("accountability:complaint", args=[complaint.pk])).content.decode()
    assert f"cases/new/?complaint={complaint.pk}" in page
    new_case = client.get(reverse("accountability:case_new") + f"?complaint={complaint.pk}")
    assert new_case.context["form"].initial["person"] == receptionist.pk
