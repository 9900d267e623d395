"""Mystery-shopper records are append-only; corrections are revisions (defect 8).

A manager could open an inspector's visit in admin and turn scores 2/2/2 into 10/10/10
with the inspector still named as the recorder, or delete it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.core.models import AppendOnlyError
from firstask.inspection import services
from firstask.inspection.models import MysteryShop

pytestmark = pytest.mark.django_db

VISIT = {
    "visited_on": "2026-11-18",
    "desk": "3号窗口",
    "scenario": "咨询二手房过户材料",
    "attitude": 2,
    "knowledge": 2,
    "speed": 2,
    "remarks": "态度冷淡",
}


@pytest.fixture
def poor_visit(inspector, receptionist):
    return services.record_mystery_shop(actor=inspector, data={**VISIT, "staff": receptionist})


def test_a_manager_cannot_rewrite_or_delete_a_visit_in_admin(client, manager, poor_visit):
    client.force_login(manager)
    change = reverse("admin:inspection_mysteryshop_change", args=[poor_visit.pk])
    response = client.post(
        change,
        {**VISIT, "staff": poor_visit.staff_id, "attitude": 10, "knowledge": 10, "speed": 10},
    )
    assert response.status_code == 403
    delete = reverse("admin:inspection_mysteryshop_delete", args=[poor_visit.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:inspection_mysteryshop_add")).status_code == 403
    poor_visit = MysteryShop.objects.get(pk=poor_visit.pk)
    assert (poor_visit.attitude, poor_visit.knowledge, poor_visit.speed) == (2, 2, 2)
    # Still readable by the manager.
    assert client.get(reverse("admin:inspection_mysteryshop_changelist")).status_code == 200


def test_the_model_refuses_edits_and_deletes_whoever_calls(poor_visit):
    poor_visit.attitude = 10
    with pytest.raises(AppendOnlyError):
        poor_visit.save()
    with pytest.raises(AppendOnlyError):
        poor_visit.delete()


def test_an_inspector_corrects_a_visit_as_a_new_revision(client, inspector, poor_visit):
    client.force_login(inspector)
    url = reverse("inspection:mystery_correct", args=[poor_visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            **VISIT,
            "staff": poor_visit.staff_id,
            "attitude": 3,
            "correction_reason": "录入时把态度分看错了",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    original = MysteryShop.objects.get(pk=poor_visit.pk)
    assert original.attitude == 2  # untouched
    correction = MysteryShop.objects.get(revises=original)
    assert (correction.attitude, correction.recorded_by) == (3, inspector)
    assert correction.correction_reason == "录入时把态度分看错了"
    page = client.get(reverse("inspection:mystery"))
    assert [v.pk for v in page.context["page"].object_list] == [correction.pk]
    row = next(r for r in page.context["by_staff"] if r["staff_id"] == poor_visit.staff_id)
    assert (row["visits"], row["attitude"]) == (1, 3)
    # The original cannot be corrected a second time: the latest version is.
    assert client.get(url).status_code == 404


def test_a_correction_needs_a_reason_and_an_inspector(client, inspector, manager, poor_visit):
    url = reverse("inspection:mystery_correct", args=[poor_visit.pk])
    client.force_login(inspector)
    response = client.post(url, {**VISIT, "staff": poor_visit.staff_id, "correction_reason": ""})
    assert response.status_code == 400
    client.force_login(manager)
    assert client.get(url).status_code == 403
    assert MysteryShop.objects.count() == 1
