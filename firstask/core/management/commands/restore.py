"""``manage.py restore BACKUP --into TARGET``: restore into a fresh database, then check.

TARGET is a new SQLite file for a ``.sqlite3`` backup, or the URL of an empty
PostgreSQL database (``createdb`` it first) for a ``.dump``. The database in use is
never overwritten: point DATABASE_URL at the restored copy once it checks out.
After restoring: SQLite's own integrity_check, then ``check_integrity`` on the copy;
the command fails if either finds anything.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from firstask.core.backups import BackupError, restore_postgres, restore_sqlite

ALIAS = "restored"


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and run the integrity check on it."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--into",
            required=True,
            help="new SQLite file, or postgres://… URL of an empty database",
        )

    def handle(self, *args, backup: Path, into: str, **options):
        if not backup.is_file():
            raise CommandError(f"no such backup: {backup}")
        try:
            if into.startswith(("postgres://", "postgresql://")):
                restore_postgres(backup, into)
                target = dj_database_url.parse(into)
            else:
                restore_sqlite(backup, Path(into))
                target = {"ENGINE": "django.db.backends.sqlite3", "NAME": into}
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored {backup.name} into {into}"))
        default = connections.databases["default"]
        connections.databases[ALIAS] = {
            **default,
            **{
                key: target[key]
                for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD")
                if key in target
            },
            "OPTIONS": default["OPTIONS"] if target["ENGINE"] == default["ENGINE"] else {},
            "TEST": {},
        }
        try:
            call_command("check_integrity", database=ALIAS, no_record=True, stdout=self.stdout._out)
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.databases[ALIAS]
