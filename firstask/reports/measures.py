"""The measures of the rule, each one function of summed counts (docs/measures.md).

Every function takes ``totals`` — the sums of ``columns.COUNTS`` over whatever rows a
page chose (a period, a department, a staff member…) — and returns a number or None
when the measure has nothing to measure (no inquiry followed up: no satisfaction
rate). Rates are fractions 0–1; the templates and exports show them as percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from firstask.reports.columns import BUCKETS, CLOCKS, COUNTS, HANDLING_BUCKETS_HOURS

Totals = dict[str, int]


def empty_totals() -> Totals:
    return dict.fromkeys(COUNTS, 0)


def add(into: Totals, row: dict) -> Totals:
    for name in COUNTS:
        into[name] += row.get(name) or 0
    return into


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def registrations(t: Totals) -> int:
    return t["registered"]


def on_the_spot_rate(t: Totals) -> float | None:
    """当场办结率: closed, answered on the spot, never referred nor redone — of registered."""
    return _rate(t["on_the_spot"], t["registered"])


def resolution_rate(t: Totals) -> float | None:
    """问题解决率: closed — of all registered."""
    return _rate(t["closed"], t["registered"])


def first_time_rate(t: Totals) -> float | None:
    """一次性解决率: closed with no return, no redo and no repeat visit — of registered."""
    return _rate(t["first_time"], t["registered"])


def on_time_rate(t: Totals, clock: str | None = None) -> float | None:
    """按时率 of one clock (or all clocks together): on time of those whose time came."""
    clocks = [clock] if clock else list(CLOCKS)
    return _rate(sum(t[f"{c}_on_time"] for c in clocks), sum(t[f"{c}_due"] for c in clocks))


def mean_response_minutes(t: Totals) -> float | None:
    """服务响应时间: registration → first answer or referral, working minutes, mean."""
    return t["response_secs"] / 60 / t["responded"] if t["responded"] else None


def within_30_rate(t: Totals) -> float | None:
    """Responded within 30 working minutes — of those responded to."""
    return _rate(t["within_30"], t["responded"])


def mean_handling_hours(t: Totals) -> float | None:
    """平均处理时长: registration → closure in working hours, mean over closed."""
    return t["handling_secs"] / 3600 / t["handled"] if t["handled"] else None


def _nth_handling_hours(t: Totals, k: int) -> float:
    """The k-th shortest handling time (1-based), estimated from the buckets.

    The bucket holding it is known exactly; inside it the bucket's c values are placed
    evenly over the bucket's width, centred on their mean (known from the summed
    seconds) and kept inside the bucket. A bucket of one inquiry gives its exact time.
    """
    seen = 0
    bounds = (0.0, *HANDLING_BUCKETS_HOURS)
    for i, name in enumerate(BUCKETS):
        count = t[name]
        if count and seen + count >= k:
            mean = t[f"{name}_secs"] / 3600 / count
            if count == 1 or i >= len(HANDLING_BUCKETS_HOURS):
                return mean
            low, high = bounds[i], HANDLING_BUCKETS_HOURS[i]
            j = k - seen
            value = mean + (high - low) * ((j - 0.5) / count - 0.5)
            return min(max(value, low), high)
        seen += count
    raise ValueError(k)


def median_handling_hours(t: Totals) -> float | None:
    """Median handling time in working hours (grouped: see _nth_handling_hours; exact
    when the middle inquiries sit alone in their buckets)."""
    n = t["handled"]
    if not n:
        return None
    if n % 2:
        return _nth_handling_hours(t, (n + 1) // 2)
    return (_nth_handling_hours(t, n // 2) + _nth_handling_hours(t, n // 2 + 1)) / 2


def referral_rate(t: Totals) -> float | None:
    return _rate(t["referred"], t["registered"])


def return_rate(t: Totals) -> float | None:
    """退回率 (bounce): referred inquiries a department returned at least once."""
    return _rate(t["returned"], t["referred"])


def redo_rate(t: Totals) -> float | None:
    """返工率: sent back to be redone after a dissatisfied follow-up — of followed up."""
    return _rate(t["redone"], t["followed"])


def repeat_visit_rate(t: Totals) -> float | None:
    """重复来访率: registrations that are repeat visits after a one-time notice."""
    return _rate(t["repeat_visit"], t["registered"])


def satisfaction_rate(t: Totals) -> float | None:
    """满意率: 满意 + 基本满意 — of followed up (latest follow-up of each inquiry)."""
    return _rate(t["satisfied"], t["followed"])


def satisfaction_score(t: Totals) -> float | None:
    """客户满意度评分 (CSI), 1–5: the mean of the follow-up's three scores where given,
    else 满意 5 / 基本满意 3 / 不满意 1."""
    return t["score_points"] / 3 / t["rated"] if t["rated"] else None


def high_score_rate(t: Totals) -> float | None:
    """Rated inquiries scoring ≥ 4.5 — the 符合度 of 003 §4.2's satisfaction standard."""
    return _rate(t["high_score"], t["rated"])


