"""Benchmark the inquiry pages at 10k, 100k and 1M inquiries (issues 3 and 14).

    .venv/bin/python bench/tickets_pages.py                      # 10k, 100k, 1M
    .venv/bin/python bench/tickets_pages.py --sizes 10000,100000
    DATABASE_URL=postgres://… .venv/bin/python bench/tickets_pages.py   # or bench/run --db postgres

Each size is a fresh database in a city centre's shape (bench/shape.py: 3,000 a day,
60 first responders, ≈ 10,000 open). For each page: median/p95 time as a ratio to a
bare logged-in view, and the SQL queries of one request; then, across sizes, each
page's growth (its ratio at the largest size over its ratio at the smallest) and
whether its query count stayed the same. Target: growth ≤ 1.5×, counts constant.
"""

from __future__ import annotations

import argparse
import time

import common
import shape

# Fragments as a desk types them. A receptionist sees only what they registered (1/60
# of the history here); an inspector sees everything. Every search shows the same rows
# at every size, so the page is the same and only the history grows: the common ones a
# full page (25) from 10k on (bench/shape.py weights its draws so that one person's 167
# inquiries at 10k hold ≈ 55 公积金 matters and ≈ 60 units ending 有限公司; 王建平 is 1
# in 256, 41 among the first 10k), "567" and "5678" the bench's own intake POSTs (the
# newest inquiries), the "visitor" ones the same three inquiries of a returning visitor
# (`returning_visitor`), "nobody" none. The rows are printed with the figures and
# compared across sizes.
SEARCHES = [
    ("search: matter words (own)", "reception", "公积金"),
    ("search: unit fragment (own)", "reception", "有限公司"),
    ("search: 3 phone digits (own)", "reception", "567"),
    ("search: visitor's surname (own)", "reception", "欧阳"),
    ("search: visitor's full name (all)", "inspector", "欧阳建平"),
    ("search: full name 1 in 256 (all)", "inspector", "王建平"),
    ("search: 2 chars mid-name (all)", "inspector", "建平"),
    ("search: unit fragment (all)", "inspector", "建设有限"),
    ("search: 4 phone digits (all)", "inspector", "5678"),
    ("search: matter words (all)", "inspector", "异地就医"),
    ("search: nobody (all)", "inspector", "没有这个人"),
]
FOUND: dict[int, list[int]] = {}  # size → rows on each search's first page


def returning_visitor(users: dict) -> None:
    """欧阳建平 came three times (the surname is not in the shape's names): registered
    and answered at the counter, two by the demo receptionist, one by the hotline."""
    from datetime import timedelta

    from django.utils import timezone

    from firstask.tickets import services

    now = timezone.now()
    for days, who in ((1, "reception"), (2, "hotline"), (3, "reception")):
        services.register_ticket(
            actor=users[who],
            data={
                "channel": "walk_in",
                "category": "business",
                "urgency": "normal",
                "visitor_name": "欧阳建平",
                "visitor_phone": "13900001111",
                "matter": "医保卡挂失咨询",
                "received_at": now - timedelta(days=days),
            },
            answer_on_the_spot="已当场答复",
        )


def rows_found(users: dict) -> list[int]:
    """How many rows each search's first page shows (at most 25)."""
    from firstask.tickets.selectors import ticket_list_for

    return [len(list(ticket_list_for(users[who], "search", q)[:25])) for _label, who, q in SEARCHES]


def print_rows_found() -> bool:
    """Rows per search and size; True when a search's rows differ between sizes (its
    growth would then be a longer page's rendering, not the search)."""
    sizes = sorted(FOUND)
    print("\nRows on each search's first page (the same at every size: like-for-like pages)")
    print(f"| search | {' | '.join(f'rows @{s:,}' for s in sizes)} |")
    print("|---" * (len(sizes) + 1) + "|")
    differ = False
    for i, (label, _who, q) in enumerate(SEARCHES):
        rows = [FOUND[s][i] for s in sizes]
        mark = "" if len(set(rows)) == 1 else " **differ**"
        differ |= bool(mark)
        print(f"| {label} ({q}) | {' | '.join(map(str, rows))}{mark} |")
    return differ


def run(size: int, first: bool, runs: int) -> list[list]:
    from django.test import Client
    from django.utils import timezone

    from firstask.tickets.models import Ticket

    if not first:
        common.recreate_database()
    began = time.perf_counter()
    org = shape.people()
    data = shape.build(size, org, timezone.now())
    returning_visitor(org["users"])
    common.analyse()
    built = time.perf_counter() - began
    users = org["users"]
    clients = {}
    for name in ("reception", "handler", "inspector"):
        clients[name] = Client()
        clients[name].force_login(users[name])
    reception = clients["reception"]
    one = (
        Ticket.objects.filter(first_responder=users["reception"], state="referred")
        .order_by("-pk")
        .first()
    )
    intake = {
        "visitor_name": "李明",
        "visitor_phone": "13812345678",
        "category": "business",
        "urgency": "normal",
        "matter": "基准测试登记",
    }
    pages = [
        ("intake POST", lambda: reception.post("/tickets/new/walk_in/", intake)),
        ("ticket page", lambda: reception.get(f"/tickets/{one.number}/")),
        ("worklist: registered by me", lambda: reception.get("/tickets/")),
        ("worklist: awaiting follow-up", lambda: reception.get("/tickets/follow-up/")),
        ("worklist: department to-do", lambda: clients["handler"].get("/tickets/department/")),
        ("search: number", lambda: reception.get("/tickets/search/", {"q": one.number})),
        (
            "search: full phone",
            lambda: reception.get("/tickets/search/", {"q": one.visitor_phone}),
        ),
        *[
            (label, lambda who=who, q=q: clients[who].get("/tickets/search/", {"q": q}))
            for label, who, q in SEARCHES
        ],
        (
            "caller history (intake)",
            lambda: reception.get("/tickets/history/", {"phone": one.visitor_phone}),
        ),
        ("inbox", lambda: reception.get("/inbox/")),
    ]
    base, rows = common.time_pages(reception, pages, runs)
    title = common.heading(f"Inquiry pages at {size:,}", shape.describe(data))
    title += f"\n  built in {built:.0f} s"
    common.print_table(title, base, rows)
    FOUND[size] = rows_found(users)
    return common.figures(base, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()
    results = common.each_size(
        "tickets.sqlite3", args.sizes, lambda size, first: run(size, first, args.runs)
    )
    common.print_growth(results)
    if print_rows_found():
        print("a search's rows differ between sizes: its growth is not like for like")


if __name__ == "__main__":
    main()
