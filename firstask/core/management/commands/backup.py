"""``manage.py backup``: a consistent copy of the live database into var/backups/.

SQLite through the online backup API (writers keep working), PostgreSQL through
``pg_dump -Fc``; the newest ``--keep`` backups are kept. Run it from cron or a systemd
timer (docs/operations.md), and copy var/backups/ off the machine.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.settings.env import env_int
from firstask.core.backups import BackupError, backup_dir, make_backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup / pg_dump -Fc) and rotate old backups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=env_int("FIRSTASK_BACKUP_KEEP", 14),
            help="how many backups to keep (default FIRSTASK_BACKUP_KEEP or 14)",
        )
        parser.add_argument("--dir", type=Path, default=None, help="default var/backups/")

    def handle(self, *args, keep: int, dir: Path | None, **options):
        try:
            backup = make_backup(directory=dir or backup_dir(), keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = backup.path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"backup: {backup.path} ({size:,} bytes)"))
        for path in backup.removed:
            self.stdout.write(f"rotated out: {path.name}")
