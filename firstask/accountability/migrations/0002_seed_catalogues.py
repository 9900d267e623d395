"""Seed the sanction ladder and the rule items from the seeds (004)."""

from django.db import migrations


def seed(apps, schema_editor):
    from firstask.accountability.catalogue_seed import RULE_ITEMS, SANCTIONS

    Sanction = apps.get_model("accountability", "Sanction")
    RuleItem = apps.get_model("accountability", "RuleItem")
    by_code = {}
    for code, name, severity, warning, public, referred, source in SANCTIONS:
        by_code[code], _created = Sanction.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "severity": severity,
                "is_efficiency_warning": warning,
                "is_public_criticism": public,
                "referred_on": referred,
                "source": source,
            },
        )
    for order, (code, title, source, sanction, head, leader, flags) in enumerate(RULE_ITEMS):
        RuleItem.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "source": source,
                "default_sanction": by_code[sanction],
                "chain_section_head": head,
                "chain_supervising_leader": leader,
                "audit_rules": flags,
                "order": (order + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
