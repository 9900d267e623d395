"""Issue 10's defects at the inspector's desk and in admin, as a person would check them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from firstask.inspection import services
from firstask.inspection.models import DaySignOff
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def test_a_refused_sign_off_keeps_what_the_inspector_typed(client, inspector, receptionist):
    with on(0, "09:00"):
        register(receptionist)
    with on(1, "10:00"):  # the next morning: the day has ended
        # A sampled inquiry without a finding: the sign-off is refused.
        services.draw_sample(day=DAY, size=1, seed=7, actor=inspector)
        client.force_login(inspector)
        response = client.post(
            reverse("inspection:sign_off", args=[DAY]), {"summary": "今日总体良好，个别登记不全"}
        )
    html = response.content.decode()
    assert response.status_code == 400
    assert "今日总体良好，个别登记不全" in html  # the summary is still in the form
    assert not DaySignOff.objects.exists()


def test_a_day_is_signed_off_only_once_it_has_ended(inspector):
    with on(0, "07:55"), pytest.raises(ValidationError, match="尚未结束"):
        services.sign_off_day(day=DAY, actor=inspector, summary="早")
    with on(0, "17:31"):
        assert services.sign_off_day(day=DAY, actor=inspector, summary="下班后签核")


def test_mystery_shopper_dimensions_are_the_ones_003_names(client, inspector):
    client.force_login(inspector)
    html = client.get(reverse("inspection:mystery_new")).content.decode()
    for label in ("服务态度", "专业知识", "响应速度"):
        assert label in html, label
    assert "业务知识" not in html and "办事效率" not in html


def test_admin_names_roles_and_handover_slips_in_words(client, manager, receptionist, realestate):
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="转办")
    client.force_login(manager)
    groups = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "科室负责人" in groups
    user_page = client.get(reverse("admin:auth_user_change", args=[receptionist.pk]))
    assert "首问责任人" in user_page.content.decode()
    referral = ticket.referrals.get()
    assert str(referral) == f"{ticket.number} · 不动产登记科"


def test_no_internal_reference_codes_on_the_audit_pages(client, inspector):
    client.force_login(inspector)
    html = client.get(reverse("inspection:day", args=[DAY])).content.decode()
    for code in ("001 篇", "002 ", "004 篇", "§"):
        assert code not in html, code
