"""Shared bench plumbing: a throwaway database, a bare logged-in baseline, timing.

Benchmarks report time as a ratio to a bare logged-in Django view (session + user +
a trivial response) on the same machine, so the numbers mean something on any machine,
and they report SQL query counts, which mean something everywhere.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_name: str, *, fresh: bool = True) -> str:
    """Point Django at a throwaway database and migrate it; returns where it is.

    ``DATABASE_URL`` chooses the server: unset or ``sqlite://…``, a file under
    var/bench/ (deleted first unless ``fresh`` is false); ``postgres://…``, a new
    database on that server, created here and dropped when the script ends (the URL's
    own database is only used to create and drop it).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        where = _throwaway_postgres(url, Path(db_name).stem)
    else:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db_path = bench_dir / db_name
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
        where = str(db_path)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    return where


def _throwaway_postgres(server_url: str, stem: str) -> str:
    """CREATE DATABASE bench_<stem>_<pid> on the server; DROP it at exit (kept with
    ``BENCH_KEEP=1``, to look at the last size's plans afterwards)."""
    import atexit
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"bench_{stem}_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    if not os.environ.get("BENCH_KEEP"):
        atexit.register(drop)
    parts = urlsplit(server_url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return f"{parts.hostname}:{parts.port}/{name}"


def recreate_database() -> None:
    """Empty the bench database for the next size: a new file / a new PostgreSQL schema."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # ids of the database just dropped


def database_label() -> str:
    """Which database, which version: printed with every table of figures."""
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        version = connection.connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def heading(what: str, shape: str) -> str:
    """The line above a table: what, on which database, the machine's load, the data."""
    return f"{what} — {database_label()}, {machine_load()}\n  data: {shape}"


def bare_view_urlconf():
    """A URLconf with the project's URLs plus /__bare__/: login_required, returns "ok"."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path

    import config.urls

    @login_required
    def bare(request):
        return HttpResponse("ok")

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("__bare__/", bare), *config.urls.urlpatterns]
    sys.modules["bench_urls"] = module
    return "bench_urls"


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def count_statements(captured: list[dict]) -> int:
    """Queries proper: transaction control (BEGIN/COMMIT/SAVEPOINT) is not counted."""
    return sum(1 for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL))


@contextmanager
def statement_log() -> Iterator[list[dict]]:
    """The statements sent while it is open, as ``{"sql": text}`` like Django's
    ``CaptureQueriesContext`` — but only recorded, not formatted. The debug cursor that
    context turns on writes out every statement with its bound values (psycopg's
    ``mogrify``): for the sweep's writes, each one JSON parameter of 500 rows, that was
    ≈ 12 % of a timed sweep on PostgreSQL, work the sweep itself never does. Statements
    on connections opened meanwhile (the sweep's lanes, on their own threads) count too.
    """
    from django.db import connection

    captured: list[dict] = []

    def record(execute, sql, params, many, context):
        captured.append({"sql": sql})
        return execute(sql, params, many, context)

    def opened(sender, connection, **kwargs):
        connection.execute_wrappers.append(record)

    with _on_new_connections(opened), connection.execute_wrapper(record):
        yield captured


@contextmanager
def server_cpu() -> Iterator[Callable[[], float]]:
    """CPU milliseconds, so far, of the PostgreSQL backends serving this process while
    open (0 on SQLite, which runs inside this process): this thread's connection's, and
    those of connections opened meanwhile (the sweep's lanes), read as they close."""

    closed = [0]

    def opened(sender, connection, **kwargs):
        if connection.vendor != "postgresql":
            return
        start, close = _backend_ns(connection), connection.close

        def close_counted() -> None:
            closed[0] += _backend_ns(connection) - start
            close()

        connection.close = close_counted

    start = _server_cpu_ns()
    with _on_new_connections(opened):
        yield lambda: (closed[0] + _server_cpu_ns() - start) / 1e6


@contextmanager
def _on_new_connections(receiver: Callable) -> Iterator[None]:
    from django.db.backends.signals import connection_created

    connection_created.connect(receiver, weak=False)
    try:
        yield
    finally:
        connection_created.disconnect(receiver)


@dataclass
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    queries: int
    # The bare view timed in turn with this page (same moments, same machine load) and
    # the process's own CPU time for both: on a shared machine the wall clock of one
    # run waits for other people's work; a ratio of paired medians, and the CPU ratio
    # (SQLite runs inside this process), hold still.
    base_ms: float = 0.0
    cpu_ms: float = 0.0
    base_cpu_ms: float = 0.0

    def ratio(self, base: Timing) -> float:
        own_base = self.base_ms or base.median_ms
        return self.median_ms / own_base if own_base else float("nan")

    def cpu_ratio(self) -> float:
        return self.cpu_ms / self.base_cpu_ms if self.base_cpu_ms else float("nan")


_BASELINE: list[Callable[[], object]] = []


def settle() -> None:
    """Put a data builder's work away before timing a write-heavy run: checkpoint (SQLite
    would otherwise copy the build's write-ahead log into the database file during the
    timed commits), collect, and freeze Python's garbage (a full collection walks the
    bench's heap, not a worker's). Call ``gc.unfreeze()`` after the timed part."""
    import gc

    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    gc.collect()
    gc.freeze()


def set_baseline(call: Callable[[], object] | None) -> None:
    """The bare view: every later ``measure`` times it in turn with its page (None: stop)."""
    _BASELINE[:] = [call] if call is not None else []


def _server_cpu_ns() -> int:
    """CPU time of the PostgreSQL backend serving this thread's connection (0 for
    SQLite, which runs inside this process), nanoseconds."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    connection.ensure_connection()
    return _backend_ns(connection)


def _backend_ns(wrapper) -> int:
    """/proc/<pid>/schedstat of a connection's backend: on this machine only."""
    pid = wrapper.connection.info.backend_pid
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0])
    except OSError:  # a server on another machine: its CPU is not ours to read
        return 0


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one call (CPU: this process and its backend)."""
    server = _server_cpu_ns()
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    wall_ms = (time.perf_counter() - wall) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    return wall_ms, cpu_ms + (_server_cpu_ns() - server) / 1e6


def measure(label: str, call: Callable[[], object], runs: int = 30, warmup: int = 3) -> Timing:
    """Time ``call`` ``runs`` times (after a warm-up) and count the queries of a run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = _BASELINE[0] if _BASELINE and _BASELINE[0] is not call else None
    for _ in range(warmup):
        call()
    # The fewer of two requests: a cache with a time limit (the working calendar, the
    # categories: 60 s) refills on whichever request comes after it expires, and a
    # page of seconds at a million may be that one — one query more, not the page's.
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            call()
        counts.append(count_statements(ctx.captured_queries))
    queries = min(counts)
    samples, cpu, base_samples, base_cpu = [], [], [], []
    for _ in range(runs):
        if base is not None:
            wall_ms, cpu_ms = timed(base)
            base_samples.append(wall_ms)
            base_cpu.append(cpu_ms)
        wall_ms, cpu_ms = timed(call)
        samples.append(wall_ms)
        cpu.append(cpu_ms)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    median = statistics.median
    return Timing(
        label,
        median(samples),
        p95,
        queries,
        base_ms=median(base_samples) if base_samples else 0.0,
        cpu_ms=median(cpu),
        base_cpu_ms=median(base_cpu) if base_cpu else median(cpu),
    )


def print_table(title: str, base: Timing, rows: list[Timing]) -> None:
    print(f"\n{title}")
    print(
        f"{'page':<34} {'median ms':>10} {'p95 ms':>9} {'x bare':>7} {'cpu x bare':>11} "
        f"{'queries':>8}"
    )
    for row in [base, *rows]:
        print(
            f"{row.label:<34} {row.median_ms:>10.2f} {row.p95_ms:>9.2f} "
            f"{row.ratio(base):>7.2f} {row.cpu_ratio():>11.2f} {row.queries:>8}"
        )
    print("(x bare: median over the bare view's median timed in turn with it; cpu x bare:")
    print(" the same in CPU time: this process's, which holds SQLite's work, plus the")
    print(" PostgreSQL backend's serving this connection)")


def each_size(
    db_name: str, sizes: str, run: Callable[[int, bool], list[list]]
) -> dict[int, list[list]]:
    """The throwaway database (``setup_django``), then ``run(size, first)`` for each of
    the comma-separated ``sizes``, smallest first: {size: its figures}."""
    print(f"database: {setup_django(db_name)}")
    ordered = sorted(int(s) for s in sizes.split(","))
    return {size: run(size, i == 0) for i, size in enumerate(ordered)}


def analyse() -> None:
    """Planner statistics, as the nightly task (SQLite) and autovacuum (PostgreSQL) keep
    them. PostgreSQL is vacuumed too: a freshly loaded table has no visibility map, so
    index-only scans fetch heap pages, and autovacuum would otherwise start on the 22 M
    search rows in the middle of the timings (it did at 1M: one search went from 9 to 74
    bare views while it ran)."""
    from django.db import connection

    from firstask.core.services import refresh_query_planner_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    else:
        refresh_query_planner_statistics()


def time_pages(
    client, pages: list[tuple[str, Callable[[], object]]], runs: int
) -> tuple[Timing, list[Timing]]:
    """The bare logged-in view of ``client``'s user, then every (label, call) of
    ``pages`` timed in turn with it (same moments, same load): (bare, page timings)."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF=bare_view_urlconf()):

        def bare():
            return client.get("/__bare__/")

        set_baseline(None)
        base = measure("bare logged-in view", bare, runs=runs)
        set_baseline(bare)
        try:
            rows = [measure(label, call, runs=runs) for label, call in pages]
        finally:
            set_baseline(None)
    return base, rows


def figures(base: Timing, rows: list[Timing]) -> list[list]:
    """[label, x bare, cpu x bare, queries] per page: what the growth table compares."""
    return [[r.label, r.ratio(base), r.cpu_ratio(), r.queries] for r in rows]


def print_growth(by_size: dict[int, list[list]], unit: str = "inquiries") -> bool:
    """Each page's figures at every size and its growth (largest over smallest), as a
    Markdown table ready for docs/performance.md; True when a query count differs."""
    sizes = sorted(by_size)
    if len(sizes) < 2:
        return False
    small, large = sizes[0], sizes[-1]
    names = [f"{s:,}" for s in sizes]
    print(f"\nGrowth from {small:,} to {large:,} {unit} (the issues ask ≤ 1.5×, queries constant)")
    print(
        f"| page | {' | '.join(f'x bare @{n}' for n in names)} | growth | "
        f"{' | '.join(f'cpu @{n}' for n in names)} | cpu growth | queries |"
    )
    print("|---" * (2 * len(sizes) + 4) + "|")
    differ = False
    for i, (label, *_rest) in enumerate(by_size[small]):
        ratios = [by_size[s][i][1] for s in sizes]
        cpu = [by_size[s][i][2] for s in sizes]
        counts = [by_size[s][i][3] for s in sizes]
        differ |= len(set(counts)) > 1
        growth, cpu_growth = ratios[-1] / ratios[0], cpu[-1] / cpu[0]
        same = "" if len(set(counts)) == 1 else " **differ**"
        print(
            f"| {label} | {' | '.join(f'{r:.2f}' for r in ratios)} | {_growth(growth)} | "
            f"{' | '.join(f'{c:.2f}' for c in cpu)} | {_growth(cpu_growth)} | "
            f"{' / '.join(map(str, counts))}{same} |"
        )
    print("(x bare: wall-clock median over the bare view's, timed in turn; cpu: the same in")
    print(" CPU time of this process and its PostgreSQL backend; growth: largest over smallest)")
    return differ


def _growth(value: float) -> str:
    return f"**{value:.2f}×**" if value > 1.5 else f"{value:.2f}×"
