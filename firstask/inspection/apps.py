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

        from firstask.tickets.forms.text import TEXT_CHECKS

        def forbidden_phrases(text: str) -> list[str]:
            from firstask.inspection.selectors import phrase_matcher

            return [hit.phrase for hit in phrase_matcher().find(text)]

        if forbidden_phrases.__qualname__ not in {c.__qualname__ for c in TEXT_CHECKS}:
            TEXT_CHECKS.append(forbidden_phrases)
        labels.register("outcome", Outcome)
        labels.register("rule", {code: rule.title for code, rule in RULES.items()})
        labels.register("check", dict(CHECKLIST))
