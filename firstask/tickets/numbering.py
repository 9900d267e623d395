"""Human-readable ticket numbers: ``YYYYMMDD-NNNN``, a daily sequence staff can read out."""

from __future__ import annotations

from datetime import date

from django.db import connection

from firstask.tickets.models import DaySequence

# One statement on both SQLite (3.35+) and PostgreSQL: take the next number of the day
# under the row's write lock, creating the day's row on its first inquiry.
_UPSERT = (
    f'INSERT INTO "{DaySequence._meta.db_table}" ("day", "last") VALUES (%s, 1) '
    f'ON CONFLICT ("day") DO UPDATE SET "last" = "{DaySequence._meta.db_table}"."last" + 1 '
    'RETURNING "last"'
)


def next_ticket_number(day: date) -> str:
    """Take the next number of ``day``. Call inside the registering transaction so a
    rolled-back registration gives its number back."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [day.isoformat()])
        (last,) = cursor.fetchone()
    return f"{day:%Y%m%d}-{last:04d}"
