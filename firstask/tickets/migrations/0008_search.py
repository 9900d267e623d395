"""Substring search (firstask/tickets/search.py): bigram index kept by triggers.

SQLite (its statements live in search.py, which re-creates the triggers should a later
table rebuild drop them): a contentless FTS5 table of each ticket's bigrams, and a
table of the numbers 1…2200 (the longest searchable text) that the triggers cut the
text with — SQLite triggers may not use a recursive WITH. PostgreSQL: a side table with
a GIN index on the bigram array. Both are filled for the tickets that exist already.
"""

from django.db import migrations

from firstask.tickets.search import FIELDS, create_sqlite_search

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS tickets_search_delete",
    "DROP TRIGGER IF EXISTS tickets_search_update",
    "DROP TRIGGER IF EXISTS tickets_search_insert",
    "DROP TABLE IF EXISTS tickets_search",
    "DROP TABLE IF EXISTS tickets_searchseq",
]

# No foreign key: Django's test flush TRUNCATEs the tickets table, which a referencing
# table would refuse; a delete trigger removes the row instead (and nothing is
# hard-deleted in firstask anyway).
POSTGRES = [
    "CREATE TABLE tickets_search (ticket_id bigint PRIMARY KEY, body text NOT NULL, "
    "grams text[] NOT NULL)",
    """
    CREATE FUNCTION tickets_search_body(name text, unit text, phone text, matter text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT lower(name) || chr(10) || lower(unit) || chr(10) || phone || chr(10)
            || lower(matter)
    $$
    """,
    """
    CREATE FUNCTION tickets_search_grams(body text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(body, i, 2)), '{}')
        FROM generate_series(1, length(body) - 1) AS i
    $$
    """,
    """
    CREATE FUNCTION tickets_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        b text;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM tickets_search WHERE ticket_id = OLD.id;
            RETURN NULL;
        END IF;
        b := tickets_search_body(NEW.visitor_name, NEW.visitor_unit, NEW.visitor_phone,
                                 NEW.matter);
        INSERT INTO tickets_search (ticket_id, body, grams)
        VALUES (NEW.id, b, tickets_search_grams(b))
        ON CONFLICT (ticket_id) DO UPDATE SET body = EXCLUDED.body, grams = EXCLUDED.grams;
        RETURN NULL;
    END
    $$
    """,
    "INSERT INTO tickets_search (ticket_id, body, grams) SELECT id, b, tickets_search_grams(b) "
    "FROM (SELECT id, tickets_search_body(visitor_name, visitor_unit, visitor_phone, matter) "
    "AS b FROM tickets_ticket) t",
    "CREATE INDEX tickets_search_grams_gin ON tickets_search USING gin (grams)",
    "CREATE TRIGGER tickets_search_sync AFTER INSERT OR DELETE OR UPDATE OF "
    f"{FIELDS} ON tickets_ticket FOR EACH ROW EXECUTE FUNCTION tickets_search_sync()",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS tickets_search_sync ON tickets_ticket",
    "DROP FUNCTION IF EXISTS tickets_search_sync()",
    "DROP FUNCTION IF EXISTS tickets_search_grams(text)",
    "DROP FUNCTION IF EXISTS tickets_search_body(text, text, text, text)",
    "DROP TABLE IF EXISTS tickets_search",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            create_sqlite_search(cursor)
    for sql in POSTGRES if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor
    )
    for sql in statements or []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_audit_deadline_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
