"""Count the scorecards' yearly sums again from the register (``tallies.rebuild``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from firstask.accountability.tallies import differences, rebuild


class Command(BaseCommand):
    help = (
        "Recount every department's yearly scorecard sums from the register; with --check, "
        "only report where they differ (exit status 1 if they do)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only, change nothing")

    def handle(self, *args, check=False, **options):
        if check:
            found = differences()
            for (department, year), (kept, counted) in sorted(found.items()):
                self.stdout.write(
                    f"department {department}, {year}: kept {kept}, register {counted}"
                )
            if found:
                raise CommandError(f"{len(found)} department-years differ from the register")
            self.stdout.write("the scorecard sums equal the register")
            return
        changed = rebuild()
        self.stdout.write(f"{changed} department-years recounted from the register")
