"""Benchmark the warning sweep at 10k, 100k and 1M inquiries, 2,000 of them due (issue 14).

    .venv/bin/python bench/sweep.py                        # 10k, 100k, 1M
    .venv/bin/python bench/sweep.py --sizes 10000 --due 500 --repeat 5
    DATABASE_URL=postgres://… .venv/bin/python bench/sweep.py   # or bench/run --db postgres

Each size is a fresh database in a city centre's shape (bench/shape.py). A warm-up sweep
of one batch per lane (``shape.warm_up_sweep``) runs first and is not counted: it pays
what a running worker has already paid (imports, first compilation of each query, the
calendar and policies, the database's first reads of the indexes), which made the first
size of a fresh process look slower than the rest. Then ``--repeat`` times: the newest
``--due`` open inquiries are made overdue an hour ago and swept — wall time, the rate in
inquiries per second, CPU time (this process's plus, on PostgreSQL, its backends': one
per lane), SQL statements in total and per batch besides the due reads (lanes share the
first, and a lane's last finds nothing left), the lanes and the reads. Before each timed
sweep the data builder's work is put away: the database checkpoints (SQLite would
otherwise copy the build's write-ahead log into the database file during the sweep's
commits) and Python collects and freezes its garbage (a full collection walks the
bench's heap, not a worker's). Then the idle re-run (median of 30, statements) and the
plan of the due read. Target: ≥ 5,000 per second, statements a fixed number per batch,
the idle re-run one indexed statement under 5 ms. The machine is shared: the load
average is printed with each size, and the CPU rate is the steadier figure.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections import Counter

import shape
from common import (
    analyse,
    count_statements,
    heading,
    measure,
    recreate_database,
    server_cpu,
    settle,
    setup_django,
    statement_log,
)


def run(size: int, due: int, first: bool, repeat: int) -> dict:
    from django.utils import timezone

    from firstask.notify.sweep import BATCH_SIZE, due_tickets, sweep_warnings

    if not first:
        recreate_database()
    now = timezone.now()
    org = shape.people()
    data = shape.build(size, org, now)
    analyse()
    warm, *warm_ms = shape.warm_up_sweep()  # not counted
    runs = [_timed_sweep(due) for _ in range(repeat)]
    now = runs[-1]["now"]
    lines = due_tickets(now, limit=BATCH_SIZE).explain().splitlines()
    plan = next((x.strip() for x in lines if "notify_schedule_due" in x), lines[0])
    idle = measure(f"idle re-run @ {size:,}", lambda: sweep_warnings(now), runs=30)
    assert sweep_warnings(now).tickets == 0
    median = statistics.median
    return {
        "heading": heading(f"Warning sweep at {size:,}", shape.describe(data)),
        "size": size,
        "warm": warm.tickets,
        "warm_ms": warm_ms,
        "runs": runs,
        "due": runs[0]["due"],
        "rate": median(r["rate"] for r in runs),
        "cpu_rate": median(r["cpu_rate"] for r in runs),
        "wall_ms": median(r["wall_ms"] for r in runs),
        "cpu_ms": median(r["cpu_ms"] for r in runs),
        "per_batch": sorted({r["per_batch"] for r in runs}),
        "batches": runs[0]["batches"],
        "lanes": runs[0]["lanes"],
        "reads": runs[0]["reads"],
        "statements": runs[0]["statements"],
        "warnings": runs[0]["warnings"],
        "notifications": runs[0]["notifications"],
        "kinds": runs[0]["kinds"],
        "load": median(r["load"] for r in runs),
        "idle_ms": idle.median_ms,
        "idle_cpu_ms": idle.cpu_ms,
        "idle_statements": idle.queries,
        "plan": plan,
    }


def _timed_sweep(due: int) -> dict:
    """Make ``due`` inquiries overdue and sweep them once, timed."""
    from django.utils import timezone

    from firstask.notify.sweep import sweep_warnings

    now = timezone.now()
    made_due = shape.make_due(due, now)
    settle()
    load = os.getloadavg()[0]
    try:
        with statement_log() as captured, server_cpu() as server_ms:
            started = time.perf_counter()
            cpu = time.process_time()
            result = sweep_warnings(now)
            cpu_ms = (time.process_time() - cpu) * 1000 + server_ms()
            wall_ms = (time.perf_counter() - started) * 1000
    finally:
        gc.unfreeze()
    assert result.tickets == made_due, (result.tickets, made_due)
    statements = count_statements(captured)
    kinds = Counter(
        " ".join(q["sql"].split()[:4])[:48]
        for q in captured
        if not q["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
    )
    return {
        "now": now,
        "due": result.tickets,
        "warnings": result.warnings,
        "notifications": result.notifications,
        "batches": result.batches,
        "wall_ms": wall_ms,
        "cpu_ms": cpu_ms,
        "rate": result.tickets / (wall_ms / 1000),
        "cpu_rate": result.tickets / (cpu_ms / 1000),
        "statements": statements,
        # the due reads apart: lanes share one, and a lane's last finds nothing left
        "per_batch": (statements - result.reads) / max(result.batches, 1),
        "reads": result.reads,
        "lanes": result.lanes,
        "kinds": kinds,
        "load": load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed sweeps per size")
    args = parser.parse_args()
    where = setup_django("sweep.sqlite3")
    print(f"database: {where}")
    sizes = sorted(args.sizes)
    rows = [run(size, args.due, i == 0, args.repeat) for i, size in enumerate(sizes)]

    from common import database_label

    from firstask.notify.sweep import BATCH_SIZE

    print(
        f"\nWarning sweep ({database_label()}, batch {BATCH_SIZE}, {args.repeat} timed sweeps "
        "per size after a warm-up sweep; statements exclude BEGIN/COMMIT)"
    )
    for r in rows:
        print(f"  {r['heading']}")
    print(
        f"{'tickets':>9} {'due':>6} {'warnings':>9} {'notifs':>7} {'batches':>8} "
        f"{'sweep ms':>9} {'cpu ms':>7} {'per second':>11} {'per cpu s':>10} {'stmts':>6} "
        f"{'/batch':>7} {'reads':>6} {'lanes':>6} {'idle ms':>8} {'idle cpu':>9} "
        f"{'idle stmts':>11} {'load':>5}"
    )
    for r in rows:
        per_batch = "/".join(f"{b:.1f}" for b in r["per_batch"])
        print(
            f"{r['size']:>9,} {r['due']:>6,} {r['warnings']:>9,} {r['notifications']:>7,} "
            f"{r['batches']:>8} {r['wall_ms']:>9.1f} {r['cpu_ms']:>7.1f} {r['rate']:>11,.0f} "
            f"{r['cpu_rate']:>10,.0f} {r['statements']:>6} {per_batch:>7} {r['reads']:>6} "
            f"{r['lanes']:>6} "
            f"{r['idle_ms']:>8.3f} {r['idle_cpu_ms']:>9.3f} {r['idle_statements']:>11} "
            f"{r['load']:>5.2f}"
        )
    for r in rows:
        each = ", ".join(f"{x['rate']:,.0f}" for x in r["runs"])
        print(
            f"{r['size']:,} inquiries: {r['rate']:,.0f} per second "
            f"({r['cpu_rate']:,.0f} per CPU second; each sweep: {each})"
        )
    for r in rows:
        wall, cpu = r["warm_ms"]
        print(
            f"{r['size']:,} inquiries: warm-up sweep of {r['warm']:,} (not counted) "
            f"{wall:,.0f} ms, {cpu:,.0f} ms of this process's CPU"
        )
    print("(medians of the timed sweeps; /batch: statements per batch besides the due")
    print(" reads, which lanes share and of which each lane's last finds nothing left;")
    print(" lanes: connections that swept at once; cpu ms: this process's CPU time plus,")
    print(" on PostgreSQL, its backends' (one per lane): the rate the machine")
    print(" gives when nobody else runs; idle: median of 30 re-runs with nothing due, wall")
    print(" and CPU ms; load: 1-minute load average before each timed sweep, median)")
    print("\nPlan of the due read:")
    for r in rows:
        print(f"  {r['size']:>9,}: {r['plan']}")
    print("\nStatements of one sweep, by kind:")
    for r in rows:
        print(f"  {r['size']:>9,}: " + "; ".join(f"{n}× {k}" for k, n in r["kinds"].items()))


if __name__ == "__main__":
    main()
