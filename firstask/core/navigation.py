"""The navigation bar, by role: each entry says who sees it.

Later apps register their entries here (NAV_ITEMS) so the menu has one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from firstask.org.roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: frozenset[str] = frozenset()  # empty: every signed-in staff member

    def visible_to(self, user_roles: frozenset[str]) -> bool:
        return not self.roles or bool(self.roles & user_roles)


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Home")),
]


def nav_items_for(user) -> list[NavItem]:
    user_roles = roles_of(user)
    return [item for item in NAV_ITEMS if item.visible_to(user_roles)]


def register(item: NavItem) -> None:
    if item.url_name not in {existing.url_name for existing in NAV_ITEMS}:
        NAV_ITEMS.append(item)


MANAGER_ONLY = frozenset({Role.MANAGER.value})
