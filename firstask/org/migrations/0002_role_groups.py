"""Create the role groups. Their permissions are synced after every migrate
(firstask.org.services.sync_role_permissions), because permissions of apps migrated
later do not exist yet when this runs."""

from django.db import migrations

ROLES = [
    "first_responder",
    "handler",
    "department_head",
    "supervising_leader",
    "quality_inspector",
    "manager",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
