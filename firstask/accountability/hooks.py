"""What this app plugs into the apps below it, at start-up: the navigation entry and
the "open a case" (立案) / "propose a commendation" actions on inspection records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from firstask.accountability import permissions as perms
    from firstask.core.navigation import NavItem, register
    from firstask.inspection import extensions as ext

    register(NavItem("accountability:home", _("Accountability")))
    ext.register(
        ext.RecordAction(
            ext.FLAG, _("Open a case"), "accountability:case_new", perms.can_open_case, "open-case"
        )
    )
    ext.register(
        ext.RecordAction(
            ext.FINDING,
            _("Open a case"),
            "accountability:case_new",
            perms.can_open_case,
            "open-case",
        )
    )
    ext.register(
        ext.RecordAction(
            ext.MYSTERY,
            _("Open a case"),
            "accountability:case_new",
            perms.can_open_case,
            "open-case",
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
