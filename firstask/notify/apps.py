from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "firstask.notify"
    label = "notify"
    verbose_name = _("Warnings and notifications")

    def ready(self) -> None:
        from firstask.notify.templatetags.notify import warning_summary
        from firstask.tickets import timeline
        from firstask.tickets.choices import EventKind

        # A warning on the ticket's timeline reads as one translated line.
        timeline.register(
            EventKind.WARNING,
            lambda data: [
                timeline.Line(warning_summary(data), "text-danger-emphasis", "warning-summary")
            ],
        )
