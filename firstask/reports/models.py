"""Per-inquiry facts, per-day and per-month aggregates, settings and stored reports.

Measures never scan the inquiries: pages read ``DayAggregate`` (day × department ×
staff × channel × category) and ``MonthAggregate`` (the same summed per month, once
in total and once per channel and per category), kept up to date by the refresh in
``refresh.py``. ``TicketFact`` is the one row per inquiry those sums are made of, so
every number on a page can be opened into the list of inquiries behind it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.core.models import person_ref
from firstask.reports.columns import COUNTS


class Counts(models.Model):
    """The integer columns of columns.COUNTS, one field each (flags, seconds, points)."""

    for _name in COUNTS:
        locals()[_name] = models.BigIntegerField(default=0)
    del _name

    class Meta:
        abstract = True


class Scope(Counts):
    """Whose numbers a row holds: a department and a member of staff, as every fact and
    aggregate is keyed. ``DO_NOTHING`` and no index of their own: these rows are rebuilt
    from the inquiries, never the reason a department or person is kept, and the
    composite indexes of each table lead with the column it is read by."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.DO_NOTHING, null=True, related_name="+", db_index=False
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )

    class Meta:
        abstract = True


class DayScope(Scope):
    """A day's row of one channel and category: the grain of the facts and of the day
    aggregates summed from them (``sql.write_day`` groups by exactly these keys)."""

    day = models.DateField()
    channel = models.CharField(max_length=20)
    category = models.CharField(max_length=20)

    class Meta:
        abstract = True


class TicketFact(DayScope):
    """One inquiry's contribution to the measures, recomputed whenever its day is."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.DO_NOTHING, primary_key=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inquiry fact")
        indexes = [
            models.Index(fields=["day", "department", "staff"], name="fact_day_scope"),
            models.Index(fields=["staff", "day"], name="fact_staff_day"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.day}"


class DayAggregate(DayScope):
    """Sums of the facts of one day × department × staff × channel × category."""

    class Meta:
        verbose_name = _("day aggregate")
        indexes = [
            models.Index(fields=["day", "department", "staff"], name="dayagg_scope"),
            models.Index(fields=["staff", "day"], name="dayagg_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.staff_id} {self.channel} {self.category}"


class Dim(models.TextChoices):
    """Which breakdown a month row holds: the total, or one channel or category."""

    NONE = "", _("total")
    CHANNEL = "channel", _("channel")
    CATEGORY = "category", _("category")


class MonthAggregate(Scope):
    """A month's day rows summed per department × staff: in total (``dim`` empty) and
    per channel and per category value, so a year's overview reads at most 12 × staff
    rows whatever the number of inquiries."""

    month = models.DateField()
    dim = models.CharField(max_length=10, blank=True)
    value = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("month aggregate")
        indexes = [
            models.Index(fields=["dim", "month", "department"], name="monthagg_scope"),
            models.Index(fields=["staff", "dim", "month"], name="monthagg_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dim}={self.value} {self.department_id}/{self.staff_id}"


class RefreshState(models.Model):
    """Where the refresh got to: the last ticket event it has folded in, and when."""

    last_event_id = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("aggregate refresh state")

    def __str__(self) -> str:
        return f"event {self.last_event_id} @ {self.last_run_at}"


def _percent(default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


class MeasureSettings(models.Model):
    """综合绩效得分 weights and the targets each measure is shown against (one row).

    Defaults (docs/domain.md#measures): responding within 30 minutes 20 %, first-time resolution
    30 %, satisfaction score ≥ 4.5 50 %. A manager changes them in the admin console.
    """

    weight_response = _percent(20)
    weight_first_time = _percent(30)
    weight_satisfaction = _percent(50)
    target_score = models.DecimalField(
        _("target satisfaction score (1–5)"),
        max_digits=3,
        decimal_places=2,
        default=4.5,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    target_within_30 = _percent(90)
    target_first_time = _percent(85)
    target_on_time = _percent(95)
    target_satisfaction_rate = _percent(90)
    target_complaints_per_mille = models.PositiveSmallIntegerField(
        _("target complaints per 1,000 inquiries (at most)"), default=5
    )
    target_composite = _percent(85)

    class Meta:
        verbose_name = _("measure weights and targets")
        verbose_name_plural = _("measure weights and targets")

    def __str__(self) -> str:
        return str(_("Weights and targets"))

    def clean(self) -> None:
        total = self.weight_response + self.weight_first_time + self.weight_satisfaction
        if total != 100:
            raise ValidationError(
                _("The three weights must add up to 100 (now %(n)s).") % {"n": total}
            )

    @classmethod
    def current(cls) -> MeasureSettings:
        return cls.objects.order_by("pk").first() or cls()


class ReportKind(models.TextChoices):
    MONTH = "month", _("Monthly report")
    QUARTER = "quarter", _("Quarterly report")
    YEAR = "year", _("Yearly report")


class Report(models.Model):
    """A generated 月报/季报/年报: its numbers frozen at generation, never overwritten."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)
    generated_by = person_ref(_("generated by"), optional=True)
    data = models.JSONField(_("numbers"), default=dict)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "start", "version"], name="reports_one_version_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%Y-%m} v{self.version}"
