from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "firstask.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from firstask.org.services import sync_role_permissions_after_migrate

        # Run once auth's post_migrate has created the permissions of every app, i.e.
        # when the signal is sent for the last installed app.
        post_migrate.connect(sync_role_permissions_after_migrate)

        from django.db.models.signals import post_delete, post_save

        from firstask.org import categories
        from firstask.org.models import InquiryCategory

        for signal in (post_save, post_delete):
            signal.connect(categories.clear_cache, sender=InquiryCategory)
        post_migrate.connect(categories.clear_cache)

        from firstask.core import labels

        # Categories are data: their names come from the table, not a fixed vocabulary.
        labels.register("category", categories.category_label)
