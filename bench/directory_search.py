"""Benchmark the directory type-ahead at 5,000 matters (issue 5).

    .venv/bin/python bench/directory_search.py
    .venv/bin/python bench/directory_search.py --matters 20000 --requests 100

A throwaway database (bench/common.py: SQLite under var/bench/, or a database of its
own on the PostgreSQL server DATABASE_URL names), the test settings, the demo
organisation and directory plus generated matters. It times `search_directory()` itself,
`GET /directory/search/` and the directory page through the test Client as a logged-in
receptionist, and a bare logged-in view (login_required → "ok", wired through a URLconf
override) as the baseline, timed in turn with every row (bench/common.py); it prints
median/p95, the ratio to the baseline in wall-clock and in CPU time and the SQL
statements of one call (transaction control not counted), at 50 matters and at
``--matters``, and each row's growth. Target: the endpoint within a few times the bare
view, and the same query count at 50 and at 5,000 matters.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable

import common
from common import ROOT

RESULTS = ROOT / "bench" / "results" / "directory_search.json"

# What receptionists type: characters, initials, full pinyin, keywords, agencies, misses.
QUERIES = [
    "不动产",
    "bdc",
    "budongchan",
    "过户",
    "社保卡",
    "sbk",
    "gjj",
    "营业执照",
    "滨江房屋",
    "护照",
    "登记",
    "dj",
    "转移 bdc",
    "没有这个事项",
]

REGIONS = [
    "东城",
    "西城",
    "南湖",
    "北岸",
    "滨江",
    "高新",
    "开发区",
    "老城",
    "新区",
    "港区",
    "城东",
    "城西",
    "江南",
    "江北",
    "湖滨",
    "山前",
    "临平",
    "云栖",
    "钱塘",
    "良渚",
    "运河",
]
OBJECTS = [
    "房屋",
    "土地",
    "林权",
    "海域",
    "车位",
    "商铺",
    "厂房",
    "宅基地",
    "社保卡",
    "养老保险",
    "医疗保险",
    "失业保险",
    "工伤保险",
    "公积金",
    "营业执照",
    "食品许可",
    "药品许可",
    "广告登记",
    "商标",
    "合同",
]
ACTIONS = [
    "首次登记",
    "转移登记",
    "变更登记",
    "注销登记",
    "抵押登记",
    "信息查询",
    "补换证",
    "备案",
    "申领",
    "提取",
    "核定",
    "年度报告",
]
MATERIALS = [
    "申请书",
    "身份证【原件及复印件】",
    "户口簿",
    "不动产权证书【原件】",
    "购房合同",
    "营业执照【副本】",
    "授权委托书",
    "婚姻状况证明",
    "银行卡",
    "完税凭证",
]


def populate(total: int) -> None:
    """The demo directory, then generated matters up to `total`, 4 materials each."""
    from firstask.directory import demo
    from firstask.directory.models import Matter, MatterMaterial
    from firstask.directory.search import reindex
    from firstask.org.demo import load_organisation
    from firstask.org.models import Department

    load_organisation()
    demo.load()
    departments = list(
        Department.objects.filter(code__in=["realestate", "social", "market", "fund"])
    )
    taken = set(Matter.objects.values_list("name", flat=True))
    names = (
        name
        for name in (f"{r}{o}{a}" for r, o, a in itertools.product(REGIONS, OBJECTS, ACTIONS))
        if name not in taken
    )
    batch = []
    for i, name in zip(range(total - Matter.objects.count()), names, strict=False):
        matter = Matter(
            name=name,
            keywords=f"{name[-4:]} 批量",
            department=departments[i % 4],
            location=f"服务大厅 {i % 3 + 1} 楼",
            time_limit_days=i % 30,
        )
        matter.refresh_search_text()  # bulk_create does not call save()
        batch.append(matter)
    created = Matter.objects.bulk_create(batch, batch_size=1000)
    reindex(m.pk for m in created)  # bulk_create bypasses Matter.save(), which indexes
    MatterMaterial.objects.bulk_create(
        (
            MatterMaterial(matter=m, position=p, name=MATERIALS[(m.pk + p) % len(MATERIALS)])
            for m in created
            for p in range(1, 5)
        ),
        batch_size=2000,
    )


def cycling(call: Callable[[str], object]) -> Callable[[], object]:
    """``call`` with the next of QUERIES each time: every row times the same mix."""
    queries = itertools.cycle(QUERIES)
    return lambda: call(next(queries))


def run(matters: int, requests: int) -> list[list]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from firstask.directory.models import Matter
    from firstask.directory.selectors import search_directory

    def direct(q: str) -> None:
        for hit in search_directory(q):
            if hit.kind == "matter":
                list(hit.obj.materials.all())

    client = Client()
    client.force_login(get_user_model().objects.get(username="reception"))

    def get(url: str) -> Callable[[str], object]:
        def call(q: str) -> None:
            response = client.get(url, {"q": q})
            assert response.status_code == 200, (url, response.status_code)

        return call

    pages = [
        ("search_directory() only", cycling(direct)),
        ("GET /directory/search/", cycling(get("/directory/search/"))),
        ("GET /directory/ (page 1)", cycling(get("/directory/"))),
    ]
    base, rows = common.time_pages(client, pages, requests)
    shape = f"{Matter.objects.count():,} matters, 4 materials each; {requests} requests per row"
    common.print_table(common.heading("Directory search", shape), base, rows)
    return common.figures(base, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    started = time.perf_counter()
    where = common.setup_django("directory_search.sqlite3")
    print(f"database: {where}")
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test Client's host, keeps mail in memory
    results = {}
    for matters in (50, args.matters):
        populate(matters)
        common.analyse()  # statistics and visibility map, as nightly task / autovacuum keep
        results[matters] = run(matters, args.requests)
    differ = common.print_growth(results, unit="matters")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"({time.perf_counter() - started:.0f} s; results in {RESULTS.relative_to(ROOT)})")
    if differ:
        sys.exit("a query count grew with the directory")


if __name__ == "__main__":
    main()
