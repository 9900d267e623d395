"""The managers' banner: years whose official holiday data is still missing.

Cheap on every page: the role check reuses the roles cached on the request's user and
the years come from the cached calendar, so a warm request adds no query.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from firstask.org.roles import is_manager
from firstask.workdays.selectors import missing_years


def calendar_banner(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not is_manager(user):
        return {}
    return {"calendar_missing_years": missing_years(timezone.localdate())}
