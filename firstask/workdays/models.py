"""The organisation's calendar and time limits, as managers maintain them in admin.

Only exceptions are stored: a weekday is a workday and a weekend day is off unless a
``CalendarDay`` says otherwise. ``CalendarYear`` makes "we have the official data for
this year" an explicit fact rather than an inference from rows that happen to exist.
The maths never reads these models; ``selectors`` turns them into pure values.
"""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.core.vocabulary import Urgency
from firstask.org.categories import category_choices
from firstask.workdays import maths
from firstask.workdays.deadlines import PolicyValue


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKDAY = "workday", _("Workday")


class DaySource(models.TextChoices):
    SEEDED = "seeded", _("Holidays package")
    NOTICE = "notice", _("State Council notice")
    MANUAL = "manual", _("Entered by a manager")


class CalendarDay(models.Model):
    """A date that differs from the weekday/weekend default (or confirms it, for notes)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=DaySource.choices, default=DaySource.MANUAL
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """Whether a year's calendar is official; deadlines in other years are provisional."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    official = models.BooleanField(
        _("official"),
        default=False,
        help_text=_("Tick once the State Council notice for this year has been entered."),
    )
    origin = models.CharField(
        _("entered from"), max_length=10, choices=DaySource.choices, default=DaySource.MANUAL
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The notice's number or title, e.g. 国办发明电〔2025〕7号."),
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


# Callables, not time() values: Django's check flags a fixed time default that happens
# to be within seconds of "now" (W161), which would make `check` flaky twice a day.
def morning_opens() -> time:
    return time(8, 30)


def morning_closes() -> time:
    return time(12, 0)


def afternoon_opens() -> time:
    return time(13, 30)


def afternoon_closes() -> time:
    return time(17, 30)


class OfficeHoursSetting(models.Model):
    """The office hours (one row): a morning and an optional afternoon period."""

    SINGLETON_ID = 1

    morning_start = models.TimeField(_("morning opens"), default=morning_opens)
    morning_end = models.TimeField(_("morning closes"), default=morning_closes)
    afternoon_start = models.TimeField(
        _("afternoon opens"), default=afternoon_opens, null=True, blank=True
    )
    afternoon_end = models.TimeField(
        _("afternoon closes"), default=afternoon_closes, null=True, blank=True
    )

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="workdays_office_hours_singleton")
        ]

    def __str__(self) -> str:
        return " · ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.periods())

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def periods(self) -> tuple[tuple[time, time], ...]:
        periods = [(self.morning_start, self.morning_end)]
        if self.afternoon_start and self.afternoon_end:
            periods.append((self.afternoon_start, self.afternoon_end))
        return tuple(periods)

    def clean(self) -> None:
        if self.morning_start is None or self.morning_end is None:
            return  # the field errors already say so
        if bool(self.afternoon_start) != bool(self.afternoon_end):
            raise ValidationError(_("Give both afternoon times, or neither."))
        try:
            maths.OfficeHours(periods=self.periods())
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                _("Each period must end after it starts, and the afternoon after the morning.")
            ) from exc

    def to_value(self) -> maths.OfficeHours:
        return maths.OfficeHours(periods=self.periods())


class DeadlinePolicy(models.Model):
    """Time limits for a category, optionally only for one urgency (blank: any)."""

    category = models.CharField(_("category"), max_length=20, choices=category_choices)
    urgency = models.CharField(
        _("urgency"),
        max_length=20,
        choices=Urgency.choices,
        blank=True,
        help_text=_("Leave blank for any urgency; a row for one urgency wins over it."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer or refer"),
        default=0,
        help_text=_(
            "Working days; 0 means the same working day (the rules ask for an answer or a "
            "referral at once)."
        ),
    )
    sign_for_days = models.PositiveSmallIntegerField(
        _("days to sign for a referral"), default=1, help_text=_("Working days.")
    )
    handle_days = models.PositiveSmallIntegerField(
        _("days to handle"), help_text=_("Working days after the department signed for it.")
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("days to follow up"), default=1, help_text=_("Working days after the result.")
    )
    progress_hours = models.PositiveSmallIntegerField(
        _("hours between progress notes"),
        default=24,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Calendar hours; a time falling while the office is shut moves to the next opening."
        ),
    )
    progress_notes_required = models.BooleanField(
        _("internal progress notes required"),
        default=False,
        help_text=_(
            "Tick to warn the handler when a referral goes this many hours without an "
            "internal progress note. The visitor of an extended item is told of progress "
            "every 24 hours in any case."
        ),
    )
    due_soon_hours = models.PositiveSmallIntegerField(
        _("due-soon warning (hours)"),
        default=4,
        help_text=_("Working hours before a deadline when it turns yellow."),
    )
    escalate_to_leader_after_days = models.PositiveSmallIntegerField(
        _("days overdue before the leader is told"),
        default=2,
        help_text=_("Working days after the deadline; the department head is told at once."),
    )

    class Meta:
        ordering = ["category", "urgency"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency"], name="workdays_policy_unique_category_urgency"
            )
        ]

    def __str__(self) -> str:
        urgency = self.get_urgency_display() if self.urgency else _("any urgency")
        return f"{self.get_category_display()} · {urgency}"

    def to_value(self) -> PolicyValue:
        return PolicyValue(
            answer_days=self.answer_days,
            sign_for_days=self.sign_for_days,
            handle_days=self.handle_days,
            follow_up_days=self.follow_up_days,
            progress_hours=self.progress_hours,
            progress_notes_required=self.progress_notes_required,
            due_soon_hours=self.due_soon_hours,
            escalate_to_leader_after_days=self.escalate_to_leader_after_days,
        )
