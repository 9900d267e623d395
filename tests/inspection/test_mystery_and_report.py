"""Mystery-shopper visits (scores 0–10, averages per staff member) and the daily report."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from firstask.inspection import services
from firstask.inspection.models import MysteryShop
from tests.inspection.conftest import DAY

pytestmark = pytest.mark.django_db


def visit(client, receptionist, **scores):
    data = {
        "visited_on": "2026-11-18",
        "desk": "3号窗口",
        "staff": receptionist.pk,
        "scenario": "咨询二手房过户材料",
        "attitude": 8,
        "knowledge": 7,
        "speed": 9,
        "remarks": "",
        **scores,
    }
    return client.post(reverse("inspection:mystery_new"), data)


def test_an_inspector_records_visits_listed_per_staff_member(client, inspector, receptionist):
    client.force_login(inspector)
    assert visit(client, receptionist).status_code == 302
    assert visit(client, receptionist, attitude=6, knowledge=9, speed=10).status_code == 302
    page = client.get(reverse("inspection:mystery"))
    row = next(r for r in page.context["by_staff"] if r["staff_id"] == receptionist.pk)
    assert row["visits"] == 2
    assert (row["attitude"], row["knowledge"], row["speed"]) == (7, 8, 9.5)
    assert MysteryShop.objects.first().recorded_by == inspector


@pytest.mark.parametrize("bad", [{"attitude": 11}, {"speed": -1}, {"knowledge": ""}])
def test_scores_are_0_to_10(client, inspector, receptionist, bad):
    client.force_login(inspector)
    assert visit(client, receptionist, **bad).status_code == 400
    assert not MysteryShop.objects.exists()


def test_the_model_refuses_scores_out_of_range_whatever_the_caller(inspector, receptionist):
    with pytest.raises(ValidationError):
        services.record_mystery_shop(
            actor=inspector,
            data={
                "visited_on": DAY,
                "desk": "1号窗口",
                "staff": receptionist,
                "scenario": "暗访",
                "attitude": 12,
                "knowledge": 5,
                "speed": 5,
            },
        )


def test_a_department_head_sees_only_their_staff(
    client, inspector, department_head, handler, receptionist
):
    client.force_login(inspector)
    visit(client, receptionist)
    visit(client, handler)
    client.force_login(department_head)
    rows = client.get(reverse("inspection:mystery")).context["by_staff"]
    assert [r["staff_id"] for r in rows] == [handler.pk]


def test_the_report_of_an_unsigned_day_is_a_draft_in_chinese(client, inspector, known_day):
    client.force_login(inspector)
    response = client.get(reverse("inspection:report", args=[DAY.isoformat()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="draft"' in html and 'data-testid="signature-block"' in html
    assert html.count('data-testid="report-flag"') == len(known_day.expected)
    assert known_day.number("rude_answer") in html
    assert 'lang="zh-CN"' in html


def test_the_signed_report_prints_the_snapshot(client, inspector, known_day):
    services.sign_off_day(day=DAY, actor=inspector, summary="发现推诿用语两处，已通报科室")
    client.force_login(inspector)
    html = client.get(reverse("inspection:report", args=[DAY.isoformat()])).content.decode()
    assert 'data-testid="draft"' not in html
    assert "发现推诿用语两处，已通报科室" in html
    assert html.count('data-testid="report-flag"') == len(known_day.expected)
