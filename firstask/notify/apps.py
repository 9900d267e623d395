from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "firstask.notify"
    label = "notify"
    verbose_name = _("Warnings and notifications")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from firstask.notify.schedule import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)

        from firstask.notify.notices import deliver_notice
        from firstask.notify.templatetags.notify import warning_summary
        from firstask.tickets import timeline
        from firstask.tickets.choices import EventKind
        from firstask.tickets.signals import notice

        notice.connect(deliver_notice, dispatch_uid="notify.deliver_notice")

        from firstask.core import demo
        from firstask.notify import demo as notify_demo

        demo.register(notify_demo.load)  # after the inquiries: warn about the late ones

        def warning_line(data: dict) -> list[timeline.Line]:
            # A warning on the ticket's timeline reads as one translated line.
            return [timeline.Line(warning_summary(data), "text-danger-emphasis", "warning-summary")]

        timeline.register(EventKind.WARNING, warning_line)
