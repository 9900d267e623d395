"""Reads of accountability: scorecards, lists, and the counts other apps use.

Every function runs a fixed number of queries whatever the number of staff or cases
(aggregates and one list query each), so the pages built on them have fixed counts.

For the measures app (``firstask.reports``, above this one) the public counting
functions are: ``violations_count``, ``violations_by_person``,
``violations_by_department``, ``sanctions_count``, ``commendations_count``,
``complaints_count``, ``not_competent_persons`` and ``persons_with_violations``. A
violation is a case whose sanction stands (decided or under appeal), counted once, on
the direct responsible person and their department, on the date it was decided.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from firstask.accountability.choices import (
    COUNTING_STATES,
    CommendationState,
    Responsibility,
)
from firstask.accountability.ladder import (
    NO_UNIT_HONOURS,
    NOT_COMPETENT,
    Consequence,
    Counted,
    consequences,
    unfit_after,
)
from firstask.accountability.models import CaseParty, Commendation, Complaint, DepartmentYear


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates; a calendar year is the usual one."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    @property
    def is_year(self) -> bool:
        return self.start == date(self.start.year, 1, 1) and self.end == date(
            self.start.year, 12, 31
        )

    def label(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


def _counting(period: Period) -> Q:
    """Parties whose sanction stands, decided in ``period`` (CaseParty's own columns)."""
    return Q(standing=True, decided_on__gte=period.start, decided_on__lte=period.end)


def _scoped(qs: QuerySet, department_id: int | None, person_id: int | None) -> QuerySet:
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


# --- counts for reports -----------------------------------------------------------------


def violations_count(
    period: Period, *, department_id: int | None = None, person_id: int | None = None
) -> int:
    """Violations decided in ``period`` whose sanction stands (one query)."""
    qs = CaseParty.objects.filter(_counting(period), responsibility=Responsibility.DIRECT)
    return _scoped(qs, department_id, person_id).count()


def violations_by_person(period: Period, *, department_id: int | None = None) -> dict[int, int]:
    """{person id: violations} for the direct responsible persons (one query)."""
    qs = CaseParty.objects.filter(_counting(period), responsibility=Responsibility.DIRECT)
    rows = _scoped(qs, department_id, None).values("person_id").annotate(n=Count("pk"))
    return {r["person_id"]: r["n"] for r in rows}


def violations_by_department(period: Period) -> dict[int, int]:
    """{department id: violations of its staff} (one query)."""
    rows = (
        CaseParty.objects.filter(
            _counting(period), responsibility=Responsibility.DIRECT, department__isnull=False
        )
        .values("department_id")
        .annotate(n=Count("pk"))
    )
    return {r["department_id"]: r["n"] for r in rows}


def persons_with_violations(period: Period) -> set[int]:
    """Everyone answering (directly or as leadership) for a standing sanction in period."""
    return set(
        CaseParty.objects.filter(_counting(period), sanction__isnull=False)
        .values_list("person_id", flat=True)
        .distinct()
    )


def sanctions_count(
    period: Period, *, department_id: int | None = None, person_id: int | None = None
) -> dict[str, int]:
    """{sanction name: how many standing} incl. leadership sanctions (one query)."""
    qs = CaseParty.objects.filter(_counting(period), sanction__isnull=False)
    rows = _scoped(qs, department_id, person_id).values("sanction__name").annotate(n=Count("pk"))
    return {r["sanction__name"]: r["n"] for r in rows}


def commendations_count(
    period: Period, *, department_id: int | None = None, person_id: int | None = None
) -> int:
    qs = Commendation.objects.filter(
        state=CommendationState.APPROVED,
        decided_on__gte=period.start,
        decided_on__lte=period.end,
    )
    return _scoped(qs, department_id, person_id).count()


def complaints_count(
    period: Period, *, department_id: int | None = None, kind: str | None = None
) -> int:
    """Register entries received in ``period`` (optionally of one kind / department)."""
    qs = Complaint.objects.filter(received_on__gte=period.start, received_on__lte=period.end)
    if department_id is not None:
        qs = qs.filter(concerned_department_id=department_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.count()


def counted_by_person(
    years: range, *, person_id: int | None = None, department_id: int | None = None
) -> dict[int, list[Counted]]:
    """Every standing sanction of the given calendar years, by person (one query)."""
    qs = CaseParty.objects.filter(
        _counting(Period(date(years.start, 1, 1), date(years.stop - 1, 12, 31))),
        sanction__isnull=False,
    )
    qs = _scoped(qs, department_id, person_id).values(
        "person_id",
        "case_id",
        "case__opened_at",
        "decided_on",
        "sanction__name",
        "sanction__is_efficiency_warning",
        "sanction__is_public_criticism",
    )
    result: dict[int, list[Counted]] = defaultdict(list)
    for r in qs.order_by("decided_on", "case_id"):
        result[r["person_id"]].append(
            Counted(
                case_id=r["case_id"],
                reference=f"ZR{r['case__opened_at']:%Y}-{r['case_id']:05d}",
                year=r["decided_on"].year,
                sanction=r["sanction__name"],
                efficiency_warning=r["sanction__is_efficiency_warning"],
                public_criticism=r["sanction__is_public_criticism"],
            )
        )
    return result


def not_competent_persons(year: int, *, department_id: int | None = None) -> set[int]:
    """Persons whose ``year`` assessment is 不称职 by the ladder (one query)."""
    counted = counted_by_person(range(year, year + 1), department_id=department_id)
    return {
        pid
        for pid, rows in counted.items()
        if any(c.code == NOT_COMPETENT for c in consequences(rows))
    }


# --- scorecards ---------------------------------------------------------------------------


@dataclass
class PersonCard:
    person: object
    department: object | None
    period: Period
    parties: list[CaseParty]
    commendations: list[Commendation]
    consequences: list[Consequence]
    violations_by_rule: list[tuple[str, int]] = field(default_factory=list)
    sanctions_by_kind: list[tuple[str, int]] = field(default_factory=list)
    appeals: int = 0
    total_cases: int = 0

    @property
    def competent(self) -> bool:
        return not any(c.code == NOT_COMPETENT for c in self.consequences)


def instants(period: Period) -> tuple[datetime, datetime]:
    """The period as [first instant, instant after the last day) in local time: a range
    on the indexed column rather than a per-row date cast."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _in_period(period: Period) -> Q:
    """Cases decided in the period, or still undecided and opened in it."""
    return Q(decided_on__gte=period.start, decided_on__lte=period.end) | Q(
        decided_on__isnull=True, opened_on__gte=period.start, opened_on__lte=period.end
    )


def _party_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "case__rule_item", "case__decision", "case__appeal_filed", "sanction", "person"
    ).order_by("-case_id")


# The newest cases a card lists; the figures above the list count all of them.
CASE_ROWS = 50


def person_card(person_id: int, period: Period) -> PersonCard | None:
    """The scorecard of one person (six queries, whatever the number of cases)."""
    from django.contrib.auth import get_user_model

    person = (
        get_user_model().objects.filter(pk=person_id).select_related("profile__department").first()
    )
    if person is None:
        return None
    profile = getattr(person, "profile", None)
    in_period = CaseParty.objects.filter(_in_period(period), person=person)
    parties = list(_party_rows(in_period)[:CASE_ROWS])
    totals = in_period.aggregate(
        cases=Count("pk"), appeals=Count("pk", filter=Q(case__appeal_filed__isnull=False))
    )
    start, end = instants(period)
    commendations = list(
        Commendation.objects.filter(person=person, proposed_at__lt=end)
        .filter(
            Q(decided_on__gte=period.start, decided_on__lte=period.end)
            | Q(decided_on__isnull=True, proposed_at__gte=start)
        )
        .order_by("-proposed_at")[:CASE_ROWS]
    )
    counted = counted_by_person(period.years, person_id=person.pk).get(person.pk, [])
    card = PersonCard(
        person=person,
        department=profile.department if profile else None,
        period=period,
        parties=parties,
        commendations=commendations,
        consequences=consequences(counted),
    )
    standing = (
        CaseParty.objects.filter(_counting(period), person=person, sanction__isnull=False)
        .values("responsibility", "case__rule_item__title", "sanction__name")
        .annotate(n=Count("pk"))
    )
    by_rule: Counter = Counter()
    by_sanction: Counter = Counter()
    for row in standing:
        by_sanction[row["sanction__name"]] += row["n"]
        if row["responsibility"] == Responsibility.DIRECT:
            by_rule[row["case__rule_item__title"]] += row["n"]
    card.violations_by_rule = by_rule.most_common()
    card.sanctions_by_kind = by_sanction.most_common()
    card.appeals = totals["appeals"]
    card.total_cases = totals["cases"]
    return card


@dataclass
class MemberRow:
    person: object
    violations: int = 0
    sanctions: int = 0
    commendations: int = 0
    competent: bool = True
    consequences: list[Consequence] = field(default_factory=list)


@dataclass
class DepartmentCard:
    department: object
    period: Period
    members: list[MemberRow]
    parties: list[CaseParty]
    consequences: list[Consequence]
    total_cases: int = 0


def department_card(department_id: int, period: Period, *, case_limit: int = CASE_ROWS):
    """The scorecard of a department and its members (six queries)."""
    from django.contrib.auth import get_user_model

    from firstask.org.models import Department

    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        return None
    members = list(
        get_user_model()
        .objects.filter(profile__department_id=department_id, is_active=True)
        .order_by("last_name", "first_name", "pk")
    )
    rows = {m.pk: MemberRow(person=m) for m in members}
    in_period = CaseParty.objects.filter(_in_period(period), department_id=department_id)
    parties = list(_party_rows(in_period)[:case_limit])
    total_cases = in_period.count()
    counted = counted_by_person(period.years, department_id=department_id)
    praised = (
        Commendation.objects.filter(
            department_id=department_id,
            state=CommendationState.APPROVED,
            decided_on__gte=period.start,
            decided_on__lte=period.end,
        )
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    for r in praised:
        if r["person_id"] in rows:
            rows[r["person_id"]].commendations = r["n"]
    unit: list[Consequence] = []
    for pid, items in counted.items():
        row = rows.get(pid)
        in_period = [c for c in items if c.year in period.years]
        if row is None:
            continue
        row.consequences = consequences(in_period)
        row.competent = not any(c.code == NOT_COMPETENT for c in row.consequences)
        row.sanctions = len(in_period)
        for c in row.consequences:
            if c.code == NOT_COMPETENT:
                unit.append(Consequence(NO_UNIT_HONOURS, c.year, c.cases))
    violation_counts = violations_by_person(period, department_id=department_id)
    for pid, n in violation_counts.items():
        if pid in rows:
            rows[pid].violations = n
    return DepartmentCard(department, period, list(rows.values()), parties, unit, total_cases)


@dataclass
class OverviewRow:
    department: object
    violations: int
    commendations: int
    not_competent: int
    no_unit_honours: bool


def overview(period: Period) -> list[OverviewRow]:
    """Every department's figures for the leaders' scorecard index.

    A calendar year (the page's default and its ``?year=``) reads the year's kept sums
    (``DepartmentYear``, two queries whatever the size of the register); any other
    range of dates, or sums counted under another ``ACCOUNTABILITY_UNFIT_AFTER``,
    counts the register itself (``overview_counted``).
    """
    from firstask.org.models import Department

    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    if not period.is_year:
        return overview_counted(period, departments)
    kept = {r.department_id: r for r in DepartmentYear.objects.filter(year=period.start.year)}
    if any(r.unfit_after != unfit_after() for r in kept.values()):
        return overview_counted(period, departments)
    rows = []
    for d in departments:
        sums = kept.get(d.pk)
        unfit = sums.not_competent if sums else 0
        rows.append(
            OverviewRow(
                department=d,
                violations=sums.violations if sums else 0,
                commendations=sums.commendations if sums else 0,
                not_competent=unfit,
                no_unit_honours=unfit > 0,
            )
        )
    return rows


def overview_counted(period: Period, departments: list) -> list[OverviewRow]:
    """The overview counted from the register's rows of the period (three queries that
    read every case of it): for a range that is not a calendar year, and the oracle
    the kept sums are tested against."""
    violations = violations_by_department(period)
    praised = dict(
        Commendation.objects.filter(
            state=CommendationState.APPROVED,
            decided_on__gte=period.start,
            decided_on__lte=period.end,
            department__isnull=False,
        )
        .values_list("department_id")
        .annotate(n=Count("pk"))
    )
    counted = CaseParty.objects.filter(
        _counting(Period(date(period.start.year, 1, 1), date(period.end.year, 12, 31))),
        sanction__is_efficiency_warning=True,
        department__isnull=False,
    ).values("department_id", "person_id", "decided_on")
    warnings: Counter = Counter(
        (r["department_id"], r["person_id"], r["decided_on"].year) for r in counted
    )
    unfit: Counter = Counter()
    for (dept, _person, _year), n in warnings.items():
        if n >= unfit_after():
            unfit[dept] += 1
    return [
        OverviewRow(
            department=d,
            violations=violations.get(d.pk, 0),
            commendations=praised.get(d.pk, 0),
            not_competent=unfit.get(d.pk, 0),
            no_unit_honours=unfit.get(d.pk, 0) > 0,
        )
        for d in departments
    ]


def ledger(year: int, *, department_id: int | None = None) -> dict:
    """The year's ledger: every decided case (withdrawn ones marked), the approved
    commendations, and the year's consequences (four queries)."""
    from firstask.accountability.choices import CaseState

    period = Period.year(year)
    parties = CaseParty.objects.filter(
        decided_on__gte=period.start,
        decided_on__lte=period.end,
        case__state__in=(*COUNTING_STATES, CaseState.WITHDRAWN),
    )
    if department_id is not None:
        parties = parties.filter(department_id=department_id)
    parties = list(
        parties.select_related(
            "case__rule_item", "case__decision", "sanction", "person", "department"
        ).order_by("decided_on", "case_id", "pk")
    )
    commendations = Commendation.objects.filter(
        state=CommendationState.APPROVED, decided_on__gte=period.start, decided_on__lte=period.end
    )
    if department_id is not None:
        commendations = commendations.filter(department_id=department_id)
    counted = counted_by_person(period.years, department_id=department_id)
    from django.contrib.auth import get_user_model

    people = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=list(counted))
        .select_related("profile__department")
    }
    unfit = []
    unit_depts: dict[int, object] = {}
    for pid, rows in counted.items():
        for c in consequences(rows):
            if c.code == NOT_COMPETENT and pid in people:
                person = people[pid]
                unfit.append((person, c))
                profile = getattr(person, "profile", None)
                if profile and profile.department:
                    unit_depts[profile.department.pk] = profile.department
    return {
        "parties": parties,
        "commendations": list(commendations.select_related("person", "department")),
        "not_competent": unfit,
        "no_unit_honours": list(unit_depts.values()),
    }
