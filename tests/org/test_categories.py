"""Categories are data: a manager adds, renames and retires one in admin, with its time
limits, and the desk uses it at once — no code change, no migration."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from firstask.org.models import InquiryCategory
from firstask.tickets.models import Ticket
from firstask.workdays.models import DeadlinePolicy
from tests.tickets.conftest import register

pytestmark = pytest.mark.django_db


def intake(client, **fields):
    data = {
        "visitor_name": "李明",
        "visitor_phone": "13812345678",
        "urgency": "normal",
        "matter": "楼下工地夜间施工噪音",
        **fields,
    }
    return client.post(reverse("tickets:intake_channel", args=["walk_in"]), data)


def test_the_seven_built_in_categories_are_rows_with_their_old_codes():
    codes = set(InquiryCategory.objects.values_list("code", flat=True))
    assert codes == {
        "consultation",
        "business",
        "complaint",
        "report",
        "help",
        "suggestion",
        "leader",
    }


def test_a_manager_adds_renames_and_retires_a_category_without_a_migration(
    client, manager, receptionist
):
    client.force_login(manager)
    added = client.post(
        reverse("admin:org_inquirycategory_add"),
        {
            "code": "noise",
            "name": "噪音扰民",
            "name_en": "Noise",
            "position": 75,
            "is_active": "on",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    policy = client.post(
        reverse("admin:workdays_deadlinepolicy_add"),
        {
            "category": "noise",
            "urgency": "",
            "answer_days": 0,
            "sign_for_days": 1,
            "handle_days": 2,
            "follow_up_days": 1,
            "progress_hours": 24,
            "due_soon_hours": 4,
            "escalate_to_leader_after_days": 2,
        },
    )
    assert policy.status_code == 302, policy.content.decode()[:2000]
    assert DeadlinePolicy.objects.filter(category="noise", handle_days=2).exists()

    client.force_login(receptionist)
    assert (
        "噪音扰民"
        in client.get(reverse("tickets:intake_channel", args=["walk_in"])).content.decode()
    )
    assert intake(client, category="noise").status_code == 302
    ticket = Ticket.objects.get(category="noise")
    assert ticket.get_category_display() == "噪音扰民"

    InquiryCategory.objects.filter(code="noise").update(name="噪声扰民")
    from firstask.org.categories import clear_cache

    clear_cache()  # what a save in admin does; another process sees it within a minute
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "噪声扰民" in page

    retired = InquiryCategory.objects.get(code="noise")
    retired.is_active = False
    retired.save()
    form = client.get(reverse("tickets:intake_channel", args=["walk_in"])).content.decode()
    assert "噪声扰民" not in form  # no longer offered …
    assert "噪声扰民" in client.get(reverse("tickets:mine")).content.decode()  # … still named

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_old_inquiries_keep_working_with_their_stored_codes(client, receptionist):
    ticket = register(receptionist, category="complaint")
    client.force_login(receptionist)
    assert "投诉" in client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()


def test_categories_are_never_deleted_in_admin(client, manager):
    client.force_login(manager)
    category = InquiryCategory.objects.get(code="help")
    response = client.post(reverse("admin:org_inquirycategory_delete", args=[category.pk]))
    assert response.status_code == 403
    assert InquiryCategory.objects.filter(code="help").exists()
