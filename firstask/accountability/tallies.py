"""Keep the scorecards' yearly sums (``DepartmentYear``) equal to the register.

The sums are a copy: every number in them is counted from the register's own rows
(``CaseParty``'s standing sanctions, approved ``Commendation``s) by ``count``, the one
definition, used both to recount the few (department, year) keys a register change
touches — in the same transaction, by the services — and to rebuild every key
(``rebuild``: the migration that introduced the sums, ``manage.py
rebuild_scorecards``, a catalogue change). Recounting the keys rather than adding
deltas means a sum cannot drift: whatever the change was (a decision, a dismissal, an
appeal upheld, changed or withdrawn, a commendation approved), the key ends up equal
to what the register says.

Two decisions about one department at the same moment: each locks the department's
year row before counting, so the second waits, and on PostgreSQL (read committed: a
statement sees what committed before it began) then counts what the first wrote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps as installed_apps
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from firstask.accountability.choices import CommendationState, Responsibility
from firstask.accountability.ladder import unfit_after

Key = tuple[int, int]  # (department id, year)
FIELDS = ("violations", "commendations", "not_competent", "unfit_after")


@dataclass(frozen=True)
class Sums:
    violations: int = 0
    commendations: int = 0
    not_competent: int = 0


def _within(keys: list[Key] | None, date_field: str) -> Q:
    """The register rows that can count for ``keys`` (all of them for None): their
    departments, decided in the years' span (narrowed to the exact keys afterwards)."""
    condition = Q(department__isnull=False, **{f"{date_field}__isnull": False})
    if keys is None:
        return condition
    years = [year for _department, year in keys]
    return condition & Q(
        department_id__in={department for department, _year in keys},
        **{
            f"{date_field}__gte": date(min(years), 1, 1),
            f"{date_field}__lte": date(max(years), 12, 31),
        },
    )


def count(keys: Iterable[Key] | None = None, *, apps=installed_apps) -> dict[Key, Sums]:
    """The sums as the register holds them now, for ``keys`` or for every key that has
    anything (three grouped queries). ``apps``: a migration's historical models.

    The same definitions as the counting selectors: a violation is a direct party
    whose sanction stands, on its department at opening, in the year it was decided;
    a member is 不称职 in a department's year with ``unfit_after()`` standing
    efficiency warnings there (direct or as leadership); a commendation counts once
    approved, in the year it was decided.
    """
    party = apps.get_model("accountability", "CaseParty").objects
    commendation = apps.get_model("accountability", "Commendation").objects
    wanted = None if keys is None else sorted(set(keys))
    if wanted == []:
        return {}
    year = ExtractYear("decided_on")
    standing = party.filter(_within(wanted, "decided_on"), standing=True).annotate(year=year)
    violations = (
        standing.filter(responsibility=Responsibility.DIRECT)
        .values("department_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unfit = (
        standing.filter(sanction__is_efficiency_warning=True)
        .values("department_id", "person_id", "year")
        .annotate(n=Count("pk"))
        .filter(n__gte=unfit_after())
        .order_by()
    )
    praised = (
        commendation.filter(_within(wanted, "decided_on"), state=CommendationState.APPROVED)
        .annotate(year=year)
        .values("department_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[str, Counter] = {"violations": Counter(), "commendations": Counter()}
    for name, rows in (("violations", violations), ("commendations", praised)):
        for r in rows:
            found[name][(r["department_id"], r["year"])] = r["n"]
    not_competent = Counter((r["department_id"], r["year"]) for r in unfit)
    every = set(found["violations"]) | set(found["commendations"]) | set(not_competent)
    return {
        key: Sums(found["violations"][key], found["commendations"][key], not_competent[key])
        for key in (every if wanted is None else wanted)
    }


def _keys_q(keys: list[Key]) -> Q:
    condition = Q(pk__in=[])
    for department, year in keys:
        condition |= Q(department_id=department, year=year)
    return condition


def recount(keys: Iterable[tuple[int | None, int | None]]) -> None:
    """Count again the (department, year) keys a register change may have moved.

    Called by the services inside their transaction, after the change: the rows are
    created if new and locked in key order (two writers never wait for each other in
    a circle), then set to what ``count`` finds. Keys without a department (a person
    with no profile) are on no department's row, as the live count never had them.
    """
    from firstask.accountability.models import DepartmentYear

    wanted = sorted({(d, y) for d, y in keys if d is not None and y is not None})
    if not wanted:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("recount belongs in the transaction of the register's change")
    threshold = unfit_after()
    DepartmentYear.objects.bulk_create(
        [DepartmentYear(department_id=d, year=y, unfit_after=threshold) for d, y in wanted],
        ignore_conflicts=True,
    )
    rows = list(
        DepartmentYear.objects.select_for_update()
        .filter(_keys_q(wanted))
        .order_by("year", "department_id")
    )
    _store(rows, count(wanted), threshold)


def _store(rows, sums: dict[Key, Sums], threshold: int, *, model=None) -> int:
    """Set ``rows`` to ``sums`` (zero where a key has nothing); how many changed."""
    changed = []
    for row in rows:
        new = sums.get((row.department_id, row.year), Sums())
        values = (new.violations, new.commendations, new.not_competent, threshold)
        if tuple(getattr(row, f) for f in FIELDS) != values:
            for name, value in zip(FIELDS, values, strict=True):
                setattr(row, name, value)
            changed.append(row)
    if changed:
        (model or type(changed[0])).objects.bulk_update(changed, FIELDS)
    return len(changed)


def differences(*, apps=installed_apps) -> dict[Key, tuple[Sums, Sums]]:
    """{key: (kept, counted now)} wherever the kept sums differ from the register."""
    model = apps.get_model("accountability", "DepartmentYear")
    counted = count(apps=apps)
    threshold = unfit_after()
    kept = {}
    stale = set()
    for row in model.objects.all():
        key = (row.department_id, row.year)
        kept[key] = Sums(row.violations, row.commendations, row.not_competent)
        if row.unfit_after != threshold:
            stale.add(key)
    return {
        key: (kept.get(key, Sums()), counted.get(key, Sums()))
        for key in set(kept) | set(counted)
        if key in stale or kept.get(key, Sums()) != counted.get(key, Sums())
    }


def rebuild(*, apps=installed_apps) -> int:
    """Every key counted again from the register; how many rows it changed (a new key
    starts at zero, so it is one of them).

    In one transaction: the keys found are created and locked first, then counted, so
    a decision committing meanwhile is either waited for or counted.
    """
    model = apps.get_model("accountability", "DepartmentYear")
    threshold = unfit_after()
    with transaction.atomic():
        keys = sorted(count(apps=apps))
        model.objects.bulk_create(
            [model(department_id=d, year=y, unfit_after=threshold) for d, y in keys],
            ignore_conflicts=True,
        )
        rows = list(model.objects.select_for_update().order_by("year", "department_id"))
        return _store(rows, count(apps=apps), threshold, model=model)
