"""Backups taken while the desk keeps registering, restored into a fresh database and
checked: the copy is one consistent moment, rotation keeps the newest few."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import uuid
from contextlib import closing
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from firstask.tickets.models import Ticket
from tests.tickets.conftest import register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writing(receptionist):
    """A clerk registering inquiries in another thread until told to stop."""
    stop = threading.Event()
    done: list[str] = []
    errors: list[str] = []

    def desk() -> None:
        try:
            while not stop.is_set() or len(done) < 5:
                done.append(register(receptionist).number)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    thread = threading.Thread(target=desk)
    thread.start()
    while not done and not errors:
        stop.wait(0.01)
    yield done
    stop.set()
    thread.join(timeout=60)
    assert not errors, errors


@pytest.fixture
def fresh_target(tmp_path):
    """Where a restore goes: a new SQLite file, or a new empty PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"firstask_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    yield f"postgres://{auth}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def numbers_in(target: str) -> list[str]:
    table = Ticket._meta.db_table
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(target)) as db:
            return [n for (n,) in db.execute(f'SELECT number FROM "{table}"')]
    import psycopg

    with psycopg.connect(target) as db:
        return [n for (n,) in db.execute(f'SELECT number FROM "{table}"')]


def test_backup_during_writes_restores_into_a_consistent_database(writing, tmp_path, fresh_target):
    out = StringIO()
    for _ in range(3):
        call_command("backup", dir=tmp_path / "backups", keep=2, stdout=out)
    kept = sorted((tmp_path / "backups").iterdir())
    assert len(kept) == 2, kept  # rotated: the oldest of three is gone
    assert "rotated out" in out.getvalue()
    written_before_restore = len(writing)

    # As an operator runs it: its own process, the copy checked by check_integrity.
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(kept[-1]), "--into", fresh_target],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "integrity: ok" in done.stdout

    restored = set(numbers_in(fresh_target))
    assert restored, "the backup holds the inquiries registered before it"
    assert restored <= set(Ticket.objects.values_list("number", flat=True))
    assert len(restored) <= written_before_restore + 1


def test_restore_never_overwrites_an_existing_database(tmp_path, receptionist):
    register(receptionist)
    call_command("backup", dir=tmp_path, stdout=StringIO())
    (backup,) = tmp_path.iterdir()
    if connection.vendor == "sqlite":
        occupied = tmp_path / "in-use.sqlite3"
        occupied.write_bytes(b"not empty")
        occupied = str(occupied)
    else:  # the database in use by this very test
        db = connection.settings_dict
        occupied = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with pytest.raises(CommandError, match="fresh"):
        call_command("restore", str(backup), into=occupied, stdout=StringIO())
    assert Ticket.objects.count() == 1
