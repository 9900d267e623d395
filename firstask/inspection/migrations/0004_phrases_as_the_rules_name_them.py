"""The forbidden phrases as the rules name them: "我不管" added, "不清楚" switched off.

001 §4.4 tells staff "自己不清楚的，应弄清楚后再答复": "不清楚" flags honest notes, so its
row is deactivated (never deleted; a manager may switch it back on). The seeded notes
held internal reference codes; they now say in words where each phrase comes from.
"""

from django.db import migrations

NOTES = {
    "不知道": "制度规定的禁用语",
    "不归我管": "制度规定的禁用语",
    "没办法": "制度规定的禁用语",
    "我不管": "制度规定的禁用语",
}
OLD_NOTES = {"001 篇3 §4.7", "004 篇三·四"}


def forward(apps, schema_editor):
    ForbiddenPhrase = apps.get_model("inspection", "ForbiddenPhrase")
    ForbiddenPhrase.objects.get_or_create(phrase="我不管", defaults={"note": NOTES["我不管"]})
    ForbiddenPhrase.objects.filter(phrase="不清楚", note__in=OLD_NOTES).update(
        is_active=False, note="已停用：制度要求“不清楚的应弄清楚后再答复”，并非禁用语"
    )
    for phrase, note in NOTES.items():
        ForbiddenPhrase.objects.filter(phrase=phrase, note__in=OLD_NOTES).update(note=note)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0003_mystery_shop_revisions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
