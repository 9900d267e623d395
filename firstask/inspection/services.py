"""Writes of the inspection: draw a sample, record a finding, sign off a day, amend the
summary, record a mystery-shopper visit. Each runs in one transaction and writes its
journal row (``AuditEvent``) with it.

A signed-off day is closed: no new samples; a finding changed afterwards needs a reason,
is marked as such and journalled, and the signed snapshot is never touched. Sign-off and
findings lock the day's sample rows, so a finding cannot slip in between the snapshot
being taken and the sign-off being stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.inspection import records
from firstask.inspection.models import (
    AuditEvent,
    AuditEventKind,
    DaySignOff,
    Finding,
    MysteryShop,
    Outcome,
    Sample,
    SampleItem,
)
from firstask.inspection.permissions import can_record
from firstask.inspection.report import build_snapshot
from firstask.inspection.sampling import CHECK_CODES, choose, new_seed, population_ids, score
from firstask.inspection.selectors import audit_day, today


class DaySignedOff(ValidationError):
    def __init__(self):
        super().__init__(
            _("This day is signed off: its findings can only be changed with a reason."),
            code="signed_off",
        )


def _require_inspector(actor: AbstractBaseUser) -> None:
    if not can_record(actor):
        raise PermissionDenied


def draw_sample(
    *, day: date, size: int, actor: AbstractBaseUser, seed: int | None = None
) -> Sample:
    """Draw ``size`` of the day's tickets; the seed (given or new) is recorded."""
    _require_inspector(actor)
    if day > today():
        raise ValidationError(_("A day that has not come yet cannot be sampled."), code="future")
    seed = seed if seed is not None else new_seed()
    with transaction.atomic():
        if DaySignOff.objects.filter(day=day).exists():
            raise DaySignedOff
        ids = population_ids(day)
        chosen = choose(ids, seed, size)
        sample = Sample.objects.create(
            day=day,
            seed=seed,
            size=len(chosen),
            population_count=len(ids),
            population_last_id=ids[-1] if ids else 0,
            drawn_by=actor,
        )
        SampleItem.objects.bulk_create(
            SampleItem(sample=sample, ticket_id=tid, position=n)
            for n, tid in enumerate(chosen, start=1)
        )
        AuditEvent.objects.create(
            day=day,
            kind=AuditEventKind.SAMPLE_DRAWN,
            actor=actor,
            data={"sample_id": sample.pk, "seed": seed, "size": len(chosen), "tickets": chosen},
        )
    return sample


def record_finding(
    *,
    item_id: int,
    actor: AbstractBaseUser,
    checks: dict[str, bool],
    outcome: str,
    remarks: str = "",
    reason: str = "",
) -> Finding:
    """Add the inspector's finding on one sampled ticket (a correction is a new row)."""
    _require_inspector(actor)
    checks = {code: bool(checks.get(code)) for code in CHECK_CODES}
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose pass or issue."), code="outcome")
    with transaction.atomic():
        item = SampleItem.objects.select_related("sample", "ticket").get(pk=item_id)
        Sample.objects.select_for_update().filter(pk=item.sample_id).first()
        signed = DaySignOff.objects.filter(day=item.sample.day).exists()
        if signed and not reason.strip():
            raise DaySignedOff
        previous = item.findings.order_by("-recorded_at", "-pk").first()
        finding = Finding.objects.create(
            item=item,
            checks=checks,
            score=score(checks),
            outcome=outcome,
            remarks=remarks,
            reason=reason.strip() if signed else "",
            after_sign_off=signed,
            recorded_by=actor,
        )
        AuditEvent.objects.create(
            day=item.sample.day,
            kind=AuditEventKind.FINDING_CHANGED if signed else AuditEventKind.FINDING_RECORDED,
            actor=actor,
            reason=finding.reason,
            data={
                "item_id": item.pk,
                "ticket": item.ticket.number,
                "before": _finding_data(previous),
                "after": _finding_data(finding),
            },
        )
    return finding


