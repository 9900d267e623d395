"""Beat tasks of the measures: thin, each calls one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="firstask.reports.tasks.refresh_measures_task", ignore_result=True)
def refresh_measures_task() -> int:
    from firstask.reports.refresh import refresh_changed

    return len(refresh_changed())


@shared_task(name="firstask.reports.tasks.monthly_reports_task", ignore_result=True)
def monthly_reports_task() -> int:
    from firstask.reports.monthly import generate_due_reports

    return len(generate_due_reports(timezone.localdate()))
