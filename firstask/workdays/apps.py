from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "firstask.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from firstask.core import demo
        from firstask.workdays import demo as workdays_demo
        from firstask.workdays import signals

        demo.register(workdays_demo.load)
        signals.connect()