def _finding_data(finding: Finding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {"outcome": finding.outcome, "score": finding.score, "remarks": finding.remarks}


def day_has_ended(day: date) -> bool:
    """A day's report is final only once the office has closed on it (or it is past)."""
    if day < today():
        return True
    from firstask.workdays.selectors import work_calendar

    return timezone.now() >= work_calendar().close_of(day)


def sign_off_day(*, day: date, actor: AbstractBaseUser, summary: str) -> DaySignOff:
    """Sign the day: freeze the report as it stands. Every sampled ticket needs a finding."""
    _require_inspector(actor)
    if day > today():
        raise ValidationError(_("A day that has not come yet cannot be signed off."))
    if not day_has_ended(day):
        raise ValidationError(
            _(
                "The day is not over yet: inquiries may still come in. Sign it off after "
                "the office closes."
            ),
            code="not_ended",
        )
    try:
        with transaction.atomic():
            list(Sample.objects.select_for_update().filter(day=day).values_list("pk"))
            if DaySignOff.objects.filter(day=day).exists():
                raise DaySignedOff
            reviewed = records.reviewed_items(day=day)
            if any(r.finding is None for r in reviewed):
                raise ValidationError(
                    _("Record a finding for every sampled inquiry before signing off."),
                    code="unreviewed",
                )
            snapshot = build_snapshot(audit_day(day), reviewed)
            sign_off = DaySignOff.objects.create(
                day=day, signed_by=actor, summary=summary, snapshot=snapshot
            )
            AuditEvent.objects.create(
                day=day,
                kind=AuditEventKind.SIGNED_OFF,
                actor=actor,
                at=sign_off.signed_at,
                data={"flags": len(snapshot["flags"]), "findings": len(snapshot["findings"])},
            )
    except IntegrityError as race:  # two inspectors signing the same day at once
        raise DaySignedOff from race
    return sign_off


def amend_summary(*, day: date, actor: AbstractBaseUser, summary: str, reason: str) -> AuditEvent:
    """Change the summary of a signed-off day: a journal row, the signed text stays."""
    _require_inspector(actor)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."), code="reason")
    with transaction.atomic():
        sign_off = DaySignOff.objects.filter(day=day).first()
        if sign_off is None:
            raise ValidationError(_("This day is not signed off yet."), code="not_signed")
        before = records.current_summary(sign_off, records.journal_of(day))
        return AuditEvent.objects.create(
            day=day,
            kind=AuditEventKind.SUMMARY_AMENDED,
            actor=actor,
            at=timezone.now(),
            reason=reason.strip(),
            data={"before": before, "summary": summary},
        )


def record_mystery_shop(*, actor: AbstractBaseUser, data: dict[str, Any]) -> MysteryShop:
    """神秘顾客暗访: one visit, scores 0–10 (validated by the model, not just the form)."""
    _require_inspector(actor)
    visit = MysteryShop(recorded_by=actor, **data)
    visit.full_clean()
    visit.save()
    return visit


class AlreadyCorrected(Exception):
    """The visit was corrected meanwhile: correct the latest revision instead."""

    message = _("This visit has already been corrected; correct the latest version instead.")


def correct_mystery_shop(
    *, actor: AbstractBaseUser, original: MysteryShop, data: dict[str, Any], reason: str
) -> MysteryShop:
    """A correction is a new revision by the inspector, never an edit of the record."""
    _require_inspector(actor)
    visit = MysteryShop(recorded_by=actor, revises=original, correction_reason=reason, **data)
    visit.full_clean(exclude=["revises"])
    try:
        with transaction.atomic():
            if MysteryShop.objects.filter(revises=original).exists():
                raise AlreadyCorrected
            visit.save()
    except IntegrityError as error:  # two corrections of one visit at the same moment
        raise AlreadyCorrected from error
    return visit
