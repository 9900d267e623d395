"""seed_calendar, import_calendar_notice and the demo loader."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from firstask.workdays import demo
from firstask.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_calendar_default_and_explicit_years():
    output = _call("seed_calendar")
    assert "2025: seeded" in output and "2026: seeded" in output
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2025, 2026}
    output = _call("seed_calendar", "2024", "2027")
    assert "2024: seeded" in output and "2027: no official data" in output
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_seed_calendar_refuses_only_unknown_years():
    with pytest.raises(CommandError):
        _call("seed_calendar", "2027")


def test_seed_calendar_lists_the_official_range():
    assert _call("seed_calendar", "--list").strip().endswith("2001–2026")


def test_import_calendar_notice(tmp_path):
    good = tmp_path / "2027.txt"
    good.write_text("2027-01-01 holiday 元旦\n2027-02-20 workday 春节调休\n", encoding="utf-8")
    assert "2 days imported" in _call(
        "import_calendar_notice", "2027", str(good), "--source", "通知"
    )
    assert CalendarYear.objects.get(year=2027).official


def test_import_calendar_notice_with_errors_saves_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("2027-01-01 holiday 元旦\n2027-01-32 holiday 错\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2"):
        _call("import_calendar_notice", "2027", str(bad), "--source", "通知")
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_demo_load_is_idempotent():
    demo.load()
    count = CalendarDay.objects.count()
    demo.load()
    assert CalendarDay.objects.count() == count > 40
