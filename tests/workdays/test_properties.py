"""Properties of the maths over many random instants (pure, deterministic seed).

hypothesis is not a dependency; a seeded sample over 2025-2027 (both official years and
an unofficial one, every holiday block, the office-hour edges) finds the same slips.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import pytest

from firstask.workdays.maths import (
    SHANGHAI,
    add_working_days,
    add_working_hours,
    receipt_day,
    working_time_between,
)

SAMPLES = 240
EDGES = [time(0), time(8, 30), time(12), time(13, 30), time(17, 30), time(17, 29, 59)]


def _instants(seed: int) -> list[datetime]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=SHANGHAI)
    out = []
    for i in range(SAMPLES):
        moment = start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        if i % 3 == 0:  # a third land exactly on an edge of office hours
            moment = datetime.combine(moment.date(), rng.choice(EDGES), tzinfo=SHANGHAI)
        out.append(moment)
    return out


@pytest.mark.parametrize("start", _instants(20261001))
def test_add_working_days_lands_on_close_of_a_workday_and_increases(cal, start):
    previous = start
    for n in range(0, 12):
        deadline = add_working_days(start, n, cal)
        local = deadline.at.astimezone(SHANGHAI)
        assert cal.is_workday(local.date())
        assert local.time() == cal.office_hours.closes
        assert deadline.at > previous  # strictly after the start, strictly increasing in n
        previous = deadline.at
        # exactly n workdays after the receipt day
        day, count = receipt_day(start, cal), 0
        while day < local.date():
            day += timedelta(days=1)
            count += cal.is_workday(day)
        assert count == n
        assert deadline.provisional == any(
            cal.is_provisional(start.date() + timedelta(days=i))
            for i in range((local.date() - start.date()).days + 1)
        )


@pytest.mark.parametrize("start", _instants(20260214)[:120])
def test_working_hours_round_trip(cal, start):
    for hours in (0.5, 1, 4, 7.5, 30):
        forward = add_working_hours(start, hours, cal)
        assert working_time_between(start, forward.at, cal) == timedelta(hours=hours)
        backward = add_working_hours(start, -hours, cal)
        assert working_time_between(backward.at, start, cal) == timedelta(hours=hours)
        # earliest/latest such instant: a minute less would not be enough
        assert working_time_between(start, forward.at - timedelta(minutes=1), cal) < timedelta(
            hours=hours
        )
