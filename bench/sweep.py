"""Benchmark the warning sweep at 10k, 100k and 1M inquiries, 2,000 of them due (issue 14).

    .venv/bin/python bench/sweep.py                        # 10k, 100k, 1M
    .venv/bin/python bench/sweep.py --sizes 10000 --due 500
    DATABASE_URL=postgres://… .venv/bin/python bench/sweep.py   # or bench/run --db postgres

Each size is a fresh database in a city centre's shape (bench/shape.py); the newest
``--due`` open inquiries are made overdue an hour ago. For each size: one sweep over
them — wall time, the rate in inquiries per second, SQL statements in total and per
batch, warnings and notifications written — then the idle re-run (median of 30,
statements) and the plan of the due read. Target: ≥ 5,000 per second, statements a
fixed number per batch, the idle re-run one indexed statement under 5 ms.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import shape
from common import (
    _server_cpu_ns,
    count_statements,
    heading,
    measure,
    recreate_database,
    setup_django,
)


def run(size: int, due: int, first: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from firstask.notify.sweep import BATCH_SIZE, due_tickets, sweep_warnings
    from firstask.workdays.selectors import policy_for, work_calendar

    if not first:
        recreate_database()
    now = timezone.now()
    org = shape.people()
    data = shape.build(size, org, now)
    made_due = shape.make_due(due, now)
    _analyse()
    work_calendar(), policy_for("business", "normal")  # a running worker has them cached
    plan = due_tickets(now, limit=BATCH_SIZE).explain().splitlines()[0]
    with CaptureQueriesContext(connection) as ctx:
        server = _server_cpu_ns()
        started = time.perf_counter()
        cpu = time.process_time()
        result = sweep_warnings(now)
        cpu_ms = (time.process_time() - cpu) * 1000 + (_server_cpu_ns() - server) / 1e6
        wall_ms = (time.perf_counter() - started) * 1000
    assert result.tickets == made_due, (result.tickets, made_due)
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
        "heading": heading(f"Warning sweep at {size:,}", shape.describe(data)),
        "cpu_ms": cpu_ms,
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


def _analyse() -> None:
    from django.db import connection

    from firstask.core.services import refresh_query_planner_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        refresh_query_planner_statistics()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--due", type=int, default=2_000)
    args = parser.parse_args()
    where = setup_django("sweep.sqlite3")
    print(f"database: {where}")
    rows = [run(size, args.due, i == 0) for i, size in enumerate(sorted(args.sizes))]

    from common import database_label

    print(f"\nWarning sweep ({database_label()}, batch 500; statements exclude BEGIN/COMMIT)")
    for r in rows:
        print(f"  {r['heading']}")
    print(
        f"{'tickets':>9} {'due':>6} {'warnings':>9} {'notifs':>7} {'batches':>8} "
        f"{'sweep ms':>9} {'cpu ms':>7} {'per second':>11} {'per cpu s':>10} {'stmts':>6} "
        f"{'/batch':>7} "
        f"{'idle ms':>8} {'idle stmts':>11}"
    )
    for r in rows:
        rate = r["due"] / (r["wall_ms"] / 1000) if r["wall_ms"] else float("nan")
        print(
            f"{r['size']:>9,} {r['due']:>6,} {r['warnings']:>9,} {r['notifications']:>7,} "
            f"{r['batches']:>8} {r['wall_ms']:>9.1f} {r['cpu_ms']:>7.1f} {rate:>11,.0f} "
            f"{r['due'] / (r['cpu_ms'] / 1000):>10,.0f} "
            f"{r['statements']:>6} {r['per_batch']:>7.1f} {r['idle_ms']:>8.3f} "
            f"{r['idle_statements']:>11}"
        )
    for r in rows:
        rate = r["due"] / (r["wall_ms"] / 1000) if r["wall_ms"] else float("nan")
        per_cpu = r["due"] / (r["cpu_ms"] / 1000)
        print(f"{r['size']:,} inquiries: {rate:,.0f} per second ({per_cpu:,.0f} per CPU second)")
    print("(/batch leaves out the last read, which finds nothing left when the due count")
    print(" is a multiple of the batch size; cpu ms: this process's CPU time plus, on")
    print(" PostgreSQL, its backend's: the rate the machine gives when nobody else runs)")
    print("\nPlan of the due read:")
    for r in rows:
        print(f"  {r['size']:>9,}: {r['plan']}")
    print("\nStatements of the sweep, by kind:")
    for r in rows:
        print(f"  {r['size']:>9,}: " + "; ".join(f"{n}× {k}" for k, n in r["kinds"].items()))


if __name__ == "__main__":
    main()
