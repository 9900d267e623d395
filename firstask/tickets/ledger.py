"""The day's 客服前台工作台账 (front-desk daily ledger, 001 篇3 §5.1) across all channels.

One row per inquiry registered that day, oldest first, with the columns the rules ask
for: number, time, channel, visitor, unit, phone, address, matter, materials received,
answer or one-time notice, agency directed to, department and handler, promised time,
result, follow-up (time, method, person, satisfaction) and remarks.

The rows are read in a fixed number of queries whatever the day's volume (the tickets
with their joins, then one query per kind of detail row), and the page, the print view
and the Excel export share ``ledger_rows`` so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.org.models import display_name
from firstask.tickets import permissions as perms
from firstask.tickets.choices import AnswerKind
from firstask.tickets.models import Answer, FollowUp, Referral
from firstask.tickets.phones import mask_phone
from firstask.tickets.selectors import LIST_RELATED, day_bounds, visible_tickets

COLUMNS = (
    gettext_lazy("Number"),
    gettext_lazy("Time"),
    gettext_lazy("Channel"),
    gettext_lazy("Name of the person"),
    gettext_lazy("Unit"),
    gettext_lazy("Phone"),
    gettext_lazy("Address"),
    gettext_lazy("Matter"),
    gettext_lazy("Materials received"),
    gettext_lazy("Answer or one-time notice"),
    gettext_lazy("Agency directed to"),
    gettext_lazy("Department and handler"),
    gettext_lazy("Promised time"),
    gettext_lazy("Result"),
    gettext_lazy("Follow-up"),
    gettext_lazy("Satisfaction"),
    gettext_lazy("Remarks"),
)


@dataclass(frozen=True)
class LedgerRow:
    number: str
    time: str
    channel: str
    name: str
    unit: str
    phone: str
    address: str
    matter: str
    materials: str
    answer: str
    agency: str
    department: str
    promised: str
    result: str
    follow_up: str
    satisfaction: str
    remarks: str

    def cells(self) -> list[str]:
        return [
            self.number,
            self.time,
            self.channel,
            self.name,
            self.unit,
            self.phone,
            self.address,
            self.matter,
            self.materials,
            self.answer,
            self.agency,
            self.department,
            self.promised,
            self.result,
            self.follow_up,
            self.satisfaction,
            self.remarks,
        ]


def _local(at: datetime | None, fmt: str = "m-d H:i") -> str:
    return format_date(timezone.localtime(at), fmt) if at else ""


def ledger_tickets(day: date, user: AbstractBaseUser):
    """The day's inquiries ``user`` may see, with every detail row prefetched."""
    start, end = day_bounds(day)
    return (
        visible_tickets(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .select_related(*LIST_RELATED)
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("answered_at", "pk")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("department", "handler").order_by(
                    "referred_at", "pk"
                ),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("recorded_by").order_by(
                    "contacted_at", "pk"
                ),
            ),
        )
        .order_by("received_at", "pk")
    )


def ledger_rows(day: date, user: AbstractBaseUser) -> list[LedgerRow]:
    """The ledger of ``day`` as ``user`` may read it (full phone where they handle it)."""
    return [_row(t, user) for t in ledger_tickets(day, user)]


def _row(t, user) -> LedgerRow:
    answers = list(t.answers.all())
    referrals = list(t.referrals.all())
    follow_ups = list(t.follow_ups.all())
    answer = answers[-1] if answers else None
    answer_text = ""
    if answer is not None:
        answer_text = answer.text
        if answer.kind == AnswerKind.MATERIALS_MISSING and answer.missing_items:
            answer_text = _("One-time notice: %(items)s") % {
                "items": "、".join(answer.missing_items)
            }
    agency = ""
    if answer is not None and answer.agency_name:
        agency = " ".join(
            x
            for x in (
                answer.agency_name,
                answer.agency_address,
                answer.agency_phone,
                answer.agency_contact,
            )
            if x
        )
    department = ""
    if t.referred_department_id:
        department = t.referred_department.name
        if t.referred_handler_id:
            department += " · " + display_name(t.referred_handler)
    elif referrals:
        department = referrals[-1].department.name
    results = [r.result for r in referrals if r.result]
    follow = follow_ups[-1] if follow_ups else None
    follow_text = ""
    if follow is not None:
        follow_text = " · ".join(
            [
                _local(follow.contacted_at),
                follow.get_method_display(),
                display_name(follow.recorded_by),
            ]
        )
    remarks = [t.get_state_display()]
    if t.void_reason:
        remarks.append(t.void_reason)
    if t.return_count:
        remarks.append(_("returned %(n)s×") % {"n": t.return_count})
    if t.redo_count:
        remarks.append(_("redone %(n)s×") % {"n": t.redo_count})
    if follow is not None and follow.remarks:
        remarks.append(follow.remarks)
    full_phone = perms.sees_full_phone(t, user)
    return LedgerRow(
        number=t.number,
        time=_local(t.received_at, "H:i"),
        channel=t.get_channel_display(),
        name=t.visitor_name,
        unit=t.visitor_unit,
        phone=t.visitor_phone if full_phone else mask_phone(t.visitor_phone),
        address=t.visitor_address,
        matter=t.matter,
        materials=t.materials_received,
        answer=answer_text,
        agency=agency,
        department=department,
        promised=_local(t.promised_at),
        result=results[-1] if results else "",
        follow_up=follow_text,
        satisfaction=t.get_satisfaction_display() if t.satisfaction else "",
        remarks="；".join(remarks),
    )
