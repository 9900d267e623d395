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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_name: str, *, fresh: bool = True) -> Path:
    """Point Django at a throwaway SQLite file under var/bench/ and migrate it."""
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_path = bench_dir / db_name
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    return db_path


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


@dataclass
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    queries: int

    def ratio(self, base: Timing) -> float:
        return self.median_ms / base.median_ms if base.median_ms else float("nan")


def measure(label: str, call: Callable[[], object], runs: int = 30, warmup: int = 3) -> Timing:
    """Time ``call`` ``runs`` times (after a warm-up) and count the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    with CaptureQueriesContext(connection) as ctx:
        call()
    queries = count_statements(ctx.captured_queries)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return Timing(label, statistics.median(samples), p95, queries)


def print_table(title: str, base: Timing, rows: list[Timing]) -> None:
    print(f"\n{title}")
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>9} {'x bare':>7} {'queries':>8}")
    for row in [base, *rows]:
        print(
            f"{row.label:<34} {row.median_ms:>10.2f} {row.p95_ms:>9.2f} "
            f"{row.ratio(base):>7.2f} {row.queries:>8}"
        )
