"""Sampling is reproducible; a signed-off day's findings are never silently changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from firstask.inspection import services
from firstask.inspection.models import (
    AuditEvent,
    AuditEventKind,
    DaySignOff,
    Finding,
    Outcome,
    Sample,
)
from firstask.inspection.sampling import CHECK_CODES, choose, population_ids
from firstask.tickets.models import AppendOnlyError
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import register

pytestmark = pytest.mark.django_db

ALL_PASS = dict.fromkeys(CHECK_CODES, True)


@pytest.fixture
def day_of_twenty(receptionist):
    with on(0, "09:00"):
        return [register(receptionist) for _ in range(20)]


def test_the_same_seed_draws_the_same_tickets(inspector, day_of_twenty):
    first = services.draw_sample(day=DAY, size=5, seed=4242, actor=inspector)
    again = services.draw_sample(day=DAY, size=5, seed=4242, actor=inspector)
    other = services.draw_sample(day=DAY, size=5, seed=7, actor=inspector)
    ids = lambda s: [i.ticket_id for i in s.items.order_by("position")]  # noqa: E731
    assert ids(first) == ids(again) and len(ids(first)) == 5
    assert ids(first) != ids(other)
    assert first.seed == 4242 and first.population_count == 20


def test_a_recorded_sample_can_be_redrawn_later(inspector, receptionist, day_of_twenty):
    sample = services.draw_sample(day=DAY, size=5, actor=inspector)  # a fresh seed
    assert sample.seed > 0
    with on(0, "18:00"):
        register(receptionist)  # the day grows after the draw
    population = population_ids(DAY, up_to_id=sample.population_last_id)
    redrawn = choose(population, sample.seed, sample.size)
    assert redrawn == [i.ticket_id for i in sample.items.order_by("position")]


def test_choose_is_stable_and_bounded():
    assert choose([5, 3, 9, 1], 1, 10) == choose([1, 3, 5, 9], 1, 10)
    assert sorted(choose([5, 3, 9, 1], 1, 10)) == [1, 3, 5, 9]
    assert choose([], 1, 5) == []


def _review_all(sample, inspector):
    for item in sample.items.all():
        services.record_finding(
            item_id=item.pk, actor=inspector, checks=ALL_PASS, outcome=Outcome.PASS
        )


def test_sign_off_needs_every_sampled_ticket_reviewed(inspector, day_of_twenty):
    sample = services.draw_sample(day=DAY, size=3, seed=1, actor=inspector)
    with pytest.raises(ValidationError):
        services.sign_off_day(day=DAY, actor=inspector, summary="总体良好")
    _review_all(sample, inspector)
    sign_off = services.sign_off_day(day=DAY, actor=inspector, summary="总体良好")
    assert len(sign_off.snapshot["findings"]) == 3
    with pytest.raises(ValidationError):
        services.sign_off_day(day=DAY, actor=inspector, summary="again")


def test_a_signed_off_day_cannot_be_silently_changed(client, inspector, day_of_twenty):
    sample = services.draw_sample(day=DAY, size=2, seed=3, actor=inspector)
    _review_all(sample, inspector)
    sign_off = services.sign_off_day(day=DAY, actor=inspector, summary="良好")
    item = sample.items.first()
    signed_snapshot = DaySignOff.objects.get(day=DAY).snapshot

    # Without a reason: refused, by the service and by the page.
    with pytest.raises(ValidationError):
        services.record_finding(
            item_id=item.pk, actor=inspector, checks={}, outcome="issue", remarks="其实有问题"
        )
    client.force_login(inspector)
    url = reverse("inspection:finding", args=[sample.pk, item.pk])
    form = {f"i{item.pk}-outcome": "issue", f"i{item.pk}-remarks": "其实有问题"}
    assert client.post(url, form).status_code == 400
    assert Finding.objects.filter(item=item).count() == 1
    # No new samples on a closed day either.
    with pytest.raises(ValidationError):
        services.draw_sample(day=DAY, size=1, actor=inspector)

    # With a reason: a new finding next to the old one, and a journal row.
    form[f"i{item.pk}-reason"] = "复核录音发现未告知姓名"
    assert client.post(url, form).status_code == 302
    old, new = Finding.objects.filter(item=item).order_by("pk")
    assert (old.outcome, new.outcome) == ("pass", "issue") and new.after_sign_off
    change = AuditEvent.objects.get(kind=AuditEventKind.FINDING_CHANGED)
    assert change.reason == "复核录音发现未告知姓名" and change.data["before"]["outcome"] == "pass"
    assert DaySignOff.objects.get(day=DAY).snapshot == signed_snapshot

    # The rows themselves refuse to be rewritten or deleted.
    sign_off.summary = "改写"
    with pytest.raises(AppendOnlyError):
        sign_off.save()
    with pytest.raises(AppendOnlyError):
        old.delete()

    # The report prints what was signed plus the later change.
    html = client.get(reverse("inspection:report", args=[DAY.isoformat()])).content.decode()
    assert 'data-testid="report-later"' in html and "复核录音发现未告知姓名" in html
    assert 'data-testid="draft"' not in html


def test_amending_the_summary_keeps_the_signed_text(client, inspector, day_of_twenty):
    services.sign_off_day(day=DAY, actor=inspector, summary="原始小结")
    client.force_login(inspector)
    url = reverse("inspection:amend", args=[DAY.isoformat()])
    client.post(url, {"summary": "新小结"})  # no reason: nothing happens
    assert not AuditEvent.objects.filter(kind=AuditEventKind.SUMMARY_AMENDED).exists()
    client.post(url, {"summary": "新小结", "reason": "补充说明"})
    assert DaySignOff.objects.get(day=DAY).summary == "原始小结"
    amended = AuditEvent.objects.get(kind=AuditEventKind.SUMMARY_AMENDED)
    assert amended.data == {"before": "原始小结", "summary": "新小结"}
    html = client.get(reverse("inspection:report", args=[DAY.isoformat()])).content.decode()
    assert "新小结" in html and "补充说明" in html


def test_only_inspectors_write(manager, department_head, day_of_twenty, inspector):
    for user in (manager, department_head):
        with pytest.raises(PermissionDenied):
            services.draw_sample(day=DAY, size=1, actor=user)
        with pytest.raises(PermissionDenied):
            services.sign_off_day(day=DAY, actor=user, summary="x")
    assert not Sample.objects.exists()


def test_a_finding_that_calls_a_failed_check_a_pass_is_refused(client, inspector, day_of_twenty):
    sample = services.draw_sample(day=DAY, size=1, seed=9, actor=inspector)
    item = sample.items.get()
    client.force_login(inspector)
    url = reverse("inspection:finding", args=[sample.pk, item.pk])
    checks = {f"i{item.pk}-check_{code}": "on" for code in CHECK_CODES[:-1]}
    response = client.post(url, {**checks, f"i{item.pk}-outcome": "pass"})
    assert response.status_code == 400 and not Finding.objects.exists()
    response = client.post(
        url, {**checks, f"i{item.pk}-outcome": "issue", f"i{item.pk}-remarks": "用语不规范"}
    )
    assert response.status_code == 302
    assert Finding.objects.get().score == 83  # five of six
