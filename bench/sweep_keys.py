"""What the foreign keys cost the warning sweep on PostgreSQL (issue 14), paired.

    DATABASE_URL=postgres://… .venv/bin/python bench/sweep_keys.py --size 100000 --pairs 10
    bench/run --db postgres sweep_keys

The sweep writes claims, events and notifications; each of their foreign keys is a
per-row check at COMMIT (PostgreSQL has no set-based check). Whether to keep them all
is a choice about integrity for the team; this measures the price, so the choice is made
on figures. One database in a city centre's shape (bench/shape.py); then, round after
round, one sweep of ``--due`` due inquiries per variant, the order alternating between
rounds: with every key, without the notification's ticket key (a warning's claim
already names the ticket), and without any key of the three tables. A key is dropped
just before its sweep and put back after (``NOT VALID``: no scan of the table). The
machine's speed moves by a third within minutes, so only sweeps run side by side are
compared: each variant's rate over the rate with every key in the same round, median.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

import shape
from common import analyse, heading, settle, setup_django

_TABLES = ("notify_warningclaim", "tickets_ticketevent", "notify_notification")


def _keys() -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key of the sweep's tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [list(_TABLES)],
        )
        return cursor.fetchall()


def _alter(keys: list, drop: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table, name, definition in keys:
            if drop:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition} NOT VALID'
                )


def _sweep_rate(due: int) -> float:
    from django.utils import timezone

    from firstask.notify.sweep import sweep_warnings

    now = timezone.now()
    made = shape.make_due(due, now)
    settle()
    try:
        started = time.perf_counter()
        result = sweep_warnings(now)
        wall = time.perf_counter() - started
    finally:
        gc.unfreeze()
    assert result.tickets == made, (result.tickets, made)
    return made / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--pairs", type=int, default=10, help="rounds of one sweep per variant")
    args = parser.parse_args()
    print(f"database: {setup_django('sweep_keys.sqlite3')}")
    from django.db import connection
    from django.utils import timezone

    from firstask.notify.sweep import BATCH_SIZE

    if connection.vendor != "postgresql":
        raise SystemExit("sweep_keys measures PostgreSQL's key checks: set DATABASE_URL")
    data = shape.build(args.size, shape.people(), timezone.now())
    analyse()
    shape.warm_up_sweep()  # not counted

    keys = _keys()
    variants = {
        "every key": [],
        "without the notification's ticket key": [
            k for k in keys if k[0] == "notify_notification" and "(ticket_id)" in k[2]
        ],
        "without any key of the three tables": keys,
    }
    rates: dict[str, list[float]] = {label: [] for label in variants}
    for round_ in range(args.pairs):
        order = list(variants.items())
        for label, dropped in order if round_ % 2 == 0 else reversed(order):
            _alter(dropped, drop=True)
            try:
                rates[label].append(_sweep_rate(args.due))
            finally:
                _alter(dropped, drop=False)

    print(heading(f"Warning sweep and foreign keys at {args.size:,}", shape.describe(data)))
    print(f"  keys of {', '.join(_TABLES)}:")
    for table, _, definition in keys:
        print(f"    {table}: {definition}")
    print(
        f"  {args.pairs} rounds, {args.due:,} due per sweep, batch {BATCH_SIZE}, load now "
        f"{os.getloadavg()[0]:.2f}"
    )
    base = rates["every key"]
    for label, values in rates.items():
        paired = statistics.median(v / b for v, b in zip(values, base, strict=True))
        each = ", ".join(f"{v:,.0f}" for v in values)
        print(
            f"  {label:40} {statistics.median(values):>7,.0f} per second, "
            f"{paired:.2f}x every key's (paired median); each: {each}"
        )


if __name__ == "__main__":
    main()
