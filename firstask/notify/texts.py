"""What a warning says, composed at render or send time in the reader's language.

Rows hold codes (kind, level, deadline); these functions turn them into words under
whatever language is active, so the inbox follows the user's interface language and
an email follows the recipient's (``translation.override`` around the call).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.notify.choices import WarningKind, WarningLevel

# What the person warned must do (or must have done), by clock.
DUTY = {
    WarningKind.ANSWER: gettext_lazy("answer or refer the inquiry"),
    WarningKind.SIGN_FOR: gettext_lazy("sign for the referral"),
    WarningKind.HANDLE: gettext_lazy("record the result of the referral"),
    WarningKind.FOLLOW_UP: gettext_lazy("call the visitor back"),
    WarningKind.PROGRESS: gettext_lazy(
        "tell the visitor of the extended item how it is going (or post the progress note "
        "the policy asks for)"
    ),
    WarningKind.SUPERVISION: gettext_lazy("reply to the supervision order"),
    WarningKind.CHASE: gettext_lazy("report progress on the referral"),
    WarningKind.CO_HANDLING: gettext_lazy("see the joint handling of the inquiry"),
}

# Notices that are not deadline warnings: what happened, said once.
NOTICE = {
    WarningKind.CHASE: gettext_lazy("The first responder is chasing: %(duty)s."),
    WarningKind.CO_HANDLING: gettext_lazy("Joint handling: %(duty)s."),
}


def badge(kind: str, level: int) -> tuple[str, str]:
    """The inbox badge (Bootstrap tone, words): a deadline warning shows its level; a
    notice that is not a warning (a message, a chase, joint handling, a supervision order
    as issued or answered) shows what it is — never "due soon", which it is not."""
    if kind == WarningKind.MESSAGE:
        return "info", _("Notice")
    is_notice = kind in NOTICE or (
        kind == WarningKind.SUPERVISION and level == WarningLevel.DUE_SOON
    )
    if is_notice:
        return "info", str(WarningKind(kind).label)
    if kind == WarningKind.INTEGRITY:
        return "danger", str(WarningKind(kind).label)
    tone = "warning" if level == WarningLevel.DUE_SOON else "danger"
    return tone, str(WarningLevel(level).label)


def local_time(at: datetime | None) -> str:
    return format_date(timezone.localtime(at), "Y-m-d H:i") if at else "—"


def summary(kind: str, level: int, deadline: datetime | None) -> str:
    """One line without the ticket number (the timeline already shows the ticket)."""
    values = {"duty": DUTY.get(kind, kind), "deadline": local_time(deadline)}
    if kind == WarningKind.INTEGRITY:
        return (
            _(
                "The integrity check of %(deadline)s found violations in the inquiry records: "
                "see /healthz and run manage.py check_integrity."
            )
            % values
        )
    if kind == WarningKind.PROGRESS:
        return _("No update for 24 hours, due %(deadline)s: %(duty)s.") % values
    if kind in NOTICE:
        return str(NOTICE[kind]) % values
    if kind == WarningKind.SUPERVISION and level == WarningLevel.DUE_SOON:
        if deadline is None:
            return _("Your supervision order has been answered.")
        return _("Supervision order: %(duty)s by %(deadline)s.") % values
    if kind == WarningKind.SUPERVISION:
        return _("Overdue supervision order: the reply was due %(deadline)s.") % values
    if level == WarningLevel.DUE_SOON:
        return _("Due soon: %(duty)s by %(deadline)s.") % values
    if level == WarningLevel.OVERDUE:
        return _("Overdue: %(duty)s was due %(deadline)s; the department head is told.") % values
    return (
        _("Still overdue: %(duty)s was due %(deadline)s; escalated to the supervising leader.")
        % values
    )


def headline(number: str, kind: str, level: int, deadline: datetime | None) -> str:
    """The inbox line and email subject: the ticket number, then the summary."""
    if not number:
        return summary(kind, level, deadline)
    return _("Inquiry %(number)s — %(summary)s") % {
        "number": number,
        "summary": summary(kind, level, deadline),
    }


def message_text(message: dict) -> str:
    """A posted message (kind "message") in the active language; never raises."""
    text = str((message or {}).get("text") or "")
    if not text:
        return ""
    translated = _(text)
    params = dict(message.get("params") or {})
    for key in message.get("translate") or ():
        if isinstance(params.get(key), str) and params[key]:
            params[key] = _(params[key])
    try:
        return translated % params
    except (KeyError, TypeError, ValueError):
        return translated


def recipient_language(user) -> str:
    """The language an email to ``user`` is written in.

    There is no per-person preference yet (the interface language is a session
    choice), so this is the organisation's default unless a ``language`` attribute
    appears on the user.
    """
    return getattr(user, "language", "") or settings.LANGUAGE_CODE
