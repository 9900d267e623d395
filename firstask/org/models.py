"""Departments and staff: who works where, with which post and phone.

The first responder tells a visitor their name, post and phone (docs/domain.md#registers), so those
live on the profile and are printed on receipts. Nothing here is hard-deleted:
departments and staff are deactivated, because old inquiries point at them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firstask.core.models import person_ref, reference


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    location = models.CharField(_("location / room"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    parent = reference("self", _("parent department"), related_name="children", optional=True)
    head = person_ref(_("department head"), related_name="headed_departments", optional=True)
    supervising_leader = person_ref(
        _("supervising leader"), related_name="supervised_departments", optional=True
    )
    is_general_office = models.BooleanField(
        _("general office"),
        default=False,
        help_text=_("The general office assigns inquiries whose department is unclear."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_general_office"],
                condition=Q(is_general_office=True),
                name="org_one_general_office",
                violation_error_message=_("There can be only one general office."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="profile",
    )
    department = reference(Department, _("department"), related_name="staff", optional=True)
    post = models.CharField(_("post / title"), max_length=60, blank=True)
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_for",
        help_text=_("Covers this person's work while they are away."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return display_name(self.user)


def display_name(user) -> str:
    """A staff member as people see them: ``name_of`` their account."""
    return name_of(user.last_name, user.first_name, user.get_username())


def name_of(family: str, given: str, login: str) -> str:
    """Chinese order: family name then given name, no space; falls back to the login.

    The one place a name is put together; ``display_name`` (a user object) and the
    selectors that read names as plain values both call it.
    """
    return f"{family or ''}{given or ''}".strip() or login


class Absence(models.Model):
    """代岗 (AB 角): while someone is away, the named deputy covers their cases.

    Only while ``starts_at <= now < ends_at``: the deputy then sees the absent person's
    inquiries, acts in their place (events say "on behalf of") and receives their
    warnings. Accountability stays with the first responder of record. Absences are
    never deleted: one entered by mistake is cancelled (``cancelled_at``).
    """

    person = person_ref(_("absent person"), related_name="absences")
    deputy = person_ref(_("deputy"), related_name="covering_absences")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = person_ref(_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="org_absence_ends_after_start",
                violation_error_message=_("The absence must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("person")),
                name="org_absence_deputy_not_self",
                violation_error_message=_("Nobody can be their own deputy."),
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "ends_at"], name="org_absence_deputy"),
            models.Index(fields=["person", "ends_at"], name="org_absence_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.deputy_id}"


class InquiryCategory(models.Model):
    """A category of inquiry (咨询, 办事, 投诉…) as data: managers add, rename and retire
    categories in admin, with their deadline policies, without a code change or migration.

    Inquiries, deadline policies and directory matters store the ``code`` (the stable
    codes of the built-in seven keep working); the name is what people read. A retired
    category is no longer offered at intake but its inquiries keep their name.
    """

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Stable short code stored on inquiries; letters, digits, _ and -."),
    )
    name = models.CharField(_("name"), max_length=40, unique=True)
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(
        _("offered at intake"),
        default=True,
        help_text=_("Untick to retire the category: old inquiries keep it."),
    )

    class Meta:
        verbose_name = _("inquiry category")
        verbose_name_plural = _("inquiry categories")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        from django.utils import translation

        language = language or translation.get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name
