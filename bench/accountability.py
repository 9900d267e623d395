"""Benchmark: the scorecard pages at 1,000 staff and 20,000 cases, as a ratio to a bare
logged-in page, and proof that their query counts do not grow with the data.

    .venv/bin/python bench/accountability.py                  # 2,000 then 20,000 cases
    .venv/bin/python bench/accountability.py --cases 20000    # the large size only
    .venv/bin/python bench/accountability.py --departments 20 # 20 departments at each size

Builds the database (SQLite under var/bench/, or PostgreSQL per ``DATABASE_URL``: see
bench/common.py) with bulk_create: departments of 50, one staff member per 20 cases,
a year of cases (a decision each, the section head added on the rule items that say
so, appeals with their outcomes, some dismissed or still open), commendations; a
handful of people get two efficiency warnings (不称职). Then times, as a manager, the
scorecards overview, a department's card, the busiest person's card and the case list,
and, as that person, their own card. Each size starts from an empty database; the run
fails if any page's query count differs between the sizes. The scorecards' yearly sums
are counted from the generated register (``tallies.rebuild``) after the build, and the
run fails if they differ from what the register holds.

By default departments grow with the staff (a larger centre: 2 → 20 departments, so
the overview shows 10× the rows); ``--departments 20`` keeps the same departments and
puts 10× the cases in each (the overview like for like).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import common

DB_NAME = "accountability.sqlite3"
YEAR = 2026
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 2000
DEPT_SIZE = 50


def build(n_staff: int, n_cases: int, n_depts: int, seed: int = 11) -> None:
    from django.contrib.auth.models import Group

    from firstask.accountability.models import (
        Appeal,
        Case,
        CaseParty,
        Commendation,
        Decision,
        RuleItem,
        Sanction,
    )
    from firstask.org.models import Department, StaffProfile
    from firstask.org.roles import Role
    from tests.factories import UserFactory

    rng = random.Random(seed)
    groups = {g.name: g for g in Group.objects.all()}
    departments = [
        Department(code=f"d{i}", name=f"科室{i}", is_general_office=i == 0) for i in range(n_depts)
    ]
    Department.objects.bulk_create(departments)
    users = []
    for i in range(n_staff):
        user = UserFactory.build(username=f"staff{i}", last_name="王", first_name=f"员{i}")
        user.password = "!"  # unusable: nobody logs in with a password here
        users.append(user)
    from django.contrib.auth import get_user_model

    get_user_model().objects.bulk_create(users, batch_size=BATCH)
    users = list(get_user_model().objects.filter(username__startswith="staff").order_by("pk"))
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=u, department=departments[i % n_depts], post="窗口")
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    through = get_user_model().groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=groups[Role.FIRST_RESPONDER].pk) for u in users],
        batch_size=BATCH,
    )

    def staff_user(name, role, dept):
        user = UserFactory.build(username=name, last_name="管", first_name=name)
        user.save()
        user.groups.add(groups[role])
        StaffProfile.objects.create(user=user, department=dept, post=name)
        return user

    staff_user("manager", Role.MANAGER, departments[0])
    leader = staff_user("leader", Role.SUPERVISING_LEADER, departments[0])
    leader2 = staff_user("leader2", Role.SUPERVISING_LEADER, departments[0])
    inspector = staff_user("inspector", Role.QUALITY_INSPECTOR, departments[0])
    for i, d in enumerate(departments):
        d.head = users[i]  # the first member of each department heads it
        d.supervising_leader = leader
    Department.objects.bulk_update(departments, ["head", "supervising_leader"])

    rules = list(RuleItem.objects.all())
    sanctions = list(Sanction.objects.all())
    warning = Sanction.objects.get(code="efficiency_warning")
    start = datetime(YEAR, 1, 2, 9, tzinfo=SHANGHAI)
    # A few people get two efficiency warnings in March: not competent this year.
    forced = {}
    for k in range(min(10, n_cases // 2)):
        for j in range(2):
            forced[k * 2 + j] = (users[k * 7 % len(users)], date(YEAR, 3, 1 + (k * 2 + j) % 27))
    cases, plans = [], []
    for i in range(n_cases):
        opened = start + timedelta(days=rng.randrange(360), minutes=rng.randrange(480))
        rule = rng.choice(rules)
        person = rng.choice(users)
        state = rng.choices(
            ["decided", "appealed", "withdrawn", "dismissed", "open"], [80, 3, 5, 5, 7]
        )[0]
        decided_on = None if state == "open" else (opened + timedelta(days=3)).date()
        sanction = None if state in ("dismissed", "open") else rng.choice(sanctions)
        if i in forced:
            person, decided_on = forced[i]
            state, sanction = "decided", warning
            opened = datetime.combine(decided_on, datetime.min.time(), tzinfo=SHANGHAI)
        cases.append(
            Case(
                rule_item=rule,
                summary="未登记来电",
                state=state,
                opened_by=inspector,
                opened_at=opened,
                decided_on=decided_on,
                appeal_due_on=decided_on + timedelta(days=7) if decided_on else None,
            )
        )
        plans.append((person, rule, sanction, state))
    Case.objects.bulk_create(cases, batch_size=BATCH)
    decisions, parties, appeals = [], [], []
    profile_dept = {u.pk: departments[i % n_depts] for i, u in enumerate(users)}
    for case, (person, rule, sanction, state) in zip(cases, plans, strict=True):
        dept = profile_dept[person.pk]
        direct_sanction = None if state == "withdrawn" else sanction
        copies = {
            "opened_on": case.opened_at.astimezone(SHANGHAI).date(),
            "decided_on": case.decided_on,
        }
        parties.append(
            CaseParty(
                case=case,
                person=person,
                responsibility="direct",
                department=dept,
                sanction=direct_sanction,
                standing=state in ("decided", "appealed") and direct_sanction is not None,
                **copies,
            )
        )
        if rule.chain_section_head and dept.head_id != person.pk:
            parties.append(
                CaseParty(
                    case=case,
                    person_id=dept.head_id,
                    responsibility="main",
                    department=dept,
                    **copies,
                )
            )
        if state == "open":
            continue
        at = datetime.combine(case.decided_on, datetime.min.time(), tzinfo=SHANGHAI)
        decisions.append(
            Decision(case=case, sanction=sanction, reasons="属实", decided_by=leader, decided_at=at)
        )
        if state in ("appealed", "withdrawn"):
            appeals.append(Appeal(case=case, appellant=person, reasons="不属实", filed_at=at))
        if state == "withdrawn":
            decisions.append(
                Decision(
                    case=case,
                    on_appeal=True,
                    outcome="withdrawn",
                    sanction=None,
                    reasons="撤销",
                    decided_by=leader2,
                    decided_at=at + timedelta(days=2),
                )
            )
    CaseParty.objects.bulk_create(parties, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    Appeal.objects.bulk_create(appeals, batch_size=BATCH)
    latest = {d.case_id: d.pk for d in decisions}
    for case in cases:
        case.decision_id = latest.get(case.pk)
    Case.objects.bulk_update(cases, ["decision"], batch_size=BATCH)
    Commendation.objects.bulk_create(
        [
            Commendation(
                person=(p := rng.choice(users)),
                department=profile_dept[p.pk],
                kind="praise",
                source="head",
                reasons="服务热情",
                state="approved",
                proposed_by=inspector,
                proposed_at=start + timedelta(days=rng.randrange(300)),
                decided_by=leader,
                decided_on=date(YEAR, 1, 1) + timedelta(days=rng.randrange(330)),
            )
            for _ in range(n_cases // 10)
        ],
        batch_size=BATCH,
    )


def run(n_cases: int, runs: int, *, first: bool, departments: int | None) -> list[list]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client

    from firstask.accountability.models import Case, CaseParty
    from firstask.org.models import Department

    if not first:
        common.recreate_database()
    n_staff = max(100, n_cases // 20)
    n_depts = departments or max(2, n_staff // DEPT_SIZE)
    began = time.perf_counter()
    with transaction.atomic():
        build(n_staff, n_cases, n_depts)
    # bulk_create bypasses the services, which keep the scorecards' yearly sums: count
    # them from the register as `manage.py rebuild_scorecards` does.
    from firstask.accountability.tallies import differences, rebuild

    rebuild()
    assert not differences(), "the scorecards' sums differ from the register"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - began
    users = get_user_model().objects
    manager = users.get(username="manager")
    busiest = CaseParty.objects.values("person_id").annotate(n=Count("pk")).order_by("-n").first()
    person = users.get(pk=busiest["person_id"])
    dept = Department.objects.get(code="d1")
    q = f"?year={YEAR}"
    pages = {
        "scorecards overview": "/accountability/scorecards/",
        "department card": f"/accountability/scorecards/department/{dept.pk}/",
        "busiest person's card": f"/accountability/scorecards/person/{person.pk}/",
        "case list (manager)": "/accountability/",
    }
    client = Client()
    client.force_login(manager)
    own = Client()
    own.force_login(person)
    for label, url in pages.items():
        assert client.get(url + q).status_code == 200, (label, url)
    own_url = pages["busiest person's card"] + q
    timed = [(label, lambda url=url: client.get(url + q)) for label, url in pages.items()]
    timed.append(("own card (staff)", lambda: own.get(own_url)))
    base, rows = common.time_pages(client, timed, runs)
    data = (
        f"{n_staff:,} staff in {n_depts} departments of {n_staff // n_depts}, "
        f"{Case.objects.count():,} cases "
        f"and {CaseParty.objects.count():,} persons responsible in {YEAR}; "
        f"the busiest person answers for {busiest['n']:,}; built in {built:.0f} s"
    )
    title = common.heading(f"Accountability scorecards at {n_cases:,} cases", data)
    common.print_table(title, base, rows)
    return common.figures(base, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="2000,20000", help="cases (staff: one per 20)")
    parser.add_argument("--runs", type=int, default=10, help="timed requests per page")
    parser.add_argument(
        "--departments",
        type=int,
        help="this many departments at every size (like for like: the overview has a row "
        f"per department); default one per {DEPT_SIZE} staff",
    )
    args = parser.parse_args()

    def sized(size: int, first: bool) -> list[list]:
        return run(size, args.runs, first=first, departments=args.departments)

    results = common.each_size(DB_NAME, args.cases, sized)
    if common.print_growth(results, unit="cases"):
        sys.exit("a page's query count grew with the data")


if __name__ == "__main__":
    main()
