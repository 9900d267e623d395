"""What quality inspectors record: phrases to watch for, samples and their findings, the
day's sign-off, mystery-shopper visits, and the journal of every change.

Flags are *not* stored: they are computed from tickets and their events on every read
(rules.py), so a flag can always be traced back to the ticket and the rule. What the
inspector signed is frozen in ``DaySignOff.snapshot``; after that, findings only grow
(``Finding`` and ``AuditEvent`` are append-only), so nothing signed is overwritten.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.core.models import AppendOnly, Recorded, person_ref, reference
from firstask.tickets.models import Ticket

TEXT_MAX = 2000


class ForbiddenPhrase(models.Model):
    """A deflecting phrase (推诿用语) managers add to the built-in four."""

    phrase = models.CharField(_("phrase"), max_length=50, unique=True)
    exceptions = models.TextField(
        _("allowed longer words"),
        blank=True,
        help_text=_(
            "One per line: longer words that contain the phrase but are ordinary "
            "(for 没办法: 没办法律, 没办法人)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forbidden phrase")
        verbose_name_plural = _("forbidden phrases")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    ISSUE = "issue", _("Issue found")


class Sample(models.Model):
    """One draw of 不定期抽查: ``size`` tickets received on ``day``, chosen by ``seed``.

    The population is "tickets received that day with id <= population_last_id, by id":
    tickets are never deleted, so the same seed always draws the same tickets again.
    """

    day = models.DateField(_("day"), db_index=True)
    seed = models.BigIntegerField(_("seed"))
    size = models.PositiveSmallIntegerField(_("size"))
    population_count = models.PositiveIntegerField(_("tickets of the day"))
    population_last_id = models.PositiveBigIntegerField(default=0, editable=False)
    drawn_by = person_ref(_("drawn by"))
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["day", "drawn_at", "pk"]

    def __str__(self) -> str:
        return f"{self.day} #{self.pk} (seed {self.seed})"


class SampleItem(models.Model):
    sample = reference(Sample, related_name="items")
    ticket = reference(Ticket, _("inquiry"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("sampled inquiry")
        verbose_name_plural = _("sampled inquiries")
        ordering = ["sample", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "ticket"], name="inspection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}/{self.position}"


class Finding(AppendOnly, Recorded):
    """The inspector's review of a sampled inquiry. A correction is a new row; the latest
    row is the finding. After sign-off a correction needs a reason."""

    item = reference(SampleItem, related_name="findings")
    checks = models.JSONField(_("checklist"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"))
    outcome = models.CharField(_("finding"), max_length=10, choices=Outcome.choices)
    remarks = models.TextField(_("remarks"), max_length=TEXT_MAX, blank=True)
    reason = models.TextField(_("reason for the change"), max_length=TEXT_MAX, blank=True)
    after_sign_off = models.BooleanField(_("changed after sign-off"), default=False)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["item", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.outcome} ({self.score})"


class DaySignOff(AppendOnly):
    """The inspector's signature under a day. ``snapshot`` is the report as signed."""

    day = models.DateField(_("day"), unique=True)
    signed_by = person_ref(_("signed off by"))
    signed_at = models.DateTimeField(_("signed off at"), default=timezone.now)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX)
    snapshot = models.JSONField(_("report as signed"), default=dict)

    class Meta:
        verbose_name = _("day sign-off")
        verbose_name_plural = _("day sign-offs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class AuditEventKind(models.TextChoices):
    SAMPLE_DRAWN = "sample_drawn", _("Sample drawn")
    FINDING_RECORDED = "finding_recorded", _("Finding recorded")
    FINDING_CHANGED = "finding_changed", _("Finding changed after sign-off")
    SIGNED_OFF = "signed_off", _("Day signed off")
    SUMMARY_AMENDED = "summary_amended", _("Sign-off summary amended")


class AuditEvent(AppendOnly):
    """The inspection journal of a day: who did what, when, and why (after sign-off)."""

    day = models.DateField(_("day"), db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AuditEventKind.choices)
    actor = person_ref(_("by"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")
        ordering = ["day", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"


def score_validators() -> list:
    return [MinValueValidator(0), MaxValueValidator(10)]


class MysteryShop(AppendOnly, Recorded):
    """神秘顾客暗访: an inspector posing as a visitor scores one desk or person.

    Append-only like every inspection record: a correction is a new row that ``revises``
    the one it replaces, recorded by the inspector who made it, with the reason; the
    original stays as it was. Lists and averages read only the latest revision.
    """

    visited_on = models.DateField(_("date of visit"))
    desk = models.CharField(_("desk / window"), max_length=100)
    staff = person_ref(_("staff member observed"), related_name="mystery_shops")
    scenario = models.TextField(_("scenario"), max_length=TEXT_MAX)
    attitude = models.PositiveSmallIntegerField(_("attitude (0–10)"), validators=score_validators())
    knowledge = models.PositiveSmallIntegerField(
        _("knowledge (0–10)"), validators=score_validators()
    )
    speed = models.PositiveSmallIntegerField(_("speed (0–10)"), validators=score_validators())
    remarks = models.TextField(_("remarks"), max_length=TEXT_MAX, blank=True)
    revises = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
        editable=False,
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    class Meta:
        verbose_name = _("mystery-shopper visit")
        verbose_name_plural = _("mystery-shopper visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attitude__lte=10, knowledge__lte=10, speed__lte=10),
                name="inspection_mystery_scores_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.desk}"
