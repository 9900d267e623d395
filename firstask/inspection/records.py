"""Reads of what inspectors recorded: samples with their latest findings, the sign-off,
the day's journal, mystery-shopper visits. Each is one or two queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet

from firstask.inspection.models import (
    AuditEvent,
    AuditEventKind,
    DaySignOff,
    Finding,
    MysteryShop,
    Sample,
    SampleItem,
)
from firstask.org.models import name_of


@dataclass
class ReviewedItem:
    item: SampleItem
    finding: Finding | None
    history: list[Finding]


def samples_of(day: date) -> list[Sample]:
    """The day's samples with how many items each has and how many are reviewed."""
    return list(
        Sample.objects.filter(day=day)
        .select_related("drawn_by")
        .annotate(
            n_items=Count("items", distinct=True),
            n_reviewed=Count("items", filter=_reviewed(), distinct=True),
        )
        .order_by("drawn_at", "pk")
    )


def _reviewed() -> Q:
    return Q(items__findings__isnull=False)


def reviewed_items(*, day: date | None = None, sample: Sample | None = None) -> list[ReviewedItem]:
    """Sampled tickets with their findings (latest first is the finding), two queries."""
    items = SampleItem.objects.select_related("ticket", "sample", "ticket__first_responder")
    items = items.filter(sample=sample) if sample is not None else items.filter(sample__day=day)
    items = list(items.order_by("sample__drawn_at", "sample_id", "position"))
    findings: dict[int, list[Finding]] = {}
    for f in (
        Finding.objects.filter(item__in=[i.pk for i in items])
        .select_related("recorded_by")
        .order_by("recorded_at", "pk")
    ):
        findings.setdefault(f.item_id, []).append(f)
    return [
        ReviewedItem(i, (findings.get(i.pk) or [None])[-1], findings.get(i.pk, [])) for i in items
    ]


def sign_off_of(day: date) -> DaySignOff | None:
    return DaySignOff.objects.select_related("signed_by").filter(day=day).first()


def journal_of(day: date) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(day=day).select_related("actor").order_by("at", "pk"))


def current_summary(sign_off: DaySignOff, journal: list[AuditEvent]) -> str:
    """The summary as last amended: amendments are journal rows, the signed text stays."""
    amended = [e for e in journal if e.kind == AuditEventKind.SUMMARY_AMENDED]
    return amended[-1].data.get("summary", sign_off.summary) if amended else sign_off.summary


def mystery_visits(department_id: int | None = None) -> QuerySet[MysteryShop]:
    """The latest revision of every visit (a corrected one shows its correction)."""
    qs = MysteryShop.objects.filter(revision__isnull=True).select_related(
        "staff", "staff__profile__department", "recorded_by", "revises"
    )
    if department_id is not None:
        qs = qs.filter(staff__profile__department_id=department_id)
    return qs.order_by("-visited_on", "-pk")


def mystery_by_staff(department_id: int | None = None) -> list[dict]:
    """Per staff member: visits and average attitude / knowledge / speed (and overall),
    over the latest revision of each visit."""
    qs = MysteryShop.objects.filter(revision__isnull=True)
    if department_id is not None:
        qs = qs.filter(staff__profile__department_id=department_id)
    rows = list(
        qs.values(
            "staff_id",
            "staff__last_name",
            "staff__first_name",
            "staff__username",
            "staff__profile__department__name",
        )
        .annotate(
            visits=Count("id"),
            attitude=Avg("attitude"),
            knowledge=Avg("knowledge"),
            speed=Avg("speed"),
        )
        .order_by("staff__profile__department__name", "staff__last_name", "staff__first_name")
    )
    for r in rows:
        r["name"] = name_of(r["staff__last_name"], r["staff__first_name"], r["staff__username"])
        r["overall"] = (r["attitude"] + r["knowledge"] + r["speed"]) / 3
    return rows
