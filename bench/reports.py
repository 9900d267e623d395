"""Benchmark: the measures stay flat from 10k to a million inquiries.

    .venv/bin/python bench/reports.py                          # 10k and 100k inquiries
    .venv/bin/python bench/reports.py --sizes 10000,100000,1000000

For each size, builds a throwaway database (bench/common.py) with a year (2025) of
inquiries shaped like an office's — half answered on the spot, a third referred (some
returned, some redone after a dissatisfied call back), a few still open and overdue —
with their events and follow-up records, by bulk insert; then:

- rebuilds the measures (``rebuild_measures``) and reports the rate in inquiries/s;
- times the year's overview and the year's breakdown by staff member as a manager,
  against the bare logged-in view, with the SQL statements of one request;
- adds a day of 3,000 inquiries (with events) and times the incremental refresh that
  folds it in (the beat task's work).

The summary compares each page's ratio to the bare view at the largest size with the
smallest: the issue asks for at most 1.5×, and for the same query count everywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import common
from shape import dialect

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2025
BATCH = 5000
NEW_DAY = date(2026, 1, 6)  # a Tuesday after the year, for the refresh


def _people():
    from django.contrib.auth.models import Group

    from firstask.org.models import Department, StaffProfile
    from firstask.org.roles import Role
    from tests.factories import UserFactory

    departments = [
        Department.objects.create(code=f"d{i}", name=f"科室{i}", is_general_office=i == 0)
        for i in range(10)
    ]
    groups = {g.name: g for g in Group.objects.all()}
    staff = []
    for i in range(80):
        user = UserFactory.build(username=f"staff{i}", last_name="王", first_name=f"员{i}")
        user.set_password("bench")
        user.save()
        user.groups.add(groups[Role.FIRST_RESPONDER], groups[Role.HANDLER])
        StaffProfile.objects.create(user=user, department=departments[i % 10], post="窗口")
        staff.append((user.pk, departments[i % 10].pk))
    manager = UserFactory.build(username="manager", is_staff=True)
    manager.save()
    manager.groups.add(groups[Role.MANAGER])
    StaffProfile.objects.create(user=manager, department=departments[0], post="管理员")
    return departments, staff, manager


class Inserter:
    """Raw executemany of plain dicts, with explicit ids: the ORM's bulk_create spends
    longer preparing ~50 fields per inquiry than the database spends storing them, and
    a million inquiries must be built in minutes on a shared machine."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.next_id: dict = {}

    def ids(self, model, n: int) -> range:
        from django.db.models import Max

        if model not in self.next_id:
            self.next_id[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_id[model]
        self.next_id[model] += n
        return range(start, start + n)

    def _value(self, field, value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None) if self.sqlite else value
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value

    def insert(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields = list(model._meta.concrete_fields)
        defaults = {f.attname: f.get_default() for f in fields}
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        values = [
            tuple(self._value(f, row.get(f.attname, defaults[f.attname])) for f in fields)
            for row in rows
        ]
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        with self.connection.cursor() as cursor:
            for i in range(0, len(values), BATCH):
                cursor.executemany(sql, values[i : i + BATCH])

    def reset_sequences(self) -> None:
        self.reset_sequences_of(list(self.next_id))

    def reset_sequences_of(self, models) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _one_day(ins: Inserter, rng, day: date, n: int, staff, departments, seq_start: int = 0):
    """Tickets, events and follow-ups of one day."""
    from firstask.tickets.models import FollowUp, Ticket, TicketEvent

    tickets, later = [], []
    ticket_ids = ins.ids(Ticket, n)
    for i in range(n):
        w = datetime(day.year, day.month, day.day, 8, 30, tzinfo=SHANGHAI) + timedelta(
            minutes=rng.randrange(0, 9 * 60)
        )
        responder, dept = rng.choice(staff)
        shape = rng.choices(
            ["spot", "answered", "referred", "returned", "redo", "open"], [50, 10, 28, 5, 4, 3]
        )[0]
        first = w + timedelta(minutes=rng.choice([3, 10, 25, 45, 90]))
        done = first + timedelta(hours=rng.choice([0.1, 2, 6, 30, 80]))
        f = {"state": "closed", "closed_at": done, "followed_up_at": done, "answered_at": first}
        f["satisfaction"] = rng.choices(["satisfied", "basically"], [85, 15])[0]
        if shape == "spot":
            f.update(answer_kind="on_the_spot", closed_at=first, followed_up_at=first)
        elif shape == "answered":
            f.update(answer_kind="not_permitted")
        elif shape in ("referred", "returned", "redo"):
            f.update(answered_at=None, referral_count=1, referred_at=first)
            f.update(referred_department_id=rng.choice(departments[1:]).pk)
            f.update(signed_at=first + timedelta(hours=1), result_at=done - timedelta(hours=1))
            f["return_count"] = int(shape == "returned")
            f["redo_count"] = int(shape == "redo")
        else:
            f = {"state": "received"}
        referred = bool(f.get("referral_count"))
        tickets.append(
            {
                "id": ticket_ids[i],
                "number": f"{day:%Y%m%d}-{seq_start + i + 1:05d}",
                "channel": rng.choice(["walk_in", "walk_in", "phone", "letter", "online"]),
                "category": rng.choice(["consultation", "business", "complaint", "help"]),
                "received_at": w,
                "visitor_name": "李明",
                "visitor_phone": "13812345678",
                "matter": "咨询二手房过户需要准备哪些材料",
                "first_responder_id": responder,
                "first_responder_department_id": dept,
                "answer_due_at": w + timedelta(hours=8),
                "sign_for_due_at": first + timedelta(days=1) if referred else None,
                "handle_due_at": first + timedelta(days=3) if referred else None,
                "follow_up_due_at": done + timedelta(days=1) if f["state"] == "closed" else None,
                "updated_at": w,
                **f,
            }
        )
        later.append((shape, first))
    ins.insert(Ticket, tickets)
    events, follow_ups = [], []
    for t, (shape, first) in zip(tickets, later, strict=True):
        by, tid = t["first_responder_id"], t["id"]

        def event(kind, at, tid=tid, by=by):
            events.append({"ticket_id": tid, "kind": kind, "actor_id": by, "at": at})

        event("registered", t["received_at"])
        if shape == "open":
            continue
        event("referred" if t.get("referral_count") else "answered", first)
        if t.get("referral_count"):
            if shape == "returned":
                event("returned", first)
                event("referred", first)
            event("signed_for", t["signed_at"])
        event("closed", t["closed_at"])
        scored = rng.random() < 0.3
        follow_ups.append(
            {
                "ticket_id": tid,
                "method": "phone",
                "contacted_at": t["followed_up_at"],
                "satisfaction": t["satisfaction"],
                "recorded_by_id": by,
                "score_attitude": rng.randint(3, 5) if scored else None,
                "score_speed": rng.randint(3, 5) if scored else None,
                "score_resolution": rng.randint(3, 5) if scored else None,
            }
        )
    for row, pk in zip(events, ins.ids(TicketEvent, len(events)), strict=True):
        row["id"] = pk
    for row, pk in zip(follow_ups, ins.ids(FollowUp, len(follow_ups)), strict=True):
        row["id"] = pk
    ins.insert(TicketEvent, events)
    ins.insert(FollowUp, follow_ups)


# Generated row by row; larger sizes are SQL copies of it (see copy_up_to).
BASE = int(os.environ.get("BENCH_REPORTS_BASE", 100_000))


def build(total: int, seed: int = 12) -> None:
    """Up to BASE inquiries over the year, generated row by row (larger sizes: copies)."""
    from django.db import transaction

    rng = random.Random(seed)
    departments, staff, _manager = _people()
    ins = Inserter()
    base = min(total, BASE)
    days = [date(YEAR, 1, 1) + timedelta(days=i) for i in range(365)]
    per_day = [base // 365 + (1 if i < base % 365 else 0) for i in range(365)]
    for month in range(1, 13):
        with transaction.atomic():  # one commit a month
            for day, n in zip(days, per_day, strict=True):
                if day.month == month:
                    _one_day(ins, rng, day, n, staff, departments)
    ins.reset_sequences()


def copy_up_to(total: int) -> None:
    """Copies of the generated year — inquiries, events, follow-ups and their facts,
    which are identical by construction — then the day and month rows from the facts."""
    from django.db import transaction
    from django.db.models import Max

    from firstask.reports import sql
    from firstask.reports.models import TicketFact
    from firstask.tickets.models import FollowUp, Ticket, TicketEvent

    models = (Ticket, TicketEvent, FollowUp)
    tops = {m: m.objects.aggregate(top=Max("pk"))["top"] or 0 for m in models}
    tops[TicketFact] = tops[Ticket]
    for copy in range(1, total // BASE):
        with transaction.atomic():
            replicate(copy, tops)
    Inserter().reset_sequences_of(models)
    for i in range(365):
        with transaction.atomic():
            sql.write_day(date(YEAR, 1, 1) + timedelta(days=i))
    for month in range(1, 13):
        with transaction.atomic():
            sql.write_month(date(YEAR, month, 1), date(YEAR + month // 12, month % 12 + 1, 1))
    # The copies' events are folded in already: the refresh starts after them.
    from firstask.reports.models import RefreshState

    top_event = TicketEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    RefreshState.objects.update(last_event_id=top_event)


def replicate(copy: int, top: dict) -> None:
    """One more copy of the generated inquiries, their events and follow-ups, on the
    same days, with ids moved past the originals: a million inquiries in minutes
    instead of an hour of Python, with exactly the generated year's shape.

    A copy is a distinct inquiry: its own id, its own number of the day (the day's
    sequence moved on by 1,000 a copy: 20250301-00042 → 20250301-03042), its events
    and follow-ups pointing at it (and at a copied inquiry where one points at another).
    Its instants are the original's to the second, so its facts — working-hour times,
    deadlines met — are the original's exactly and are copied rather than recomputed.
    """
    from django.db import connection

    from firstask.reports.models import TicketFact
    from firstask.tickets.models import FollowUp, Ticket, TicketEvent

    quote = connection.ops.quote_name
    sequence = f"CAST(substr(number, 10) AS INTEGER) + {copy * 1000}"
    number = f"substr(number, 1, 9) || {dialect(connection.vendor, 'pad', expr=sequence, width=5)}"
    for model in (Ticket, TicketEvent, FollowUp, TicketFact):
        exprs = []
        for field in model._meta.concrete_fields:
            column = quote(field.column)
            if field.is_relation and field.related_model is Ticket:
                exprs.append(f"{column} + {copy * top[Ticket]}")  # NULL stays NULL
            elif field.primary_key:
                exprs.append(f"{column} + {copy * top[model]}")
            elif model is Ticket and field.column == "number":
                exprs.append(number.replace("%", "%%"))
            else:
                exprs.append(column)
        columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                f"SELECT {', '.join(exprs)} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} <= %s",
                [top[model]],
            )


def clocked(call):
    """``call()``'s result, wall-clock seconds and CPU seconds (this process and its
    PostgreSQL backend): the refresh and rebuild on a shared machine, both ways."""
    out = []
    wall_ms, cpu_ms = common.timed(lambda: out.append(call()))
    return out[0], wall_ms / 1000, cpu_ms / 1000


def bench_size(total: int, runs: int) -> dict:
    db_path = common.setup_django(f"reports_{total}.sqlite3")
    from django.db import connection
    from django.test import Client

    from firstask.org.models import Department, StaffProfile
    from firstask.reports.refresh import rebuild, refresh_changed
    from firstask.tickets.models import Ticket

    began = time.perf_counter()
    build(total)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nbuilt {min(total, BASE):,} inquiries in {time.perf_counter() - began:.1f} s")

    read, rebuild_s, rebuild_cpu = clocked(lambda: rebuild(date(YEAR, 1, 1), date(YEAR, 12, 31)))
    print(
        f"full rebuild: {read:,} inquiries in {rebuild_s:.1f} s = {read / rebuild_s:,.0f}/s "
        f"(CPU {rebuild_cpu:.1f} s = {read / rebuild_cpu:,.0f} per CPU second)"
    )
    rate_note = "full rebuild"
    if total > BASE:
        began = time.perf_counter()
        copy_up_to(total)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"copied to {Ticket.objects.count():,} inquiries (and their facts, day and month "
            f"rows) in {time.perf_counter() - began:.1f} s → {db_path}"
        )
        # The rate at this density: a whole month rebuilt — and the copied sums must
        # come out the same as the rebuild's.
        from firstask.reports.periods import period_of
        from firstask.reports.permissions import Scope
        from firstask.reports.selectors import totals

        january = period_of("month", date(YEAR, 1, 1))
        copied = totals(january, Scope())
        read, rebuild_s, rebuild_cpu = clocked(lambda: rebuild(date(YEAR, 1, 1), date(YEAR, 1, 31)))
        rate_note = f"January rebuilt ({read:,} inquiries)"
        same = "equal" if totals(january, Scope()) == copied else "DIFFERENT"
        print(
            f"{rate_note}: {rebuild_s:.1f} s = {read / rebuild_s:,.0f}/s "
            f"(CPU {rebuild_cpu:.1f} s = {read / rebuild_cpu:,.0f} per CPU second); sums {same}"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    manager = StaffProfile.objects.get(user__username="manager").user
    year = f"period=year&start={YEAR}-01-01"
    client = Client()
    client.force_login(manager)
    pages = [
        ("year overview", lambda: client.get(f"/measures/?{year}")),
        ("year by staff member", lambda: client.get(f"/measures/by/staff/?{year}")),
    ]
    base, rows = common.time_pages(client, pages, runs)
    data = f"{Ticket.objects.count():,} inquiries over {YEAR}, 10 departments, 80 staff"
    common.print_table(common.heading(f"Measures of {YEAR}", data), base, rows)

    # A day of 3,000 more, then the beat task's refresh that folds it in.
    rng = random.Random(99)
    departments = list(Department.objects.order_by("pk"))
    staff = list(
        StaffProfile.objects.exclude(user__username="manager").values_list(
            "user_id", "department_id"
        )
    )
    from django.db import transaction

    with transaction.atomic():
        ins = Inserter()
        _one_day(ins, rng, NEW_DAY, 3000, staff, departments)
        ins.reset_sequences()
    now = datetime.combine(NEW_DAY, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=20)
    days, refresh_s, refresh_cpu = clocked(lambda: refresh_changed(now=now))
    print(
        f"refresh after a day of 3,000 inquiries: {refresh_s:.2f} s, CPU {refresh_cpu:.2f} s "
        f"({len(days)} day(s))"
    )
    return {
        "size": total,
        "base": base,
        "rows": rows,
        "rebuild_rate": read / rebuild_s,
        "rebuild_cpu_rate": read / rebuild_cpu,
        "rate_note": rate_note,
        "refresh_s": refresh_s,
        "refresh_cpu_s": refresh_cpu,
    }


def _one(size: int, runs: int) -> None:
    result = bench_size(size, runs)
    payload = {
        "size": size,
        "rows": common.figures(result["base"], result["rows"]),
        **{k: v for k, v in result.items() if k not in ("base", "rows")},
    }
    print("RESULT " + json.dumps(payload))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--size", type=int, help="one size, in this process")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()
    if args.size:
        _one(args.size, args.runs)
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        # One process per size: Django is set up once per process, on its own database.
        one = [sys.executable, "-u", __file__, "--size", str(size), "--runs", str(args.runs)]
        with subprocess.Popen(one, stdout=subprocess.PIPE, text=True) as child:
            for line in child.stdout:  # as it comes: a million takes a while
                if line.startswith("RESULT "):
                    results.append(json.loads(line.removeprefix("RESULT ")))
                else:
                    print(line, end="", flush=True)
        if child.returncode:
            sys.exit(f"reports bench at {size:,} failed")
    _summary(results)


def _summary(results: list[dict]) -> None:
    common.print_growth({r["size"]: r["rows"] for r in results})
    print(
        "\n| inquiries | refresh after a day of 3,000 | CPU | rebuild, inquiries/s | "
        "per CPU second | rebuilt |"
    )
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['refresh_s']:.2f} s | {r['refresh_cpu_s']:.2f} s | "
            f"{r['rebuild_rate']:,.0f} | {r['rebuild_cpu_rate']:,.0f} | {r['rate_note']} |"
        )


if __name__ == "__main__":
    main()
