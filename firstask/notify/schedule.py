"""The warning schedule (``WarningSchedule``): kept by the database from the tickets.

A transition sets a ticket's ``next_warning_at`` (``tickets.deadlines.refresh_deadlines``,
then ``save``); triggers on ``tickets_ticket`` copy it into ``notify_warningschedule`` —
NULL unless the ticket is open, which is what the old partial index
``ticket_open_warning`` held. After that only the warning sweep moves the copy on.

Why triggers and not Python: every writer of a ticket's schedule is covered, whatever
path it takes (the transition service, a data loader's ``INSERT … SELECT``, a
``QuerySet.update`` in a test or a bench), and ``tickets`` (below ``notify`` in the
layers) needs to know nothing about it. The cost is one two-column upsert per ticket
write that sets ``next_warning_at`` or ``state`` — every ``save()`` sets both.

Why a copy at all: the sweep moving the ticket row's own column on rewrote the whole
ticket row and, on PostgreSQL, put a new entry in each of the ticket table's indexes
(an indexed column changed is never a HOT update): about half of PostgreSQL's work per
due inquiry. See docs/notify.md "Cost".

SQLite rebuilds a table for most ``ALTER``s and drops its triggers with it; after every
``migrate`` ``restore_sqlite_triggers`` puts them back and copies the schedule again.
"""

from __future__ import annotations

from firstask.tickets.models import OPEN_STATES

TABLE = "notify_warningschedule"
_OPEN = ", ".join(f"'{state}'" for state in OPEN_STATES)
assert all(str(state).isidentifier() for state in OPEN_STATES)  # literals, never input


def _value(row: str) -> str:
    """The copied value, from a ticket row called ``row``."""
    return f"CASE WHEN {row}.state IN ({_OPEN}) THEN {row}.next_warning_at END"


_UPSERT = "ON CONFLICT (ticket_id) DO UPDATE SET next_at = excluded.next_at"

# Every ticket's schedule as the tickets say (the migration's fill; SQLite's restore).
COPY_ALL = (
    f"INSERT INTO {TABLE} (ticket_id, next_at) SELECT t.id, {_value('t')} "
    "FROM tickets_ticket t WHERE t.next_warning_at IS NOT NULL "
    # (SQLite needs the WHERE: without one it would read ON CONFLICT as a join's ON.)
    f"{_UPSERT}"
)

POSTGRES_CREATE = [
    # Inserts: one statement for all the rows a statement inserted (a loader's INSERT …
    # SELECT of 100,000 tickets is one INSERT here, not 100,000).
    f"""
    CREATE FUNCTION notify_schedule_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {TABLE} (ticket_id, next_at)
        SELECT n.id, n.next_warning_at FROM new_rows n
        WHERE n.next_warning_at IS NOT NULL AND n.state IN ({_OPEN})
        {_UPSERT};
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE FUNCTION notify_schedule_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {TABLE} (ticket_id, next_at) VALUES (NEW.id, {_value("NEW")})
        {_UPSERT};
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER notify_schedule_insert AFTER INSERT ON tickets_ticket "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION notify_schedule_insert()",
    # Column-listed: an UPDATE that sets neither column (the search index's, a pause
    # counter's) does not fire it. Unconditional otherwise: a transition resets the
    # ladder even when it computes the same instant as before.
    "CREATE TRIGGER notify_schedule_update AFTER UPDATE OF next_warning_at, state "
    "ON tickets_ticket FOR EACH ROW EXECUTE FUNCTION notify_schedule_update()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS notify_schedule_update ON tickets_ticket",
    "DROP TRIGGER IF EXISTS notify_schedule_insert ON tickets_ticket",
    "DROP FUNCTION IF EXISTS notify_schedule_update()",
    "DROP FUNCTION IF EXISTS notify_schedule_insert()",
]

SQLITE_TRIGGERS = {
    "notify_schedule_insert": "AFTER INSERT ON tickets_ticket "
    f"WHEN new.next_warning_at IS NOT NULL AND new.state IN ({_OPEN}) BEGIN "
    f"INSERT INTO {TABLE} (ticket_id, next_at) VALUES (new.id, new.next_warning_at) "
    f"{_UPSERT}; END",
    "notify_schedule_update": "AFTER UPDATE OF next_warning_at, state ON tickets_ticket BEGIN "
    f"INSERT INTO {TABLE} (ticket_id, next_at) VALUES (new.id, {_value('new')}) "
    f"{_UPSERT}; END",
}


def install(cursor, vendor: str) -> None:
    """Copy every ticket's schedule, then keep it copied (migration notify 0005)."""
    if vendor == "postgresql":
        cursor.execute(COPY_ALL)
        for sql in POSTGRES_CREATE:
            cursor.execute(sql)
    elif vendor == "sqlite":
        _create_sqlite(cursor)
    else:  # pragma: no cover - firstask runs on SQLite and PostgreSQL only
        raise NotImplementedError(vendor)


def uninstall(cursor, vendor: str) -> None:
    if vendor == "postgresql":
        for sql in POSTGRES_DROP:
            cursor.execute(sql)
    else:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_sqlite(cursor) -> None:
    for name in SQLITE_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    # A ticket whose schedule was cleared while the triggers were missing has none now.
    cursor.execute(f"UPDATE {TABLE} SET next_at = NULL WHERE next_at IS NOT NULL")
    cursor.execute(COPY_ALL)
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def restore_sqlite_triggers(using: str = "default", **kwargs) -> None:
    """After ``migrate``: put back the triggers a rebuild of the ticket table dropped,
    and copy the schedule again (a migration may have changed tickets meanwhile; a
    schedule set back to the ticket's own value costs the sweep a re-read, no more)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
        present = {name for (name,) in cursor.fetchall()}
        if TABLE in present and not present >= set(SQLITE_TRIGGERS):
            _create_sqlite(cursor)
