"""No internal reference codes in what users see: the seeded catalogue rows carried the
seed documents' section codes ("004 篇五·五(二)") as their source, shown on the case page
and printed on decisions. Rows still holding exactly a seeded code get an empty source
(a manager fills in the organisation's own article); rows a manager changed are left
alone. Where each default comes from is in docs/domain.md#catalogue.
"""

from django.db import migrations, models

SEEDED_CODES = [
    "004 篇三·五(二)",
    "004 篇三·五(二)(三)；篇四(五)",
    "004 篇二·九·1",
    "004 篇二·九·2",
    "004 篇二·九·2；篇三·五(二)",
    "004 篇二·九·2；篇四(五)",
    "004 篇五·五",
    "004 篇五·五(一)",
    "004 篇五·五(三)",
    "004 篇五·五(二)",
    "004 篇五·五(四)",
    "004 篇四(五)",
]


def clear_seeded_codes(apps, schema_editor):
    for model in ("Sanction", "RuleItem"):
        apps.get_model("accountability", model).objects.filter(
            source__in=SEEDED_CODES
        ).update(source="")


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0003_party_copies'),
    ]

    operations = [
        migrations.RunPython(clear_seeded_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='ruleitem',
            name='chain_section_head',
            field=models.BooleanField(default=False, help_text="The head of the person's section bears main leadership responsibility.", verbose_name='the section head answers too'),
        ),
        migrations.AlterField(
            model_name='ruleitem',
            name='chain_supervising_leader',
            field=models.BooleanField(default=False, help_text='The supervising leader bears important leadership responsibility.', verbose_name='the supervising leader answers too'),
        ),
        migrations.AlterField(
            model_name='ruleitem',
            name='source',
            field=models.CharField(blank=True, help_text="Where your organisation's own rules say this, in the words staff know (for example the article of your rules); shown beside it on cases and papers.", max_length=100, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='sanction',
            name='source',
            field=models.CharField(blank=True, help_text="Where your organisation's own rules say this, in the words staff know (for example the article of your rules); shown beside it on cases and papers.", max_length=100, verbose_name='source'),
        ),
    ]
