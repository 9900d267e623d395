from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "firstask.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from firstask.core.middleware import note_login_time

        user_logged_in.connect(note_login_time, dispatch_uid="firstask-idle-session")

        from firstask.core.second_factor import note_second_factor

        user_logged_in.connect(note_second_factor, dispatch_uid="firstask-second-factor")


class FirstaskAdminConfig(AdminConfig):
    default_site = "firstask.core.admin_site.FirstaskAdminSite"
