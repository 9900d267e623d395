"""Human-readable ticket numbers: ``YYYYMMDD-NNNN``, a daily sequence staff can read out."""

from __future__ import annotations

from datetime import date

from django.db.models import F

from firstask.tickets.models import DaySequence


def next_ticket_number(day: date) -> str:
    """Take the next number of ``day``. Call inside the registering transaction so a
    rolled-back registration gives its number back."""
    DaySequence.objects.get_or_create(day=day)
    DaySequence.objects.filter(day=day).update(last=F("last") + 1)
    last = DaySequence.objects.filter(day=day).values_list("last", flat=True).get()
    return f"{day:%Y%m%d}-{last:04d}"
