from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "firstask.inspection"
    label = "inspection"
    verbose_name = _("Quality inspection")

    def ready(self) -> None:
        from firstask.core.navigation import NavItem, register
        from firstask.inspection.permissions import NAV_ROLES

        register(NavItem("inspection:today", _("Quality inspection"), NAV_ROLES))
