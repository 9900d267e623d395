"""The matters' substring index (search.py): the type-ahead reads its candidates from
``MatterKey`` and walks a crowded tier in name-length order, and must give exactly what
ranking every match would. ``ROWS`` (keys of a word before its tier counts as crowded)
is set small here, so a directory of a few dozen matters takes every path a directory
of thousands does."""

from __future__ import annotations

import itertools

import pytest

from firstask.directory import search
from firstask.directory.models import Matter, MatterKey
from firstask.directory.selectors import (
    _matches,
    _phrase,
    _ranked,
    active_matters,
    matching_matters,
    search_directory,
)
from firstask.directory.text import query_tokens
from tests.directory.factories import MatterFactory

pytestmark = pytest.mark.django_db

REGIONS = ["东城", "滨江", "江南", "高新区"]
OBJECTS = ["房屋", "土地", "社保卡", "营业执照", "公积金"]
ACTIONS = ["首次登记", "转移登记", "补换证", "备案", "提取"]
# Chinese fragments (one, two, several characters, in the middle), initials, full
# pinyin, department names and their pinyin, two words, misses.
QUERIES = [
    "登记",
    "登",
    "记",
    "房屋",
    "滨江房屋",
    "江",
    "转移 bdc",
    "bdc",
    "budongchan",
    "dj",
    "d",
    "fw",
    "binjiang",
    "sbk",
    "社保",
    "gjj",
    "提取",
    "补换",
    "不动产",
    "社会",
    "shbz",
    "scjg",
    "营业",
    "照",
    "首次",
    "没有",
    "zz",
    "gx",
    "高新区土地",
    "bj fw",
]


@pytest.fixture
def generated(realestate, social):
    """Matters named region + object + action over two departments, saved one by one
    (Matter.save indexes them)."""
    for i, (r, o, a) in enumerate(itertools.product(REGIONS, OBJECTS, ACTIONS)):
        MatterFactory(name=f"{r}{o}{a}", keywords=a, department=(realestate, social)[i % 2])


def every_match_ranked(q: str, department_id=None) -> list[int]:
    queryset = active_matters().filter(_matches(query_tokens(q)))
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    return [m.pk for m in _ranked(queryset, _phrase(q))]


@pytest.mark.parametrize("rows", [3, 400])
def test_the_index_gives_exactly_what_ranking_every_match_gives(
    generated, realestate, monkeypatch, rows
):
    monkeypatch.setattr(search, "ROWS", rows)  # 3: nearly every tier is walked
    for q, depth, department in itertools.product(QUERIES, (1, 10, 21), (None, realestate.pk)):
        found = [m.pk for m in matching_matters(q, department_id=department, depth=depth)]
        assert found[:depth] == every_match_ranked(q, department)[:depth], (q, depth, department)


def test_a_renamed_matter_is_found_by_its_new_name_only(generated):
    matter = Matter.objects.get(name="滨江房屋备案")
    matter.name = "滨江车位备案"
    matter.save()
    assert "滨江车位备案" in [h.name for h in search_directory("车位")]
    assert "滨江车位备案" in [h.name for h in search_directory("chewei")]
    assert search_directory("滨江房屋备案") == []


def test_a_renamed_department_is_found_by_its_new_name(generated, social):
    social.name = "人力社保科"
    social.save()
    assert search_directory("人力社保", kinds=("matter",))
    assert search_directory("rlsbk", kinds=("matter",))
    assert search_directory("社会保障", kinds=("matter",)) == []


def test_every_position_of_the_search_text_is_a_key(realestate):
    matter = MatterFactory(name="二手房过户", keywords="", department=realestate)
    keys = set(MatterKey.objects.filter(matter=matter).values_list("before", "key"))
    text = Matter.objects.get(pk=matter.pk).search_text
    expected = {
        (text[i - 1], text[i : i + search.KEY_LENGTH])
        for i in range(1, len(text))
        if text[i] not in "|^"
    }
    assert keys == expected
    assert ("^", "二手房过户|^esfgh") in keys  # the name: a term start, marked as the name
    search.reindex()  # all of them again: the same keys
    assert set(MatterKey.objects.filter(matter=matter).values_list("before", "key")) == keys


def test_a_word_longer_than_a_key_is_still_checked_in_full(realestate):
    MatterFactory(name="不动产登记资料查询证明开具", department=realestate)
    MatterFactory(name="不动产登记资料查询证明补办", department=realestate)
    assert [h.name for h in search_directory("不动产登记资料查询证明开具")] == [
        "不动产登记资料查询证明开具"
    ]


def test_keys_lost_behind_the_models_back_are_written_again_by_the_command(generated):
    from io import StringIO

    from django.core.management import call_command

    assert search_directory("滨江房屋备案")
    MatterKey.objects.all().delete()
    assert search_directory("滨江房屋备案") == []
    call_command("reindex_directory", stdout=StringIO())
    assert [h.name for h in search_directory("滨江房屋备案")] == ["滨江房屋备案"]
