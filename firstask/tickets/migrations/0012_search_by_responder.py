"""The SQLite search document also carries its first responder's token (``fr<id>``), so
a receptionist's search reads only their own matches: triggers and index made again.
PostgreSQL is unchanged."""

from django.db import migrations

from firstask.tickets.search import rebuild_sqlite_search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            rebuild_sqlite_search(cursor)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_ticket_intake_token")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
