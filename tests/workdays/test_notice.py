"""Reading a pasted State Council notice (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from firstask.workdays.notice import NoticeError, parse_notice

GOOD = """
# 2027 (example)
2027-01-01 holiday 元旦
2027-02-06~2027-02-08 休 春节
2027-02-20\tworkday\t春节调休
2027-10-09，上班，国庆节调休
2026-12-31 holiday 元旦
"""


def test_parses_dates_ranges_and_chinese_kinds():
    days = parse_notice(2027, GOOD)
    assert [d.date for d in days] == [
        date(2026, 12, 31), date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7),
        date(2027, 2, 8), date(2027, 2, 20), date(2027, 10, 9),
    ]  # fmt: skip
    assert {d.kind for d in days if d.date.month == 2 and d.date.day < 10} == {"holiday"}
    assert days[-1].kind == "workday" and days[-1].name == "国庆节调休"


def _errors(text: str, year: int = 2027) -> list[str]:
    with translation.override("en"), pytest.raises(NoticeError) as caught:
        parse_notice(year, text)
    return caught.value.messages


def test_every_error_is_reported_with_its_line():
    errors = _errors(
        "2027-01-01 holiday 元旦\n"
        "2027-13-01 holiday 错\n"
        "2027-01-05 maybe 错\n"
        "2028-01-01 holiday 错\n"
        "2027-01-01 holiday 重复\n"
        "2027-01-06 workday 周三\n"
        "2027-02-10~2027-02-01 holiday 反\n"
        "2027-03-01\n"
    )
    assert [e.split(":")[0] for e in errors] == [f"Line {n}" for n in range(2, 9)]
    assert "2027-13-01" in errors[0]
    assert "maybe" in errors[1]
    assert "already given on line 1" in errors[3]
    assert "weekday" in errors[4]


def test_an_empty_notice_is_an_error():
    assert _errors("\n# nothing\n") == ["The notice lists no dates."]


def test_long_ranges_are_refused():
    assert "at most 31 days" in _errors("2027-01-01~2027-03-01 holiday 太长")[0]
