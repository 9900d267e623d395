"""What this app plugs into the apps below it, at start-up: the navigation entry and
the "open a case" (立案) / "propose a commendation" actions on inspection records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from firstask.accountability import permissions as perms
    from firstask.core.navigation import NavItem, register
    from firstask.inspection import extensions as ext

    register(NavItem("accountability:home", _("Accountability")))
    # 立案 from each kind of inspection record; 表扬 from a mystery-shopper visit.
    for kind in (ext.FLAG, ext.FINDING, ext.MYSTERY):
        ext.register(
            ext.RecordAction(
                kind, _("Open a case"), "accountability:case_new", perms.can_open_case, "open-case"
            )
        )
    ext.register(
        ext.RecordAction(
            ext.MYSTERY,
            _("Commend"),
            "accountability:commendation_new",
            perms.can_propose_commendation,
            "commend",
        )
    )


def register_attachments() -> None:
    """Scanned complaint letters and photos: the tickets app's attachments, with this
    app's visibility (who may see the complaint may see its files; 404 otherwise)."""
    from firstask.accountability import permissions as perms
    from firstask.accountability.models import Complaint
    from firstask.org.roles import Role, has_role
    from firstask.tickets.attachments import Owner, register_owner

    def can_view(complaint, user) -> bool:
        if not getattr(user, "is_active", False):
            return False
        return Complaint.objects.filter(perms.complaint_filter(user), pk=complaint.pk).exists()

    def can_attach(complaint, user) -> bool:
        # The person complained about never adds to the evidence; inspectors look only.
        if has_role(user, Role.QUALITY_INSPECTOR) or complaint.concerned_staff_id == user.pk:
            return False
        return can_view(complaint, user)

    register_owner(Complaint, Owner(can_view=can_view, can_attach=can_attach))
