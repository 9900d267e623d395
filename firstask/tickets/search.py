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
- PostgreSQL: a btree table with a row per (bigram, ticket) — the bigram as a number,
  ``code(a) × 0x110000 + code(b)`` — under two indexes, (gram, ticket_id) and
  (responder_id, gram, ticket_id). A search walks the rarest bigram of the fragment
  *backwards* in ticket order (newest first), keeps the tickets that have its other
  bigrams too (index probes), rechecks the text on the joined ticket (``strpos``) and
  the scope, and stops when the page is full: the work is what one page needs, not
  what the history holds. A GIN index (the first design) returns its candidates
  unordered, so newest-first had to read all of them. ``pg_trgm`` would need three
  characters and ignores Chinese under the C locale.

The tables and triggers come with migrations tickets 0008 (SQLite; 0012 adds the
first responder's token) and 0016–0017 (PostgreSQL). SQLite drops a table's triggers
when a later migration rebuilds the table (its way to alter a column), so
``restore_sqlite_triggers`` runs after every ``migrate`` and re-indexes if they had
gone; PostgreSQL keeps them, and refuses to alter the type of a column its update
trigger names (see ``POSTGRES_UPDATE_TRIGGER``). Scope is the caller's: ``matching``
narrows a visibility-filtered query.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

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


def matching(
    qs: QuerySet,
    fragment: str,
    *,
    registered_by: frozenset[int] = frozenset(),
    everything: bool = False,
) -> QuerySet:
    """``qs`` narrowed to tickets whose name, unit, phone or matter contains ``fragment``
    (≥ 2 characters), newest registered first.

    The index is joined and drives the query in descending ticket order, so a page of
    a common fragment reads its 25 rows (and the scope's misses between them) and stops
    — a list subquery would read every match first.

    ``registered_by``: when the caller's whole scope is "what these people registered"
    (a receptionist), the index narrows to their entries as well (SQLite: their
    ``fr<id>`` tokens; PostgreSQL: the (responder, gram) index for one person), so
    the search walks their matches only instead of everyone's; ``qs`` still carries
    the scope. ``everything``: the caller sees every ticket (no scope filter follows).
    """
    fragment = " ".join(fragment.split())
    if len(fragment) < MIN_LENGTH:
        raise ValueError("a fragment has at least two characters")
    if connection.vendor == "postgresql":
        return _postgres_matching(qs, fragment, registered_by)
    fragment = fragment.lower()
    table = qs.model._meta.db_table
    return qs.extra(
        tables=["tickets_search"],
        where=[f'tickets_search.rowid = "{table}"."id"', "tickets_search MATCH %s"],
        params=[_fts_query(fragment, registered_by)],
        order_by=["-tickets_search.rowid"],
    )


def scoped(qs: QuerySet, scope: Q, registered_by: frozenset[int] = frozenset()) -> QuerySet:
    """``qs`` within the caller's ``scope``, for ``matching`` to narrow.

    When PostgreSQL walks one person's own index entries (``registered_by``, one
    person), the scope — "registered by them" — holds for every entry walked, but the
    planner takes the two as independent: of the ≈ 5,000 entries of a common fragment
    among one receptionist's 17,000 inquiries at a million, it expects the scope to
    keep 1.7 %, so ≈ 8 rows, fewer than a page, and reads them all (a hash of all
    17,000 of the person's inquiries: 240 ms) instead of walking newest first and
    stopping at 26 (0.6 ms). Written as ``CASE WHEN scope THEN true ELSE false END`` —
    the same rows — the condition is not estimated from the statistics (the planner
    takes half) and the walk stops when the page is full. SQLite's FTS5 query drives
    its plan either way; other scopes walk the centre's entries and keep the plain
    condition."""
    if connection.vendor != "postgresql" or len(registered_by) != 1:
        return qs.filter(scope)
    opaque = Case(When(scope, then=Value(True)), default=Value(False), output_field=BooleanField())
    return qs.filter(opaque)


# --- PostgreSQL: the bigram table, walked newest first -------------------------------

# The rarest bigram near the newest end is walked: each bigram's newest SAMPLE entries
# are read (index only, constant work); fewer of them, or the oldest of them further
# back, means rarer where the walk goes.
SAMPLE = 64


def _postgres_matching(qs: QuerySet, fragment: str, registered_by: frozenset[int]) -> QuerySet:
    """One query picks the bigram to walk, the next is the page (see the module doc).

    The walk's join is ``ticket_id + 0``: the planner must not merge-join the whole
    tickets table by its primary key (an estimate of the text recheck's selectivity
    would make that look cheap); it follows the index in order and stops.
    """
    own = next(iter(registered_by)) if len(registered_by) == 1 else None
    with connection.cursor() as cursor:
        if own is None:
            cursor.execute(_PICK, [fragment])
        else:
            cursor.execute(_PICK_OWN, [fragment, own])
        ranked = sorted((n, oldest or 0, code) for code, n, oldest in cursor.fetchall())
    if not ranked:
        return qs.none()
    walk, *others = [code for _n, _oldest, code in ranked]
    table = qs.model._meta.db_table
    where = [
        f'"{table}"."id" = tickets_searchgram.ticket_id + 0',
        "tickets_searchgram.gram = %s",
        *[
            "EXISTS (SELECT 1 FROM tickets_searchgram o "
            "WHERE o.gram = %s AND o.ticket_id = tickets_searchgram.ticket_id)"
        ]
        * len(others),
        f"strpos({_postgres_text(table)}, lower(%s)) > 0",
    ]
    params = [walk, *others, fragment]
    if own is not None:
        where.append("tickets_searchgram.responder_id = %s")
        params.append(own)
    return qs.extra(
        tables=["tickets_searchgram"],
        where=where,
        params=params,
        order_by=["-tickets_searchgram.ticket_id"],
    )


def _postgres_text(row: str) -> str:
    return (
        f'lower("{row}"."visitor_name") || chr(10) || lower("{row}"."visitor_unit") '
        f'|| chr(10) || "{row}"."visitor_phone" || chr(10) || lower("{row}"."matter")'
    )


_PICK = (
    "SELECT c, count(k.ticket_id), min(k.ticket_id) FROM tickets_searchgram_codes(lower(%s)) c "
    "LEFT JOIN LATERAL (SELECT x.ticket_id FROM tickets_searchgram x WHERE x.gram = c "
    f"ORDER BY x.ticket_id DESC LIMIT {SAMPLE}) k ON true GROUP BY c"
)
_PICK_OWN = (
    "SELECT c, count(k.ticket_id), min(k.ticket_id) FROM tickets_searchgram_codes(lower(%s)) c "
    "LEFT JOIN LATERAL (SELECT x.ticket_id FROM tickets_searchgram x WHERE x.responder_id = %s "
    f"AND x.gram = c ORDER BY x.ticket_id DESC LIMIT {SAMPLE}) k ON true GROUP BY c"
)

# A bigram as a number: the two code points (each < 0x110000) side by side. DISTINCT:
# one row per bigram per ticket, so the walk meets each ticket once. A bigram across
# two fields (with the newline between them) is never searched: not indexed.
POSTGRES_FUNCTIONS = [
    """
    CREATE FUNCTION tickets_searchgram_codes(body text) RETURNS SETOF bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT DISTINCT ascii(substr(body, i, 1))::bigint * 1114112 + ascii(substr(body, i + 1, 1))
        FROM generate_series(1, length(body) - 1) AS i
        WHERE strpos(substr(body, i, 2), chr(10)) = 0
    $$
    """,
    """
    CREATE FUNCTION tickets_searchgram_text(name text, unit text, phone text, matter text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(name) || chr(10) || lower(unit) || chr(10) || phone || chr(10)
            || lower(matter)
    $$
    """,
    # Inserts, one statement for all the rows a statement inserted (a loader's
    # INSERT … SELECT of 100,000 tickets is one INSERT here, not 100,000), in the walk
    # index's order (a bulk write then touches each of its pages once: twice as fast).
    """
    CREATE FUNCTION tickets_searchgram_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO tickets_searchgram (gram, responder_id, ticket_id)
        SELECT c, n.first_responder_id, n.id FROM new_rows n,
            tickets_searchgram_codes(tickets_searchgram_text(
                n.visitor_name, n.visitor_unit, n.visitor_phone, n.matter)) c
        ORDER BY 1, 3;
        RETURN NULL;
    END
    $$
    """,
    # A corrected name, unit, phone or matter, or another first responder; and a delete
    # (never in firstask, but a loader may). The old rows are found by their bigrams.
    """
    CREATE FUNCTION tickets_searchgram_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM tickets_searchgram
        WHERE ticket_id = OLD.id AND gram IN (SELECT tickets_searchgram_codes(
            tickets_searchgram_text(OLD.visitor_name, OLD.visitor_unit, OLD.visitor_phone,
                                    OLD.matter)));
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO tickets_searchgram (gram, responder_id, ticket_id)
            SELECT c, NEW.first_responder_id, NEW.id FROM tickets_searchgram_codes(
                tickets_searchgram_text(NEW.visitor_name, NEW.visitor_unit,
                                        NEW.visitor_phone, NEW.matter)) c;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION tickets_searchgram_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE tickets_searchgram;
        RETURN NULL;
    END
    $$
    """,
]
# No foreign key: Django's test flush TRUNCATEs the tickets table, which a referencing
# table would refuse; the truncate trigger empties this one with it.
POSTGRES_TABLE = (
    "CREATE TABLE tickets_searchgram (gram bigint NOT NULL, responder_id integer NOT NULL, "
    "ticket_id bigint NOT NULL)"
)
POSTGRES_FILL = (
    "INSERT INTO tickets_searchgram (gram, responder_id, ticket_id) "
    "SELECT c, t.first_responder_id, t.id FROM tickets_ticket t, "
    "tickets_searchgram_codes(tickets_searchgram_text("
    "t.visitor_name, t.visitor_unit, t.visitor_phone, t.matter)) c ORDER BY 1, 3"
)
POSTGRES_INDEXES = [
    "CREATE INDEX tickets_searchgram_walk ON tickets_searchgram (gram, ticket_id)",
    "CREATE INDEX tickets_searchgram_own ON tickets_searchgram (responder_id, gram, ticket_id)",
]
POSTGRES_UPDATE_TRIGGER = (
    "CREATE TRIGGER tickets_searchgram_update AFTER UPDATE OF visitor_name, visitor_unit, "
    "visitor_phone, matter, first_responder_id ON tickets_ticket FOR EACH ROW "
    "WHEN (OLD.visitor_name IS DISTINCT FROM NEW.visitor_name "
    "OR OLD.visitor_unit IS DISTINCT FROM NEW.visitor_unit "
    "OR OLD.visitor_phone IS DISTINCT FROM NEW.visitor_phone "
    "OR OLD.matter IS DISTINCT FROM NEW.matter "
    "OR OLD.first_responder_id IS DISTINCT FROM NEW.first_responder_id) "
    "EXECUTE FUNCTION tickets_searchgram_change()"
)
POSTGRES_TRIGGERS = [
    "CREATE TRIGGER tickets_searchgram_insert AFTER INSERT ON tickets_ticket "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION tickets_searchgram_insert()",
    # Only an UPDATE that sets one of these columns fires it (the warning sweep's
    # column updates never do), and only a real change re-indexes
    # (Django's save() sets every column). PostgreSQL then refuses to change one of
    # these columns' types while the trigger exists: such a migration drops it first
    # and runs POSTGRES_UPDATE_TRIGGER again after (as 0017 does).
    POSTGRES_UPDATE_TRIGGER,
    "CREATE TRIGGER tickets_searchgram_delete AFTER DELETE ON tickets_ticket FOR EACH ROW "
    "EXECUTE FUNCTION tickets_searchgram_change()",
    "CREATE TRIGGER tickets_searchgram_truncate AFTER TRUNCATE ON tickets_ticket "
    "FOR EACH STATEMENT EXECUTE FUNCTION tickets_searchgram_truncate()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS tickets_searchgram_truncate ON tickets_ticket",
    "DROP TRIGGER IF EXISTS tickets_searchgram_delete ON tickets_ticket",
    "DROP TRIGGER IF EXISTS tickets_searchgram_update ON tickets_ticket",
    "DROP TRIGGER IF EXISTS tickets_searchgram_insert ON tickets_ticket",
    "DROP TABLE IF EXISTS tickets_searchgram",
    "DROP FUNCTION IF EXISTS tickets_searchgram_truncate()",
    "DROP FUNCTION IF EXISTS tickets_searchgram_change()",
    "DROP FUNCTION IF EXISTS tickets_searchgram_insert()",
    "DROP FUNCTION IF EXISTS tickets_searchgram_text(text, text, text, text)",
    "DROP FUNCTION IF EXISTS tickets_searchgram_codes(text)",
]


def create_postgres_search(cursor) -> None:
    """Functions, the table filled from the tickets there are, its indexes (built after
    the fill: faster, and compact), then the triggers (migration 0016)."""
    for sql in [*POSTGRES_FUNCTIONS, POSTGRES_TABLE, POSTGRES_FILL, *POSTGRES_INDEXES]:
        cursor.execute(sql)
    cursor.execute("ANALYZE tickets_searchgram")
    for sql in POSTGRES_TRIGGERS:
        cursor.execute(sql)


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
