"""Backups of the database while the application runs, and restores into a fresh one.

SQLite: the online backup API copies a consistent snapshot page by page while other
connections keep writing (WAL), into ``var/backups/firstask-<UTC time>.sqlite3``,
written under a temporary name and renamed, so a half-written file never looks like a
backup. PostgreSQL: ``pg_dump -Fc`` (a consistent snapshot by MVCC), restored with
``pg_restore`` into an empty database. Backups are rotated: the newest ``keep`` stay.

A restore is only ever made into a fresh database (never over the one in use), and is
followed by ``PRAGMA integrity_check`` (SQLite) and the inquiry integrity check.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

PREFIX = "firstask-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


def backup_dir() -> Path:
    return Path(getattr(settings, "FIRSTASK_BACKUP_DIR", "") or settings.VAR_DIR / "backups")


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")


@dataclass(frozen=True)
class Backup:
    path: Path
    removed: list[Path]


def make_backup(*, directory: Path | None = None, keep: int = 14) -> Backup:
    """Back up the default database into ``directory`` and keep the newest ``keep``."""
    directory = directory or backup_dir()
    directory.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in SUFFIXES:
        raise BackupError(f"no backup method for the {vendor} database")
    final = directory / f"{PREFIX}{_stamp()}{SUFFIXES[vendor]}"
    partial = final.with_name(final.name + ".partial")
    try:
        if vendor == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=final, removed=rotate(directory, keep=keep, suffix=SUFFIXES[vendor]))


def rotate(directory: Path, *, keep: int, suffix: str) -> list[Path]:
    """Delete all but the newest ``keep`` backups (names sort by time)."""
    backups = sorted(directory.glob(f"{PREFIX}*{suffix}"))
    old = backups[: max(0, len(backups) - max(1, keep))]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    with closing(sqlite3.connect(target)) as copy:
        # pages=-1: one step under one read transaction, so the copy is a single
        # consistent snapshot even while other connections commit meanwhile.
        source.backup(copy, pages=-1)
        _sqlite_ok(copy)


def _sqlite_ok(db: sqlite3.Connection) -> None:
    (result,) = db.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise BackupError(f"SQLite integrity_check: {result}")


def _pg_env(database: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL client tools (password via env only)."""
    args = []
    if database.get("HOST"):
        args += ["-h", str(database["HOST"])]
    if database.get("PORT"):
        args += ["-p", str(database["PORT"])]
    if database.get("USER"):
        args += ["-U", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: from PATH, else the newest Debian server package."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")


def _pg_dump(target: Path) -> None:
    args, env = _pg_env(connection.settings_dict)
    command = [pg_tool("pg_dump"), "-Fc", "--no-owner", *args, "-f", str(target)]
    command.append(connection.settings_dict["NAME"])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


# --- restore ------------------------------------------------------------------------------


def restore_sqlite(backup: Path, target: Path) -> None:
    """Copy a SQLite backup into a new file ``target`` (refused if it exists)."""
    if target.exists() and target.stat().st_size:
        raise BackupError(f"{target} exists: restore only into a fresh database file")
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
            _sqlite_ok(source)
            with closing(sqlite3.connect(partial)) as copy:
                source.backup(copy)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _refuse_non_empty(database_url: str) -> None:
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=10) as db:
            (tables,) = db.execute(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN "
                "('pg_catalog', 'information_schema')"
            ).fetchone()
    except psycopg.Error as exc:
        raise BackupError(f"cannot open the target database: {exc}") from exc
    if tables:
        raise BackupError(
            "the target database has tables: restore only into a fresh database "
            "(createdb a new one)"
        )


def restore_postgres(backup: Path, database_url: str) -> None:
    """pg_restore into an existing, empty database (``createdb`` it first)."""
    _refuse_non_empty(database_url)
    parts = urlsplit(database_url)
    database = {
        "HOST": parts.hostname or "",
        "PORT": parts.port or "",
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
    }
    args, env = _pg_env(database)
    name = parts.path.lstrip("/")
    probe = subprocess.run(
        [pg_tool("pg_restore"), "--list", str(backup)], capture_output=True, text=True, check=False
    )
    if probe.returncode:
        raise BackupError(f"not a pg_dump -Fc archive: {probe.stderr.strip()}")
    command = [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
    command += [*args, "-d", name, str(backup)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
