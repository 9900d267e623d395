"""Benchmark the warning sweep at 10k and 100k tickets, ~2,000 of them overdue (issue 4).

    .venv/bin/python bench/sweep.py                 # 10k, then grown to 100k
    .venv/bin/python bench/sweep.py --sizes 10000   # one size
    .venv/bin/python bench/sweep.py --due 500

For each size: one sweep over the due tickets (wall time, SQL statements in total and
per batch, warnings and notifications written), then the idle re-run (median of 30,
statements), with the query plan of the due read. Target: statements a fixed number
per batch (not per ticket), the idle re-run one indexed statement; both flat from 10k
to 100k. The database grows from one size to the next: the tickets warned at 10k stay
(their next check moved into the future) and a fresh ~2,000 become due.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import timedelta

from common import count_statements, measure, setup_django

CLOSED_SHARE = 0.7  # what an office holds: most of a year's inquiries are closed


def populate(size: int, due: int, people: dict, rng: random.Random) -> None:
    """Grow the ticket table to ``size`` rows; ``due`` of the new ones overdue now."""
    from django.utils import timezone

    from firstask.tickets.models import Ticket

    now = timezone.now()
    existing = Ticket.objects.count()
    new = size - existing
    responders = [people["reception"], people["hotline"]]
    realestate = people["handler"].profile.department
    rows = []
    for i in range(new):
        n = existing + i
        responder = responders[n % 2]
        overdue = i < due
        referred = n % 2 == 0  # half the due ones are late signing for a referral
        received = now - timedelta(days=rng.randint(1, 365))
        later = now + timedelta(days=rng.randint(1, 20))
        rows.append(
            Ticket(
                number=f"B{n:09d}",
                channel="walk_in",
                category="business",
                received_at=received,
                matter="批量数据：转办过户材料",
                first_responder=responder,
                first_responder_department_id=responder.profile.department_id,
                referred_department=realestate if referred else None,
                referred_at=received if referred else None,
                due_at=now - timedelta(hours=1) if overdue else later,
                due_soon_at=now - timedelta(hours=5) if overdue else later - timedelta(hours=4),
                next_warning_at=now - timedelta(hours=1) if overdue else later,
            )
        )
    made = Ticket.objects.bulk_create(rows, batch_size=5000)
    # State is protected on the model; a bulk update is the loader's shortcut.
    referred = [t.pk for t in made if t.referred_department_id]
    for chunk in _chunks(referred, 5000):
        Ticket.objects.filter(pk__in=chunk).update(state="referred")
    quiet = [t.pk for t in made[due:] if rng.random() < CLOSED_SHARE]
    for chunk in _chunks(quiet, 5000):
        Ticket.objects.filter(pk__in=chunk).update(
            state="closed", closed_at=now, due_at=None, due_soon_at=None, next_warning_at=None
        )
    from firstask.core.services import refresh_query_planner_statistics

    refresh_query_planner_statistics()  # what the nightly beat task does


def _chunks(items: list, n: int):
    for start in range(0, len(items), n):
        yield items[start : start + n]


def run(size: int, due: int, people: dict, rng: random.Random) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from firstask.notify.sweep import BATCH_SIZE, due_tickets, sweep_warnings
    from firstask.tickets.models import Ticket
    from firstask.workdays.selectors import policy_for, work_calendar

    populate(size, due, people, rng)
    work_calendar(), policy_for("business", "normal")  # a running worker has them cached
    now = timezone.now()
    plan = due_tickets(now, limit=BATCH_SIZE).explain().splitlines()[0]
    due_now = Ticket.objects.filter(next_warning_at__lte=now, state__in=["received", "referred"])
    assert due_now.count() >= due
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = sweep_warnings(now)
        wall_ms = (time.perf_counter() - started) * 1000
    statements = count_statements(ctx.captured_queries)
    kinds = Counter(
        " ".join(q["sql"].split()[:4])[:48]
        for q in ctx.captured_queries
        if not q["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
    )
    closing_read = 1 if result.tickets % BATCH_SIZE == 0 else 0  # the read finding none left
    idle = measure(f"idle re-run @ {size:,}", lambda: sweep_warnings(now), runs=30)
    assert sweep_warnings(now).tickets == 0
    return {
        "size": size,
        "due": result.tickets,
        "warnings": result.warnings,
        "notifications": result.notifications,
        "batches": result.batches,
        "wall_ms": wall_ms,
        "statements": statements,
        "per_batch": (statements - closing_read) / max(result.batches, 1),
        "kinds": kinds,
        "idle_ms": idle.median_ms,
        "idle_statements": idle.queries,
        "plan": plan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=2_000)
    args = parser.parse_args()
    setup_django("sweep.sqlite3")
    from django.contrib.auth import get_user_model

    from firstask.org.demo import load_organisation

    load_organisation()
    people = {u.username: u for u in get_user_model().objects.select_related("profile")}
    rng = random.Random(4)
    rows = [run(size, args.due, people, rng) for size in sorted(args.sizes)]

    print("\nWarning sweep (SQLite, batch 500; statements exclude BEGIN/COMMIT)")
    print(
        f"{'tickets':>9} {'due':>6} {'warnings':>9} {'notifs':>7} {'batches':>8} "
        f"{'sweep ms':>9} {'stmts':>6} {'/batch':>7} {'idle ms':>8} {'idle stmts':>11}"
    )
    for r in rows:
        print(
            f"{r['size']:>9,} {r['due']:>6,} {r['warnings']:>9,} {r['notifications']:>7,} "
            f"{r['batches']:>8} {r['wall_ms']:>9.1f} {r['statements']:>6} "
            f"{r['per_batch']:>7.1f} {r['idle_ms']:>8.3f} {r['idle_statements']:>11}"
        )
    print("(/batch leaves out the last read, which finds nothing left when the due count")
    print(" is a multiple of the batch size)")
    print("\nPlan of the due read:")
    for r in rows:
        print(f"  {r['size']:>9,}: {r['plan']}")
    print("\nStatements of the sweep, by kind:")
    for r in rows:
        print(f"  {r['size']:>9,}: " + "; ".join(f"{n}× {k}" for k, n in r["kinds"].items()))


if __name__ == "__main__":
    main()
