from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "firstask.reports"
    label = "reports"
    verbose_name = _("Measures and reports")

    def ready(self) -> None:
        from firstask.core.navigation import NavItem, register

        register(NavItem("reports:overview", _("Measures")))
