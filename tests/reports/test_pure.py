"""Pure parts of the measures, checked by property: the grouped median, the periods."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from firstask.reports import measures as m
from firstask.reports.columns import HANDLING_BUCKETS_HOURS
from firstask.reports.facts import bucket_of
from firstask.reports.periods import KINDS, period_of


def _totals(seconds: list[int]) -> dict:
    t = m.empty_totals()
    for s in seconds:
        bucket = bucket_of(s)
        t["handled"] += 1
        t["handling_secs"] += s
        t[bucket] += 1
        t[f"{bucket}_secs"] += s
    return t


def _width(seconds: int) -> float:
    bounds = (0.0, *HANDLING_BUCKETS_HOURS)
    i = int(bucket_of(seconds)[1:])
    return bounds[i + 1] - bounds[i]


def test_median_of_one_inquiry_is_its_time():
    assert m.median_handling_hours(_totals([int(8.5 * 3600)])) == 8.5


def test_median_of_the_known_fixture():
    hours = [2, 2.25, 2.75, 8.5]
    assert m.median_handling_hours(_totals([int(h * 3600) for h in hours])) == 2.5


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=112 * 3600), min_size=1, max_size=60))
def test_grouped_median_is_within_a_bucket_of_the_exact_median(seconds):
    estimate = m.median_handling_hours(_totals(seconds))
    exact = statistics.median(seconds) / 3600
    ordered = sorted(seconds)
    middle = ordered[(len(ordered) - 1) // 2], ordered[len(ordered) // 2]
    assert abs(estimate - exact) <= max(_width(s) for s in middle) + 1e-9
    assert m.mean_handling_hours(_totals(seconds)) == sum(seconds) / 3600 / len(seconds)


@given(
    st.sampled_from(sorted(KINDS)),
    st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 1, 1)),
    st.integers(min_value=0, max_value=800),
)
def test_a_period_splits_into_whole_months_and_edge_days_that_cover_it(kind, anchor, extra):
    period = period_of(kind, anchor, anchor + timedelta(days=extra))
    months, edges = period.split()
    covered = []
    for month in months:
        assert month.day == 1
        nxt = (month + timedelta(days=32)).replace(day=1)
        covered += [month + timedelta(days=i) for i in range((nxt - month).days)]
    for start, end in edges:
        covered += [start + timedelta(days=i) for i in range((end - start).days)]
    expected = [period.start + timedelta(days=i) for i in range(period.days)]
    assert sorted(covered) == expected  # every day once, nothing outside
    assert period.previous().end == period.start
    assert period.start <= anchor < period.end
