"""PostgreSQL search walks an ordered index (firstask/tickets/search.py): a btree table of
(bigram, first responder, ticket) replaces the GIN-indexed bigram arrays of 0008, whose
candidates came unordered, so "newest first, one page" read every match of a fragment.

Filled here for the tickets there are, kept by triggers after. SQLite is unchanged (its
FTS5 index already reads newest first). Reversing puts 0008's table back.
"""

from importlib import import_module

from django.db import migrations

from firstask.tickets.search import POSTGRES_DROP, create_postgres_search

INITIAL = import_module("firstask.tickets.migrations.0008_search")

OLD = [
    "DROP TRIGGER IF EXISTS tickets_search_sync ON tickets_ticket",
    "DROP FUNCTION IF EXISTS tickets_search_sync()",
    "DROP FUNCTION IF EXISTS tickets_search_grams(text)",
    "DROP FUNCTION IF EXISTS tickets_search_body(text, text, text, text)",
    "DROP TABLE IF EXISTS tickets_search",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in OLD:
        schema_editor.execute(sql)
    with schema_editor.connection.cursor() as cursor:
        create_postgres_search(cursor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in [*POSTGRES_DROP, *INITIAL.POSTGRES]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0015_category_choices_from_data")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
