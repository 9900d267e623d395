"""Demo records of the workdays app: the official calendar from the holidays package.

Idempotent (seeding updates its own rows); deadline policies come from a migration.
"""

from __future__ import annotations

from firstask.workdays.services import seed_calendar


def load() -> None:
    seed_calendar()
