"""Each measure against the hand-built inquiries of conftest.py, whose numbers are known.

The refresh runs as of 5 October; September's totals are read back from the month rows
(and a custom period from the day rows) and every measure compared with the number
worked out by hand in the fixture's docstring.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from firstask.reports import measures as m
from firstask.reports.models import DayAggregate, MonthAggregate, TicketFact
from firstask.reports.periods import period_of
from firstask.reports.permissions import Scope
from firstask.reports.refresh import rebuild
from firstask.reports.selectors import Filters, facts_behind, totals, totals_by
from tests.reports.conftest import MEASURED_AT, SCORES_T2

pytestmark = pytest.mark.django_db

SEPTEMBER = period_of("month", date(2026, 9, 1))


@pytest.fixture
def built(known):
    with time_machine.travel(MEASURED_AT, tick=False):
        rebuild(date(2026, 9, 1), date(2026, 9, 30))
    return known


def test_void_inquiries_count_nowhere(built):
    assert TicketFact.objects.count() == 5
    assert not TicketFact.objects.filter(ticket=built.tickets[6]).exists()


def test_counts_and_rates(built):
    t = totals(SEPTEMBER, Scope())
    assert m.registrations(t) == 5
    assert m.on_the_spot_rate(t) == pytest.approx(1 / 5)  # T1 only (T3 was redone)
    assert m.resolution_rate(t) == pytest.approx(4 / 5)
    assert m.first_time_rate(t) == pytest.approx(2 / 5)  # T1, T2
    assert m.referral_rate(t) == pytest.approx(2 / 5)  # T2, T4
    assert m.return_rate(t) == pytest.approx(1 / 2)  # T4 of the two referred
    assert m.redo_rate(t) == pytest.approx(1 / 4)  # T3 of the four followed up
    assert m.repeat_visit_rate(t) == 0


def test_response_time_in_working_minutes(built):
    t = totals(SEPTEMBER, Scope())
    # T1 10 min, T2 10 min, T3 60 min, T4 5 min; T5 never answered.
    assert t["responded"] == 4
    assert m.mean_response_minutes(t) == pytest.approx((10 + 10 + 60 + 5) / 4)
    assert m.within_30_rate(t) == pytest.approx(3 / 4)


def test_handling_time_in_working_hours_across_weekend_and_make_up_day(built):
    facts = dict(TicketFact.objects.values_list("ticket_id", "handling_secs"))
    t1, t2, t3, t4 = (built.tickets[i].pk for i in (1, 2, 3, 4))
    assert facts[t1] == 2 * 3600  # Friday 16:30 → Monday 09:30 over a weekend
    assert facts[t2] == int(8.5 * 3600)  # Friday 17:00 → Monday 09:00 over 调休 Saturday
    assert facts[t3] == int(2.25 * 3600)
    assert facts[t4] == int(2.75 * 3600)
    t = totals(SEPTEMBER, Scope())
    assert m.mean_handling_hours(t) == pytest.approx((2 + 8.5 + 2.25 + 2.75) / 4)
    assert m.median_handling_hours(t) == pytest.approx(2.5)


def test_satisfaction(built):
    t = totals(SEPTEMBER, Scope())
    assert m.satisfaction_rate(t) == pytest.approx(1.0)  # latest: 满意 ×3, 基本满意 ×1
    if SCORES_T2:
        points = 15 + 13 + 15 + 15  # T2 scored 4 + 5 + 4
        assert m.dimension_scores(t) == {"attitude": 4, "speed": 5, "resolution": 4}
        assert m.high_score_rate(t) == pytest.approx(3 / 4)
    else:
        points = 15 + 9 + 15 + 15  # T2 基本满意 = 3
        assert m.high_score_rate(t) == pytest.approx(3 / 4)
    assert m.satisfaction_score(t) == pytest.approx(points / 3 / 4)


def test_on_time_per_clock(built):
    t = totals(SEPTEMBER, Scope())
    assert (t["answer_due"], t["answer_on_time"], t["answer_overdue"]) == (5, 4, 1)  # T5
    assert t["overdue"] == 1
    assert t["sign_due"] == t["sign_on_time"] == 2
    assert t["handle_due"] == t["handle_on_time"] == 2
    assert t["follow_due"] == t["follow_on_time"] == 4
    assert [x.number for x in facts_behind(SEPTEMBER, Scope(), "overdue")] == [
        built.tickets[5].number
    ]


def test_composite_score_default_weights(built):
    t = totals(SEPTEMBER, Scope())
    expected = 100 * (20 * 3 / 4 + 30 * 2 / 5 + 50 * 3 / 4) / 100
    assert m.composite_score(t, (20, 30, 50)) == pytest.approx(expected)
    assert m.composite_score(t, (100, 0, 0)) == pytest.approx(75)


def test_breakdowns_and_custom_period_agree(built, realestate, front_desk):
    by_channel = totals_by(SEPTEMBER, Scope(), "channel")
    assert {k: v["registered"] for k, v in by_channel.items()} == {
        "walk_in": 3,
        "phone": 1,
        "letter": 1,
    }
    week = period_of("custom", date(2026, 9, 28), date(2026, 9, 28))
    assert totals(week, Scope())["registered"] == 3
    assert totals(week, Scope(), Filters(channel="walk_in"))["registered"] == 2
    assert totals(SEPTEMBER, Scope(department_id=front_desk.pk))["registered"] == 5
    assert totals(SEPTEMBER, Scope(department_id=realestate.pk))["registered"] == 0


def test_month_rows_hold_the_day_rows(built):
    assert MonthAggregate.objects.filter(dim="").count() == 1
    assert DayAggregate.objects.count() == 5  # 18 Sep ×1, 25 Sep ×1, 28 Sep ×3 channels
