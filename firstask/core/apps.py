from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "firstask.core"
    label = "core"
    verbose_name = _("Core")


class FirstaskAdminConfig(AdminConfig):
    default_site = "firstask.core.admin_site.FirstaskAdminSite"
