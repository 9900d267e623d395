"""The demo directory: realistic, big enough, idempotent."""

from __future__ import annotations

import pytest

from firstask.directory import demo
from firstask.directory.models import Agency, AnswerTemplate, Matter, MatterMaterial
from firstask.directory.selectors import search_directory
from firstask.org.demo import DEPARTMENTS, load_organisation

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Matter.objects.count(),
        MatterMaterial.objects.count(),
        Agency.objects.count(),
        AnswerTemplate.objects.count(),
    )


def test_demo_directory_is_big_enough_and_idempotent():
    load_organisation()
    demo.load()
    first = counts()
    assert first[0] >= 30
    assert first[2] >= 5
    texts = {m.pk: m.search_text for m in Matter.objects.all()}
    demo.load()
    assert counts() == first
    assert {m.pk: m.search_text for m in Matter.objects.all()} == texts


def test_demo_covers_the_service_departments_with_materials():
    load_organisation()
    demo.load()
    codes = {code for code, *_rest in DEPARTMENTS}
    used = set(Matter.objects.values_list("department__code", flat=True))
    assert {"realestate", "social", "market", "fund", "office"} <= used <= codes
    for name in (
        "房屋所有权首次登记",
        "二手房转移登记",
        "抵押登记",
        "社保卡申领",
        "公积金提取",
        "个体工商户设立登记",
        "食品经营许可",
        "政府信息公开申请",
        "信访事项",
    ):
        assert search_directory(name), name
    transfer = Matter.objects.get(name="二手房转移登记")
    assert transfer.materials.count() >= 4
    assert transfer.department.code == "realestate"
    assert Agency.objects.filter(name="公安局出入境管理支队").exists()


def test_demo_search_for_bdc_finds_real_estate_matters():
    load_organisation()
    demo.load()
    hits = search_directory("bdc")
    assert hits and all(hit.obj.department.code == "realestate" for hit in hits)
