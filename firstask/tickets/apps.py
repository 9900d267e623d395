from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "firstask.tickets"
    label = "tickets"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import firstask.tickets.attachments  # noqa: F401  (registers inquiries as owners)
        from firstask.core import demo, labels
        from firstask.core.navigation import NavItem, register
        from firstask.org.roles import Role
        from firstask.tickets import choices
        from firstask.tickets import demo as tickets_demo
        from firstask.tickets.search import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)

        demo.register(tickets_demo.load)
        # Codes stored in events' data, shown with {{ code|label:"…" }}.
        labels.register("state", choices.State)
        labels.register("event", choices.EventKind)
        labels.register("kind", choices.AnswerKind)
        labels.register("method", choices.FollowUpMethod)
        labels.register("satisfaction", choices.Satisfaction)
        labels.register("reason", choices.ReturnReason)
        labels.register("referral", choices.ReferralStatus)
        staff_who_register = frozenset(r.value for r in Role if r != Role.QUALITY_INSPECTOR)
        handlers = frozenset({Role.HANDLER.value, Role.DEPARTMENT_HEAD.value})
        register(NavItem("tickets:intake", _("Register"), staff_who_register))
        register(NavItem("tickets:mine", _("Registered by me"), staff_who_register))
        register(NavItem("tickets:department", _("Department to-do"), handlers))
        register(NavItem("tickets:follow_up", _("Awaiting follow-up"), staff_who_register))
        register(NavItem("tickets:search", _("Search")))
        register(NavItem("tickets:ledger", _("Daily ledger")))
        register(NavItem("tickets:supervision", _("Supervision orders")))
