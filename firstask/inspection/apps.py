from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "firstask.inspection"
    label = "inspection"
    verbose_name = _("Quality inspection")

    def ready(self) -> None:
        from firstask.core import labels
        from firstask.core.navigation import NavItem, register
        from firstask.inspection.models import Outcome
        from firstask.inspection.permissions import NAV_ROLES
        from firstask.inspection.rules import RULES
        from firstask.inspection.sampling import CHECKLIST

        register(NavItem("inspection:today", _("Quality inspection"), NAV_ROLES))
        labels.register("outcome", Outcome)
        labels.register("rule", {code: rule.title for code, rule in RULES.items()})
        labels.register("check", dict(CHECKLIST))
