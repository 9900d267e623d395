"""``manage.py check_integrity``: verify the inquiry records as an auditor would.

Exits 1 and lists the violations (a sample per check, every one counted) when anything
is wrong, 0 when the records are consistent. The outcome is recorded for /healthz
unless ``--no-record`` is given or another ``--database`` is checked (a restored copy).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from firstask.core.services import record_integrity_run
from firstask.tickets.integrity import EXAMPLES_PER_CHECK, check_integrity


class Command(BaseCommand):
    help = "Verify inquiries, events, detail rows and numbering; exit 1 on any violation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=EXAMPLES_PER_CHECK,
            help="violations listed per check (all are counted)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias to check")
        parser.add_argument(
            "--no-record", action="store_true", help="do not store the outcome for /healthz"
        )

    def handle(self, *args, limit: int, no_record: bool, database: str, **options):
        started = timezone.now()
        report = check_integrity(limit=max(1, limit), using=database)
        finished = timezone.now()
        if not no_record and database == DEFAULT_DB_ALIAS:
            record_integrity_run(
                started_at=started,
                finished_at=finished,
                counts=report.counts,
                examples=[v.as_dict() for v in report.examples],
            )
        seconds = (finished - started).total_seconds()
        for check, count in report.counts.items():
            style = self.style.SUCCESS if count == 0 else self.style.ERROR
            self.stdout.write(style(f"{check:<14} {count:>8}"))
        for violation in report.examples:
            self.stdout.write(f"  {violation.check}: {violation.subject}: {violation.detail}")
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"integrity: ok ({seconds:.1f}s)"))
            return
        self.stdout.write(
            self.style.ERROR(f"integrity: {report.total} violations ({seconds:.1f}s)")
        )
        sys.exit(1)
