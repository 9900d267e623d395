"""The nightly integrity check's report: stored for /healthz, told to the managers.

The check itself lives with the records it reads (``firstask.tickets.integrity``);
this module only decides who hears about a failed run. One inbox entry (and email)
per manager per failed run: a nightly run that keeps failing keeps reminding them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from firstask.core.models import IntegrityRun
from firstask.core.services import record_integrity_run
from firstask.notify.choices import EmailStatus, WarningKind, WarningLevel
from firstask.notify.models import Notification
from firstask.org.roles import Role
from firstask.tickets.integrity import check_integrity


def managers():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=Role.MANAGER) | Q(is_superuser=True))
        .distinct()
    )


def run_and_report() -> IntegrityRun:
    """Run the check, record the outcome, and put a notice in each manager's inbox
    when anything is wrong."""
    started = timezone.now()
    report = check_integrity()
    finished = timezone.now()
    with transaction.atomic():
        run = record_integrity_run(
            started_at=started,
            finished_at=finished,
            counts=report.counts,
            examples=[v.as_dict() for v in report.examples],
        )
        if run.violations:
            Notification.objects.bulk_create(
                Notification(
                    recipient=manager,
                    kind=WarningKind.INTEGRITY,
                    level=WarningLevel.OVERDUE,
                    deadline=finished,
                    created_at=finished,
                    email_status=EmailStatus.PENDING,
                    next_attempt_at=finished,
                )
                for manager in managers()
            )
    return run
