from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "firstask.accountability"
    label = "accountability"
    verbose_name = _("Accountability")

    def ready(self) -> None:
        from firstask.accountability import demo, hooks
        from firstask.core import demo as demo_registry

        hooks.register_all()
        hooks.register_attachments()
        demo_registry.register(demo.load)
