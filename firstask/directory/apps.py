from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "firstask.directory"
    label = "directory"
    verbose_name = _("Responsibility directory")

    def ready(self) -> None:
        from firstask.core import demo
        from firstask.core.navigation import NavItem, register
        from firstask.directory import demo as directory_demo
        from firstask.directory.signals import refresh_department_matters
        from firstask.org.models import Department

        demo.register(directory_demo.load)
        # Every signed-in staff member: anyone may be the first person a visitor asks.
        register(NavItem("directory:index", _("Directory")))
        post_save.connect(
            refresh_department_matters,
            sender=Department,
            dispatch_uid="directory_refresh_department_matters",
        )
