"""Substring search over an inquiry's visitor name, unit, phone and matter, at any size.

A desk searches by a fragment — two characters of a name in the middle (``建国`` in
``王建国``), part of a unit, the last digits of a phone, a phrase of the matter — so a
prefix index is no help and a scan grows with the history. Every ticket therefore has
a row of *bigrams* (each pair of neighbouring characters) of its searchable text, kept
by database triggers in the same statement as the ticket write (whatever writes it:
the service, the admin, a loader), and a fragment of n ≥ 2 characters is found as its
n − 1 bigrams:

- SQLite: an FTS5 table (contentless, rowid = ticket id) whose document is the bigrams
  in order; the fragment is the *phrase* of its bigrams, which is exactly "contains"
  (FTS5's trigram tokenizer would need three characters; a Chinese name fragment is
  often two). FTS5 reads its lists in rowid order, so newest first stops early.
- PostgreSQL: a side table with the lowered text and its distinct bigrams as a
  ``text[]`` under a GIN index; the fragment's bigrams must all be there (``@>``) and
  the text must contain it (``LIKE``, rechecked on the few candidates). ``pg_trgm``
  would need three characters too and ignores Chinese under the C locale.

The tables and triggers come with migration tickets 0008 (one set per vendor). SQLite
drops a table's triggers when a later migration rebuilds the table (its way to alter
a column), so ``restore_sqlite_triggers`` runs after every ``migrate`` and re-indexes
if they had gone. Scope is the
caller's: ``matching`` narrows a visibility-filtered query.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from firstask.core.pagination import CAP

SEPARATOR = "\n"  # between the fields: never typed in a search box, never matched
MIN_LENGTH = 2


def searchable_text(name: str, unit: str, phone: str, matter: str) -> str:
    """What the triggers index, computed the same way (for tests and the docs)."""
    return SEPARATOR.join([name.lower(), unit.lower(), phone, matter.lower()])


def bigrams(text: str) -> list[str]:
    """Each pair of neighbouring characters, in order."""
    return [text[i : i + 2] for i in range(len(text) - 1)]


def _fts_phrase(fragment: str) -> str:
    """An FTS5 phrase of the fragment's bigrams (double quotes doubled inside)."""
    return '"' + " ".join(bigrams(fragment)).replace('"', '""') + '"'


def _fts_query(fragment: str, registered_by: frozenset[int]) -> str:
    if not registered_by:
        return _fts_phrase(fragment)
    people = " OR ".join(f"fr{int(pk)}" for pk in sorted(registered_by))
    return f"{_fts_phrase(fragment)} AND ({people})"