def dimension_scores(t: Totals) -> dict[str, float | None]:
    """服务态度、响应速度、问题解决能力: mean 1–5 where the follow-up gave scores."""
    n = t["detail_scored"]
    return {
        "attitude": t["attitude_sum"] / n if n else None,
        "speed": t["speed_sum"] / n if n else None,
        "resolution": t["resolution_sum"] / n if n else None,
    }


def complaint_rate(complaints: int, t: Totals) -> float | None:
    """客户投诉率: complaints-register entries per 1,000 inquiries registered."""
    return complaints * 1000 / t["registered"] if t["registered"] else None


def composite_score(t: Totals, weights: tuple[int, int, int]) -> float | None:
    """综合绩效得分 (0–100): weights × 符合度 of responding within 30 minutes,
    first-time resolution, and satisfaction score ≥ 4.5 (003 §4.2, weights 20/30/50).
    A part with nothing to measure is left out and the other weights rescaled."""
    parts = [
        (weights[0], within_30_rate(t)),
        (weights[1], first_time_rate(t)),
        (weights[2], high_score_rate(t)),
    ]
    present = [(w, v) for w, v in parts if v is not None and w]
    total_weight = sum(w for w, _ in present)
    if not total_weight:
        return None
    return 100 * sum(w * v for w, v in present) / total_weight


@dataclass(frozen=True)
class Measure:
    code: str
    label: object
    kind: str  # "count", "rate", "minutes", "hours", "score", "per_mille", "points"
    count: str = ""  # the fact column the drill-down filters on ("" for none)
    target: str = ""  # MeasureSettings field
    lower_is_better: bool = False


MEASURES = [
    Measure("registrations", _("Registrations"), "count", "registered"),
    Measure("on_the_spot_rate", _("Closed on the spot (当场办结率)"), "rate", "on_the_spot"),
    Measure("resolution_rate", _("Resolution rate"), "rate", "closed"),
    Measure(
        "first_time_rate",
        _("Resolved first time (一次性解决率)"),
        "rate",
        "first_time",
        "target_first_time",
    ),
    Measure("on_time_rate", _("On time (all clocks)"), "rate", "overdue", "target_on_time"),
    Measure(
        "mean_response_minutes", _("Mean response time (working minutes)"), "minutes", "responded"
    ),
    Measure(
        "within_30_rate", _("Responded within 30 minutes"), "rate", "within_30", "target_within_30"
    ),
    Measure("mean_handling_hours", _("Mean handling time (working hours)"), "hours", "handled"),
    Measure("median_handling_hours", _("Median handling time (working hours)"), "hours", "handled"),
    Measure("referral_rate", _("Referral rate"), "rate", "referred"),
    Measure("return_rate", _("Return (bounce) rate"), "rate", "returned"),
    Measure("redo_rate", _("Redo rate"), "rate", "redone"),
    Measure("repeat_visit_rate", _("Repeat-visit rate"), "rate", "repeat_visit"),
    Measure(
        "satisfaction_rate",
        _("Satisfaction rate"),
        "rate",
        "satisfied",
        "target_satisfaction_rate",
    ),
    Measure("satisfaction_score", _("Satisfaction score (1–5)"), "score", "rated", "target_score"),
    Measure(
        "complaint_rate",
        _("Complaints per 1,000 inquiries"),
        "per_mille",
        "",
        "target_complaints_per_mille",
        lower_is_better=True,
    ),
    Measure("composite", _("Composite score (综合绩效得分)"), "points", "", "target_composite"),
]
MEASURE_BY_CODE = {m.code: m for m in MEASURES}


def compute(t: Totals, *, weights: tuple[int, int, int], complaints: int | None = None) -> dict:
    """Every measure of MEASURES for one set of totals."""
    values = {
        "registrations": registrations(t),
        "on_the_spot_rate": on_the_spot_rate(t),
        "resolution_rate": resolution_rate(t),
        "first_time_rate": first_time_rate(t),
        "on_time_rate": on_time_rate(t),
        "mean_response_minutes": mean_response_minutes(t),
        "within_30_rate": within_30_rate(t),
        "mean_handling_hours": mean_handling_hours(t),
        "median_handling_hours": median_handling_hours(t),
        "referral_rate": referral_rate(t),
        "return_rate": return_rate(t),
        "redo_rate": redo_rate(t),
        "repeat_visit_rate": repeat_visit_rate(t),
        "satisfaction_rate": satisfaction_rate(t),
        "satisfaction_score": satisfaction_score(t),
        "complaint_rate": complaint_rate(complaints, t) if complaints is not None else None,
        "composite": composite_score(t, weights),
    }
    for clock in CLOCKS:
        values[f"on_time_{clock}"] = on_time_rate(t, clock)
    values.update({f"score_{k}": v for k, v in dimension_scores(t).items()})
    return values


def target_met(measure: Measure, value, settings) -> bool | None:
    """Whether ``value`` meets the manager's target (None: no target or no value)."""
    if not measure.target or value is None:
        return None
    target = getattr(settings, measure.target)
    if measure.kind == "rate":
        target = Decimal(target) / 100
    if measure.lower_is_better:
        return Decimal(str(value)) <= Decimal(target)
    return Decimal(str(value)) >= Decimal(target)
