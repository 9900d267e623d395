"""The counted columns shared by the per-inquiry facts and the aggregates.

One list, so a fact row, a day row and a month row always carry the same numbers and
the drill-down can filter facts by the very column a page summed. Every column is an
integer: flags are 0/1, times are whole seconds, scores are points (see measures.md).
"""

from __future__ import annotations

# Working-hour upper bounds of the handling-time buckets the grouped median reads:
# quarter hours up to 2 h, half hours to 4 h, hours to a working day (7.5 h), then
# half days and days up to 15 working days; the last bucket is open.
HANDLING_BUCKETS_HOURS: tuple[float, ...] = (
    0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2,
    2.5, 3, 3.5, 4,
    5, 6, 7, 7.5,
    11.25, 15, 22.5, 30, 37.5, 52.5, 75, 112.5,
)  # fmt: skip
BUCKETS = [f"h{i}" for i in range(len(HANDLING_BUCKETS_HOURS) + 1)]
# Seconds summed per bucket: a bucket's mean places its values for the median.
BUCKET_SECS = [f"{b}_secs" for b in BUCKETS]

CLOCKS = ("answer", "sign", "handle", "follow", "contact")

COUNTS: list[str] = [
    "registered",
    "on_the_spot",
    "closed",
    "first_time",
    "referred",
    "returned",
    "redone",
    "repeat_visit",
    "responded",
    "response_secs",
    "within_30",
    "handled",
    "handling_secs",
    *BUCKETS,
    *BUCKET_SECS,
    "followed",
    "satisfied",
    "dissatisfied",
    "rated",
    "score_points",
    "high_score",
    "detail_scored",
    "attitude_sum",
    "speed_sum",
    "resolution_sum",
    *[f"{clock}_{part}" for clock in CLOCKS for part in ("due", "on_time", "overdue")],
    "overdue",
]