def _like_contains(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(
    qs: QuerySet,
    fragment: str,
    *,
    registered_by: frozenset[int] = frozenset(),
    everything: bool = False,
) -> QuerySet:
    """``qs`` narrowed to tickets whose name, unit, phone or matter contains ``fragment``
    (≥ 2 characters), newest registered first.

    SQLite: the FTS5 table is joined and drives the query in descending rowid order, so
    a page of a common fragment reads its 25 rows (and the scope's misses between
    them) and stops — a list subquery would read every match first. PostgreSQL: the
    GIN candidates, rechecked by LIKE, as a subquery the planner may read either way.

    ``registered_by``: when the caller's whole scope is "what these people registered"
    (a receptionist), SQLite's index narrows to their tokens as well, so the search
    walks their matches only instead of everyone's; ``qs`` still carries the scope.
    ``everything``: the caller sees every ticket (PostgreSQL then reads only the newest
    ``CAP`` + 1 matches: the pages a search shows, ``core.pagination.PeekPaginator``).
    """
    fragment = " ".join(fragment.lower().split())
    if len(fragment) < MIN_LENGTH:
        raise ValueError("a fragment has at least two characters")
    if connection.vendor == "postgresql":
        distinct = sorted(set(bigrams(fragment)))
        sql = "SELECT ticket_id FROM tickets_search WHERE grams @> %s::text[] AND body LIKE %s"
        if everything:
            # No scope filter comes after: only the newest rows that pages can show are
            # candidates, and the planner may walk the ids backwards and stop there
            # (a common fragment) or read the GIN index (a rare one).
            sql += f" ORDER BY ticket_id DESC LIMIT {CAP + 1}"
        return qs.filter(pk__in=RawSQL(sql, [distinct, _like_contains(fragment)])).order_by("-pk")
    table = qs.model._meta.db_table
    return qs.extra(
        tables=["tickets_search"],
        where=[f'tickets_search.rowid = "{table}"."id"', "tickets_search MATCH %s"],
        params=[_fts_query(fragment, registered_by)],
        order_by=["-tickets_search.rowid"],
    )


# --- SQLite: the FTS5 table and its triggers (migration 0008 and after every migrate) ---

FIELDS = "visitor_name, visitor_unit, visitor_phone, matter"
LONGEST = 2200  # 50 + 100 + 30 + 2000 characters and three separators


def _sqlite_text(row: str) -> str:
    return (
        f"lower({row}.visitor_name) || char(10) || lower({row}.visitor_unit) || char(10) "
        f"|| {row}.visitor_phone || char(10) || lower({row}.matter)"
    )


def _sqlite_grams(row: str) -> str:
    """The document: the bigrams in order, then the first responder's token (``fr<id>``,
    never two characters long, so no fragment's bigram can match it)."""
    text = _sqlite_text(row)
    return (
        f"(coalesce((SELECT group_concat(substr({text}, n, 2), ' ') FROM tickets_searchseq "
        f"WHERE n < length({text})), '') || ' fr' || {row}.first_responder_id)"
    )


SQLITE_TABLES = [
    "CREATE TABLE tickets_searchseq (n INTEGER PRIMARY KEY)",
    "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
    f"WHERE n < {LONGEST}) INSERT INTO tickets_searchseq (n) SELECT n FROM s",
    "CREATE VIRTUAL TABLE tickets_search USING fts5(grams, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
]
SQLITE_FILL = (
    f"INSERT INTO tickets_search (rowid, grams) SELECT t.id, {_sqlite_grams('t')} "
    "FROM tickets_ticket t"
)
SQLITE_TRIGGERS = {
    "tickets_search_insert": "AFTER INSERT ON tickets_ticket BEGIN "
    f"INSERT INTO tickets_search (rowid, grams) VALUES (new.id, {_sqlite_grams('new')}); END",
    "tickets_search_update": f"AFTER UPDATE OF {FIELDS}, first_responder_id "
    "ON tickets_ticket BEGIN "
    "INSERT INTO tickets_search (tickets_search, rowid, grams) "
    f"VALUES ('delete', old.id, {_sqlite_grams('old')}); "
    f"INSERT INTO tickets_search (rowid, grams) VALUES (new.id, {_sqlite_grams('new')}); END",
    "tickets_search_delete": "AFTER DELETE ON tickets_ticket BEGIN "
    "INSERT INTO tickets_search (tickets_search, rowid, grams) "
    f"VALUES ('delete', old.id, {_sqlite_grams('old')}); END",
}


def create_sqlite_search(cursor) -> None:
    """Tables, the index of the tickets there are, triggers (migration 0008)."""
    for sql in SQLITE_TABLES:
        cursor.execute(sql)
    cursor.execute(SQLITE_FILL)
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def restore_sqlite_triggers(using: str = "default", **kwargs) -> None:
    """After ``migrate``: put back triggers a table rebuild dropped, and re-index."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
        present = {name for (name,) in cursor.fetchall()}
        if "tickets_search" in present and not present >= set(SQLITE_TRIGGERS):
            rebuild_sqlite_search(cursor)


def rebuild_sqlite_search(cursor) -> None:
    """Triggers as this module defines them, and the index made again from the tickets."""
    for name in SQLITE_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute("INSERT INTO tickets_search (tickets_search) VALUES ('delete-all')")
    cursor.execute(SQLITE_FILL)
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")
