"""Keep the in-process caches of ``selectors`` in step with the rows they are built from.

Cleared at once (so the same request sees its own change) and again when the
transaction commits (so a read between the save and the commit cannot leave the
pre-commit state cached afterwards).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from firstask.workdays import selectors
from firstask.workdays.models import CalendarDay, CalendarYear, DeadlinePolicy, OfficeHoursSetting


def _calendar_changed(**_kwargs) -> None:
    selectors.clear_calendar_cache()
    transaction.on_commit(selectors.clear_calendar_cache)


def _policy_changed(**_kwargs) -> None:
    selectors.clear_policy_cache()
    transaction.on_commit(selectors.clear_policy_cache)


def connect() -> None:
    for model in (CalendarDay, CalendarYear, OfficeHoursSetting):
        post_save.connect(
            _calendar_changed, sender=model, dispatch_uid=f"workdays-cal-save-{model.__name__}"
        )
        post_delete.connect(
            _calendar_changed, sender=model, dispatch_uid=f"workdays-cal-del-{model.__name__}"
        )
    post_save.connect(_policy_changed, sender=DeadlinePolicy, dispatch_uid="workdays-policy-save")
    post_delete.connect(_policy_changed, sender=DeadlinePolicy, dispatch_uid="workdays-policy-del")
