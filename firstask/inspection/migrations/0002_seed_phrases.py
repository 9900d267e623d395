"""Seed the forbidden-phrase list with the four named in the rules and common variants.

The four (不知道, 不归我管, 没办法, 不清楚) are also always checked in code, so deleting a
row here never switches them off; managers add, edit or deactivate the rest.
"""

from django.db import migrations

SEED = [
    ("不知道", "", "001 篇3 §4.7"),
    ("不归我管", "", "001 篇3 §4.7"),
    ("没办法", "没办法律\n没办法人\n没办法定", "004 篇三·四"),
    ("不清楚", "", "004 篇三·四"),
    ("不归我们管", "", ""),
    ("不是我负责", "", ""),
    ("这不是我的事", "", ""),
    ("你找别人去", "", ""),
]


def seed(apps, schema_editor):
    ForbiddenPhrase = apps.get_model("inspection", "ForbiddenPhrase")
    for phrase, exceptions, note in SEED:
        ForbiddenPhrase.objects.get_or_create(
            phrase=phrase, defaults={"exceptions": exceptions, "note": note}
        )


def unseed(apps, schema_editor):
    ForbiddenPhrase = apps.get_model("inspection", "ForbiddenPhrase")
    ForbiddenPhrase.objects.filter(phrase__in=[p for p, _e, _n in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
