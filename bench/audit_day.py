"""Benchmark: the daily audit page on a busy day, as a ratio to a bare logged-in page.

    .venv/bin/python bench/audit_day.py                      # 10k, 100k, 1M in all
    .venv/bin/python bench/audit_day.py --sizes 10000 --day-tickets 1000
    DATABASE_URL=postgres://… .venv/bin/python bench/audit_day.py   # or bench/run --db postgres

Per size, a fresh database: the history in the city centre's shape (bench/shape.py, in
SQL) up to the eve of the audit day, then the day's 3,000 inquiries with bulk_create
(events, referrals; deadlines, returns, phrases and silences sprinkled in so every rule
has work). Times GET /inspection/day/<day>/ (the first page of the list, and the list
filtered to flagged tickets) and the daily report through the Django test client
logged in as an inspector, against the bare ``login_required`` view of bench/common.py.
Prints median and p95, the ratio to the bare view, the SQL statements per request, and
each page's growth across sizes.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import common
import shape

DB_NAME = "audit_day.sqlite3"
AUDIT_DAY = date(2026, 6, 17)  # a Wednesday
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000


def build(total: int, on_day: int, seed: int = 17) -> None:
    """Departments, staff, ``total`` tickets (``on_day`` of them on AUDIT_DAY), events."""
    from django.contrib.auth.models import Group

    from firstask.org.models import Department, StaffProfile
    from firstask.org.roles import Role
    from firstask.tickets.models import Referral, Ticket, TicketEvent
    from tests.factories import UserFactory

    rng = random.Random(seed)
    departments = [Department.objects.create(code=f"d{i}", name=f"科室{i}") for i in range(10)]
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
    if not StaffProfile.objects.filter(user__username="inspector").exists():
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
        shapes_weights = ["spot", "answered", "referred", "returned", "open"], [5, 2, 3, 1, 1]
        shape = rng.choices(*shapes_weights)[0]
        if w.date() < AUDIT_DAY - timedelta(days=10):
            shape = "spot"  # data ages like an office's: old inquiries are closed
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

    def event(t: Ticket, kind: str, actor: int, at: datetime, **more) -> None:
        events.append(TicketEvent(ticket=t, kind=kind, actor_id=actor, at=at, **more))

    for t, (shape, dept) in zip(tickets, shapes, strict=True):
        w, by, to_dept = t.received_at, t.first_responder_id, {"department_id": dept.pk}
        event(t, "registered", by, w, to_state="received")
        if shape in ("spot", "answered"):
            event(t, "answered", by, w, note=rng.choice(phrases), data={"kind": t.answer_kind})
        if shape == "spot":
            event(t, "followed_up", by, w, data={"satisfaction": "satisfied", "method": "counter"})
            event(t, "closed", by, w)
        if shape in ("referred", "returned"):
            handler = rng.choice(handlers[dept.pk])
            event(t, "referred", by, w, note=rng.choice([t.matter, "过户材料"]), data=to_dept)
            referrals.append(
                Referral(
                    ticket=t, department=dept, referred_by_id=by, referred_at=w, summary="过户材料"
                )
            )
        if shape == "referred":
            event(t, "signed_for", handler.pk, t.signed_at, data=to_dept)
        if shape == "returned":
            reason = {"reason": "not_ours", **to_dept}
            event(t, "returned", handler.pk, w + timedelta(hours=2), note="没办法", data=reason)
    TicketEvent.objects.bulk_create(events, batch_size=BATCH)
    Referral.objects.bulk_create(referrals, batch_size=BATCH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="inquiries in all")
    parser.add_argument("--day-tickets", type=int, default=3_000, help="tickets on the day")
    parser.add_argument("--runs", type=int, default=10, help="timed requests per page")
    args = parser.parse_args()
    results = common.each_size(
        DB_NAME,
        args.sizes,
        lambda size, first: run(size, min(args.day_tickets, size), args.runs, first=first),
    )
    common.print_growth(results)


def run(size: int, on_day: int, runs: int, *, first: bool):
    """History in the city centre's shape up to the eve of the audit day, then the day's
    ``on_day`` inquiries with every kind of finding the rules look for."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from firstask.tickets.models import Ticket

    if not first:
        common.recreate_database()
    began = time.perf_counter()
    org = shape.people()
    eve = datetime.combine(AUDIT_DAY, datetime.min.time(), tzinfo=SHANGHAI) - timedelta(hours=1)
    history = shape.build(size - on_day, org, eve) if size > on_day else {"tickets": 0}
    with transaction.atomic():  # one commit, not one per batch
        build(on_day, on_day)
    common.analyse()
    built = time.perf_counter() - began
    inspector = get_user_model().objects.get(username="inspector")

    client = Client()
    client.force_login(inspector)
    day_url = f"/inspection/day/{AUDIT_DAY.isoformat()}/"
    pages = [
        ("audit page", lambda: client.get(day_url)),
        ("audit page, flagged only", lambda: client.get(f"{day_url}?flag=any")),
        ("daily report (draft)", lambda: client.get(f"{day_url}report/")),
    ]
    base, rows = common.time_pages(client, pages, runs)
    received = Ticket.objects.filter(number__startswith=f"{AUDIT_DAY:%Y%m%d}-").count()
    data = (
        f"{history['tickets']:,} inquiries of history in the city centre's shape, then "
        f"{received:,} on {AUDIT_DAY}; built in {built:.0f} s"
    )
    title = common.heading(f"Daily audit of {AUDIT_DAY} among {size:,}", data)
    common.print_table(title, base, rows)
    return common.figures(base, rows)


if __name__ == "__main__":
    main()
