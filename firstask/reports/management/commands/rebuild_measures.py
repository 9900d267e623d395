"""Rebuild the measures' facts and aggregates for a range of registration days."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from firstask.reports.refresh import rebuild


class Command(BaseCommand):
    help = "Recompute the measures (facts, day and month aggregates) for a range of days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default today)")

    def handle(self, *args, start=None, end=None, **options):
        from firstask.tickets.models import Ticket

        try:
            last = date.fromisoformat(end) if end else timezone.localdate()
            if start:
                first = date.fromisoformat(start)
            else:
                earliest = (
                    Ticket.objects.order_by("received_at")
                    .values_list("received_at", flat=True)
                    .first()
                )
                first = timezone.localtime(earliest).date() if earliest else last
        except ValueError as exc:
            raise CommandError(f"dates are YYYY-MM-DD: {exc}") from exc
        if last < first:
            raise CommandError("--to is before --from")
        began = time.perf_counter()
        read = rebuild(first, last)
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"rebuilt {first} – {last}: {read} inquiries in {seconds:.1f} s "
            f"({read / seconds if seconds else 0:.0f}/s)"
        )
