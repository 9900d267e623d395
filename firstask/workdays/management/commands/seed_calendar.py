"""Seed the calendar from the installed ``holidays`` package (run after upgrading it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from firstask.workdays import package_data
from firstask.workdays.services import seed_calendar


class Command(BaseCommand):
    help = (
        "Write the official CN holidays and make-up workdays the holidays package knows "
        "(default: every official year from 2025). Years imported from a notice are kept; "
        "years without official data are reported, never guessed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="years to seed")
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="only list the official years"
        )

    def handle(self, *args, years: list[int], list_only: bool, **options) -> None:
        official = sorted(package_data.official_years())
        if list_only:
            self.stdout.write(f"{package_data.package_version()}: {official[0]}–{official[-1]}")
            return
        result = seed_calendar(years or None)
        for year in result.seeded:
            self.stdout.write(
                self.style.SUCCESS(f"{year}: seeded from {package_data.package_version()}")
            )
        for year in result.kept:
            self.stdout.write(f"{year}: kept (imported from a State Council notice)")
        for year in result.unavailable:
            self.stdout.write(
                self.style.WARNING(
                    f"{year}: no official data in {package_data.package_version()}; "
                    "import the notice in admin"
                )
            )
        if years and result.unavailable and not result.seeded and not result.kept:
            raise CommandError("nothing seeded")
