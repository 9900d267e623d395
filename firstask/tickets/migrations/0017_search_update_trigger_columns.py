"""PostgreSQL: the search index's update trigger fires only for an UPDATE that sets a
searched column or the first responder (``UPDATE OF``), so the warning sweep's and the
transitions' column updates no longer evaluate it row by row (search.py
``POSTGRES_UPDATE_TRIGGER``). SQLite is unchanged."""

from django.db import migrations

from firstask.tickets.search import POSTGRES_UPDATE_TRIGGER

DROP = "DROP TRIGGER IF EXISTS tickets_searchgram_update ON tickets_ticket"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(POSTGRES_UPDATE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0016_search_walk")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
