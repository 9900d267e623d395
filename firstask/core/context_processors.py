"""Template context every page needs: navigation by role, the organisation's name."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from firstask.core.navigation import nav_items_for
from firstask.org.roles import Role, roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"organisation_name": settings.ORGANISATION_NAME or _("City Service Centre")}
    user_roles = roles_of(user)
    return {
        "nav_items": nav_items_for(user),
        "is_manager": Role.MANAGER.value in user_roles,
        "user_role_labels": [role.label for role in Role if role.value in user_roles],
        "organisation_name": settings.ORGANISATION_NAME or _("City Service Centre"),
    }
