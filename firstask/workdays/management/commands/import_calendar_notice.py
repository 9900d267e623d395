"""Import a year's State Council notice from a text file (same format as the admin form)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from firstask.workdays.notice import NoticeError, parse_notice
from firstask.workdays.services import import_notice


class Command(BaseCommand):
    help = (
        "Make YEAR official from FILE: one line per date or range, e.g. "
        "'2027-10-01~2027-10-07 holiday 国庆节' or '2027-10-09 workday 国庆调休'. "
        "All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="the notice's number or title")

    def handle(self, *args, year: int, file: Path, source: str, **options) -> None:
        try:
            days = parse_notice(year, file.read_text(encoding="utf-8"))
        except NoticeError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        result = import_notice(year=year, days=days, source=source)
        self.stdout.write(
            self.style.SUCCESS(f"{year}: {result.written} days imported, year official")
        )
        if result.replaced_manual:
            dates = ", ".join(d.isoformat() for d in result.replaced_manual)
            self.stdout.write(self.style.WARNING(f"replaced hand-entered days: {dates}"))
