"""Periods a page or report covers: day, week, month, quarter, year or a custom range.

A period is a half-open range of local dates ``[start, end)`` plus its kind, so the
previous period (for the comparison) and the months it spans (for the month rows) are
plain date arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

KINDS = {
    "day": _("Day"),
    "week": _("Week"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
    "custom": _("Custom"),
}
MAX_CUSTOM_DAYS = 3660


def add_months(d: date, n: int) -> date:
    months = d.year * 12 + d.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # exclusive

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        if self.kind in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
            return Period(self.kind, add_months(self.start, -months), self.start)
        return Period(self.kind, self.start - timedelta(days=self.days), self.start)

    def next(self) -> Period:
        if self.kind in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
            return Period(self.kind, self.end, add_months(self.end, months))
        return Period(self.kind, self.end, self.end + timedelta(days=self.days))

    def split(self) -> tuple[list[date], list[tuple[date, date]]]:
        """Whole months inside the period (read from month rows) and the leftover day
        ranges at its edges (read from day rows)."""
        first_month = self.start if self.start.day == 1 else add_months(self.start, 1)
        months, edges = [], []
        m = first_month
        while add_months(m, 1) <= self.end:
            months.append(m)
            m = add_months(m, 1)
        if not months:
            return [], [(self.start, self.end)]
        if self.start < months[0]:
            edges.append((self.start, months[0]))
        tail = add_months(months[-1], 1)
        if tail < self.end:
            edges.append((tail, self.end))
        return months, edges

    def query(self) -> str:
        if self.kind == "custom":
            return f"period=custom&start={self.start}&end={self.last}"
        return f"period={self.kind}&start={self.start}"

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start} – {self.last}"


def period_of(kind: str, anchor: date, last: date | None = None) -> Period:
    """The period of ``kind`` containing ``anchor`` (custom: ``anchor`` to ``last``)."""
    if kind == "day":
        return Period(kind, anchor, anchor + timedelta(days=1))
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == "month":
        start = anchor.replace(day=1)
        return Period(kind, start, add_months(start, 1))
    if kind == "quarter":
        start = date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, add_months(start, 3))
    if kind == "year":
        start = date(anchor.year, 1, 1)
        return Period(kind, start, date(anchor.year + 1, 1, 1))
    if kind == "custom":
        last = last or anchor
        if last < anchor:
            anchor, last = last, anchor
        if (last - anchor).days > MAX_CUSTOM_DAYS:
            raise ValueError("range too long")
        return Period(kind, anchor, last + timedelta(days=1))
    raise ValueError(kind)
