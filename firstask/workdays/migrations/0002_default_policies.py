"""Default time limits from practice, and the office hours row managers edit.

A snapshot on purpose (not imported from app code): what a fresh install starts with.
Working days per category (DOMAIN.md "Deadlines"; 12345 practice): consultation the
same working day, business 3, complaint 5, report 15, help 3, suggestion 5, asking for a
leader 3. Urgent: answer or refer the same day, handling halved (at least 1, never more
than normal), leader told after 1 day overdue. Very urgent: the same day everywhere
(sign for, handle, follow up) and the leader is told as soon as it is overdue.
Existing rows are left alone, so re-running never overwrites a manager's edits.
"""

from datetime import time

from django.db import migrations

BASE_DAYS = {
    "consultation": 0,
    "business": 3,
    "complaint": 5,
    "report": 15,
    "help": 3,
    "suggestion": 5,
    "leader": 3,
}


def _rows():
    for category, days in BASE_DAYS.items():
        common = {"progress_hours": 24, "due_soon_hours": 4}
        yield category, "", {
            **common,
            "answer_days": days,
            "sign_for_days": 1,
            "handle_days": days,
            "follow_up_days": 1,
            "escalate_to_leader_after_days": 2,
        }
        yield category, "urgent", {
            **common,
            "answer_days": 0,
            "sign_for_days": 1,
            "handle_days": min(days, max(1, days // 2)),
            "follow_up_days": 1,
            "escalate_to_leader_after_days": 1,
        }
        yield category, "very_urgent", {
            **common,
            "answer_days": 0,
            "sign_for_days": 0,
            "handle_days": 0,
            "follow_up_days": 0,
            "escalate_to_leader_after_days": 0,
        }


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workdays", "DeadlinePolicy")
    for category, urgency, values in _rows():
        DeadlinePolicy.objects.get_or_create(category=category, urgency=urgency, defaults=values)
    OfficeHoursSetting = apps.get_model("workdays", "OfficeHoursSetting")
    OfficeHoursSetting.objects.get_or_create(
        id=1,
        defaults={
            "morning_start": time(8, 30),
            "morning_end": time(12, 0),
            "afternoon_start": time(13, 30),
            "afternoon_end": time(17, 30),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
