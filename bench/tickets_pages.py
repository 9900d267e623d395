"""Benchmark the inquiry pages at 10k and 100k tickets (issue 3).

    .venv/bin/python bench/tickets_pages.py            # 10k and 100k
    .venv/bin/python bench/tickets_pages.py --sizes 10000

For each size: intake POST, ticket page, each worklist and search — median/p95 time as a
ratio to a bare logged-in view, and SQL queries. Targets: intake ≤ 10 queries, ticket
page ≤ 15, worklists ≤ 12, all constant from 10k to 100k.
"""

from __future__ import annotations

import argparse
import random
from datetime import timedelta

from common import Timing, bare_view_urlconf, measure, print_table, setup_django

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁"
    "谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = [
    a + b
    for a in "建国志明秀英丽华文军海燕红梅晓东伟强"
    for b in "平安华明芳军杰静敏霞峰磊洋勇艳娟"
]


PER_DAY: dict[str, int] = {}  # kept across sizes so numbers stay unique


def populate(size: int) -> dict:
    """Bulk-create ``size`` tickets with a registration event each, spread over a year."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from firstask.org.demo import load_organisation
    from firstask.tickets.models import Referral, Ticket, TicketEvent

    load_organisation()
    User = get_user_model()
    people = {u.username: u for u in User.objects.select_related("profile")}
    existing = Ticket.objects.count()
    rng = random.Random(size)
    now = timezone.now()
    responders = [people["reception"], people["hotline"]]
    realestate = people["handler"].profile.department
    batch, events = [], []
    per_day = PER_DAY
    for i in range(existing, size):
        received = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        day = f"{received:%Y%m%d}"
        per_day[day] = per_day.get(day, 5000) + 1  # 5000+ keeps clear of live numbers
        responder = responders[i % 2]
        referred = i % 3 == 0
        batch.append(
            Ticket(
                number=f"{day}-{per_day[day]:04d}",
                channel="walk_in" if i % 2 else "phone",
                category="business",
                received_at=received,
                visitor_name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)],
                visitor_phone=f"139{i:08d}"[:11],
                matter="批量数据：咨询二手房过户材料",
                first_responder=responder,
                first_responder_department_id=responder.profile.department_id,
                referred_department=realestate if referred else None,
                referred_at=received if referred else None,
            )
        )
        if len(batch) == 5000:
            _flush(batch, events)
    _flush(batch, events)
    # State is protected on the model; a bulk update is the loader's shortcut. As in a
    # real office, what came in more than ten days ago is closed; the rest is open.
    Ticket.objects.filter(referred_department__isnull=False).update(state="referred")
    Ticket.objects.filter(received_at__lt=now - timedelta(days=10)).update(
        state="closed", closed_at=now
    )
    if not Referral.objects.exists():
        Referral.objects.bulk_create(
            [
                Referral(
                    ticket_id=t.pk,
                    department=realestate,
                    referred_by_id=t.first_responder_id,
                    referred_at=t.received_at,
                    summary="转办",
                )
                for t in Ticket.objects.filter(state="referred").only(
                    "pk", "first_responder_id", "received_at"
                )
            ],
            batch_size=5000,
        )
    assert TicketEvent.objects.count() >= size
    from firstask.core.services import refresh_query_planner_statistics

    refresh_query_planner_statistics()  # what the nightly beat task does
    return people


def _flush(batch: list, events: list) -> None:
    from firstask.tickets.models import Ticket, TicketEvent

    if not batch:
        return
    created = Ticket.objects.bulk_create(batch)
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(
                ticket_id=t.pk,
                kind="registered",
                actor_id=t.first_responder_id,
                at=t.received_at,
                to_state="received",
            )
            for t in created
        ]
    )
    batch.clear()


def run(size: int) -> list[Timing]:
    from django.test import Client, override_settings

    from firstask.tickets.models import Ticket

    people = populate(size)
    with override_settings(ROOT_URLCONF=bare_view_urlconf()):
        reception, handler = Client(), Client()
        reception.force_login(people["reception"])
        handler.force_login(people["handler"])
        one = (
            Ticket.objects.filter(first_responder=people["reception"], state="referred")
            .order_by("-received_at")
            .first()
        )
        intake = {
            "visitor_name": "李明",
            "visitor_phone": "13812345678",
            "category": "business",
            "urgency": "normal",
            "matter": "基准测试登记",
        }
        base = measure("bare logged-in view", lambda: reception.get("/__bare__/"))
        rows = [
            measure("intake POST", lambda: reception.post("/tickets/new/walk_in/", intake)),
            measure("ticket page", lambda: reception.get(f"/tickets/{one.number}/")),
            measure("worklist: registered by me", lambda: reception.get("/tickets/")),
            measure("worklist: awaiting follow-up", lambda: reception.get("/tickets/follow-up/")),
            measure("worklist: department to-do", lambda: handler.get("/tickets/department/")),
            measure("search: phone", lambda: reception.get("/tickets/search/?q=13900001234")),
            measure("search: name", lambda: reception.get("/tickets/search/?q=王建国")),
            measure("search: number", lambda: reception.get(f"/tickets/search/?q={one.number}")),
            measure(
                "caller history (intake)",
                lambda: reception.get("/tickets/history/?phone=13900001234"),
            ),
        ]
    print_table(f"Inquiry pages at {Ticket.objects.count():,} tickets", base, rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    setup_django("tickets.sqlite3")
    results = {}
    for size in sorted(int(s) for s in args.sizes.split(",")):
        results[size] = run(size)
    if len(results) > 1:
        sizes = sorted(results)
        print("\nQuery counts constant across sizes:")
        for i, row in enumerate(results[sizes[0]]):
            counts = [results[s][i].queries for s in sizes]
            status = "yes" if len(set(counts)) == 1 else "NO"
            print(f"  {row.label:<34} {counts} {status}")


if __name__ == "__main__":
    main()
