from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "firstask.notify"
    label = "notify"
    verbose_name = _("Warnings and notifications")

    def ready(self) -> None:
        from firstask.notify.notices import deliver_notice
        from firstask.tickets.signals import notice

        notice.connect(deliver_notice, dispatch_uid="notify.deliver_notice")

        from firstask.core import demo
        from firstask.notify import demo as notify_demo

        demo.register(notify_demo.load)  # after the inquiries: warn about the late ones
