"""The cumulative rules of the sanction ladder, per calendar year — pure functions.

004 篇五·五 and 篇三·五(三): any sanction in a year → no individual honours that year
(不得评优); two efficiency warnings (效能告诫) in a year → the year's assessment is
"not competent" (不称职); a department with a "not competent" member may not be
honoured as a unit that year (不得评先); public criticism (通报批评) → moved or
retrained. Nothing here is typed in by anyone: the scorecard calls these with the
counting sanctions of the year, and shows the cases that caused each consequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NO_HONOURS = "no_honours"
NOT_COMPETENT = "not_competent"
RETRAIN = "retrain"
NO_UNIT_HONOURS = "no_unit_honours"

LABELS = {
    NO_HONOURS: _("Not eligible for honours this year (不得评优)"),
    NOT_COMPETENT: _("Assessment: not competent (不称职)"),
    RETRAIN: _("Public criticism: moved or suspended for training"),
    NO_UNIT_HONOURS: _("Department not eligible for unit honours this year (不得评先)"),
}


def unfit_after() -> int:
    """How many efficiency warnings in a calendar year make the year 不称职 (default 2)."""
    return int(getattr(settings, "ACCOUNTABILITY_UNFIT_AFTER", 2))


@dataclass(frozen=True)
class Counted:
    """One counting sanction of a person: the case, when it was decided, what it is."""

    case_id: int
    reference: str
    year: int
    sanction: str
    efficiency_warning: bool
    public_criticism: bool


@dataclass
class Consequence:
    code: str
    year: int
    cases: list[Counted] = field(default_factory=list)

    @property
    def label(self):
        return LABELS[self.code]


def consequences(counted: list[Counted]) -> list[Consequence]:
    """A person's consequences, year by year, each with the cases that cause it."""
    by_year: dict[int, list[Counted]] = {}
    for c in counted:
        by_year.setdefault(c.year, []).append(c)
    result: list[Consequence] = []
    for year in sorted(by_year):
        cases = by_year[year]
        warnings = [c for c in cases if c.efficiency_warning]
        if len(warnings) >= unfit_after():
            result.append(Consequence(NOT_COMPETENT, year, warnings))
        result.append(Consequence(NO_HONOURS, year, cases))
        criticised = [c for c in cases if c.public_criticism]
        if criticised:
            result.append(Consequence(RETRAIN, year, criticised))
    return result


def is_competent(counted: list[Counted], year: int) -> bool:
    return not any(c.code == NOT_COMPETENT and c.year == year for c in consequences(counted))
