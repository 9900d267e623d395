"""Benchmark: the daily audit page on a busy day, as a ratio to a bare logged-in page.

    .venv/bin/python bench/audit_day.py                 # 100,000 tickets, 3,000 that day
    .venv/bin/python bench/audit_day.py --tickets 10000 --day-tickets 1000

Builds a throwaway SQLite database under var/bench/ with bulk_create (tickets, their
events, referrals; deadlines, returns, phrases and silences sprinkled in so every rule
has work), then times GET /inspection/day/<day>/ through the Django test client logged
in as an inspector, against a trivial ``login_required`` view returning "ok" (wired in
with a URLconf override). Prints median and p95 of each, their ratio, and the audit
page's query count. The ratio is what to compare across machines; the absolute times
depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import types
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
DB_PATH = BENCH_DIR / "audit_day.sqlite3"
AUDIT_DAY = date(2026, 6, 17)  # a Wednesday
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000


def setup_django(*, reuse: bool) -> None:
    sys.path.insert(0, str(BASE_DIR))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    import django

    django.setup()


def build(total: int, on_day: int, seed: int = 17) -> object:
    """Departments, staff, ``total`` tickets (``on_day`` of them on AUDIT_DAY), events."""
    from django.contrib.auth.models import Group

    from firstask.org.models import Department, StaffProfile
    from firstask.org.roles import Role
    from firstask.tickets.models import Referral, Ticket, TicketEvent
    from tests.factories import UserFactory

    rng = random.Random(seed)
    departments = [
        Department.objects.create(code=f"d{i}", name=f"科室{i}", is_general_office=i == 0)
        for i in range(10)
    ]
    groups = {g.name: g for g in Group.objects.all()}
    staff, handlers = [], {d.pk: [] for d in departments}
    for i in range(80):
        dept = departments[i % 10]
        user = UserFactory.build(username=f"staff{i}", last_name="王", first_name=f"员{i}")
        user.set_password("bench")
        user.save()
        user.groups.add(groups[Role.FIRST_RESPONDER], groups[Role.HANDLER])
        StaffProfile.objects.create(user=user, department=dept, post="窗口")
        staff.append(user)
        handlers[dept.pk].append(user)
    inspector = UserFactory.build(username="inspector")
    inspector.save()
    inspector.groups.add(groups[Role.QUALITY_INSPECTOR])
    StaffProfile.objects.create(user=inspector, department=departments[0], post="质检员")

    start = datetime(2026, 4, 1, tzinfo=SHANGHAI)
    days = (datetime(2026, 6, 30, tzinfo=SHANGHAI) - start).days
    others = total - on_day
    when = [start + timedelta(days=rng.randrange(days)) for _ in range(others)]
    day_start = datetime.combine(AUDIT_DAY, datetime.min.time(), tzinfo=SHANGHAI)
    when = [w for w in when if w.date() != AUDIT_DAY] + [day_start] * on_day
    when += [day_start - timedelta(days=1)] * (total - len(when))
    when = sorted(w + timedelta(minutes=rng.randrange(8 * 60, 17 * 60)) for w in when)

    seq: dict[date, int] = {}
    tickets, shapes = [], []
    for w in when:
        seq[w.date()] = seq.get(w.date(), 0) + 1
        responder = rng.choice(staff)
        shape = rng.choices(["spot", "answered", "referred", "returned", "open"], [5, 2, 3, 1, 1])[
            0
        ]
        dept = rng.choice(departments[1:])
        fields = {"state": "received"}
        if shape == "spot":
            fields.update(state="closed", answer_kind="on_the_spot", answered_at=w)
            fields.update(followed_up_at=w, satisfaction="satisfied", closed_at=w)
        elif shape == "answered":
            fields.update(state="answered", answer_kind="not_permitted", answered_at=w)
        elif shape == "referred":
            signed = w + timedelta(hours=rng.choice([1, 30]))
            fields.update(state="referred", referred_department=dept, referred_at=w)
            fields.update(signed_at=signed, last_progress_at=signed, referral_count=1)
            fields.update(sign_for_due_at=w + timedelta(days=1), handle_due_at=w + timedelta(3))
        elif shape == "returned":
            fields.update(return_count=1, referral_count=1)
        t = Ticket(
            number=f"{w:%Y%m%d}-{seq[w.date()]:04d}",
            channel=rng.choice(["walk_in", "phone", "letter", "online"]),
            category=rng.choice(["consultation", "business", "complaint", "help"]),
            received_at=w,
            visitor_name="李明",
            visitor_phone="" if rng.random() < 0.02 else "13812345678",
            matter="咨询二手房过户需要准备哪些材料",
            first_responder=responder,
            first_responder_department_id=responder.profile.department_id,
            answer_due_at=w + timedelta(hours=8),
            **fields,
        )
        tickets.append(t)
        shapes.append((shape, dept))
    Ticket.objects.bulk_create(tickets, batch_size=BATCH)

    events, referrals = [], []
    phrases = ["已答复", "已答复", "已答复", "不知道", "不 归 我 管", "我们清楚地告知了"]
    for t, (shape, dept) in zip(tickets, shapes, strict=True):
        w, by = t.received_at, t.first_responder_id
        events.append(
            TicketEvent(ticket=t, kind="registered", actor_id=by, at=w, to_state="received")
        )
        if shape in ("spot", "answered"):
            events.append(
                TicketEvent(
                    ticket=t,
                    kind="answered",
                    actor_id=by,
                    at=w,
                    note=rng.choice(phrases),
                    data={"kind": t.answer_kind},
                )
            )
        if shape == "spot":
            events.append(
                TicketEvent(
                    ticket=t,
                    kind="followed_up",
                    actor_id=by,
                    at=w,
                    data={"satisfaction": "satisfied", "method": "counter"},
                )
            )
            events.append(TicketEvent(ticket=t, kind="closed", actor_id=by, at=w))
        if shape in ("referred", "returned"):
            handler = rng.choice(handlers[dept.pk])
            events.append(
                TicketEvent(
                    ticket=t,
                    kind="referred",
                    actor_id=by,
                    at=w,
                    note=rng.choice([t.matter, "过户材料"]),
                    data={"department_id": dept.pk},
                )
            )
            referrals.append(
                Referral(
                    ticket=t, department=dept, referred_by_id=by, referred_at=w, summary="过户材料"
                )
            )
        if shape == "referred":
            events.append(
                TicketEvent(
                    ticket=t,
                    kind="signed_for",
                    actor_id=handler.pk,
                    at=t.signed_at,
                    data={"department_id": dept.pk},
                )
            )
        if shape == "returned":
            events.append(
                TicketEvent(
                    ticket=t,
                    kind="returned",
                    actor_id=handler.pk,
                    at=w + timedelta(hours=2),
                    note="没办法",
                    data={"reason": "not_ours", "department_id": dept.pk},
                )
            )
    TicketEvent.objects.bulk_create(events, batch_size=BATCH)
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    return inspector


def time_it(client, url: str, runs: int) -> list[float]:
    for _ in range(2):  # warm caches, templates, the phrase regexes
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets in the database")
    parser.add_argument("--day-tickets", type=int, default=3_000, help="tickets on the day")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="time the database built last")
    args = parser.parse_args()
    on_day = min(args.day_tickets, args.tickets)

    setup_django(reuse=args.reuse and DB_PATH.exists())
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.urls import include, path

    began = time.perf_counter()
    if args.reuse and DB_PATH.exists():
        from django.contrib.auth import get_user_model

        inspector = get_user_model().objects.get(username="inspector")
        print(f"reusing {DB_PATH}")
    else:
        call_command("migrate", verbosity=0)
        with transaction.atomic():  # one commit, not one per batch
            inspector = build(args.tickets, on_day)
        print(
            f"built {args.tickets:,} tickets ({on_day:,} on {AUDIT_DAY}) "
            f"in {time.perf_counter() - began:.1f} s → {DB_PATH}"
        )

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [
        path("bench/bare/", login_required(lambda request: HttpResponse("ok"))),
        path("", include("config.urls")),
    ]
    sys.modules["bench_urls"] = urls
    setup_test_environment()
    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        client.force_login(inspector)
        audit_url = f"/inspection/day/{AUDIT_DAY.isoformat()}/"
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(audit_url).status_code == 200
        queries = len(ctx.captured_queries)  # read now: the next request resets the log
        audit = summary(time_it(client, audit_url, args.runs))
        bare = summary(time_it(client, "/bench/bare/", args.runs))

    print(f"bare logged-in view : median {bare[0] * 1000:8.2f} ms   p95 {bare[1] * 1000:8.2f} ms")
    print(f"audit page          : median {audit[0] * 1000:8.2f} ms   p95 {audit[1] * 1000:8.2f} ms")
    print(f"ratio (median)      : {audit[0] / bare[0]:.1f}×   (p95 {audit[1] / bare[1]:.1f}×)")
    print(f"audit page queries  : {queries}")


if __name__ == "__main__":
    main()
