"""The two catalogues managers edit: sanctions (the ladder) and rule items.

Both are seeded from the seeds (migration 0002) and then belong to the organisation:
sanctions differ from one organisation to the next. Nothing is deleted — an item no
longer used is deactivated, because decided cases point at it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.core.models import reference

# Where the organisation's own rules say it, as its staff know them; printed beside the
# rule on the case and its papers. The defaults' origins are in docs/domain.md#catalogue.
SOURCE_HELP = _(
    "Where your organisation's own rules say this, in the words staff know "
    "(for example the article of your rules); shown beside it on cases and papers."
)


class Sanction(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"), default=10, help_text=_("Orders the ladder: lighter first.")
    )
    is_efficiency_warning = models.BooleanField(
        _("counts as an efficiency warning (效能告诫)"),
        default=False,
        help_text=_("Two of these in a calendar year make the year's assessment unfit."),
    )
    is_public_criticism = models.BooleanField(
        _("public criticism (通报批评)"),
        default=False,
        help_text=_("Printed as a public notice; the person is moved or retrained."),
    )
    referred_on = models.BooleanField(
        _("referred on"),
        default=False,
        help_text=_("Decided elsewhere (e.g. disciplinary action): firstask records the referral."),
    )
    description = models.TextField(_("description"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=SOURCE_HELP)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["severity", "code"]

    def __str__(self) -> str:
        return self.name


class RuleItem(models.Model):
    """One failure the rules name, with the sanction they fix for it
    (docs/domain.md#accountability)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("rule broken"), max_length=200)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=SOURCE_HELP)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    default_sanction = reference(Sanction, _("default sanction"), related_name="rule_items")
    chain_section_head = models.BooleanField(
        _("the section head answers too"),
        default=False,
        help_text=_("The head of the person's section bears main leadership responsibility."),
    )
    chain_supervising_leader = models.BooleanField(
        _("the supervising leader answers too"),
        default=False,
        help_text=_("The supervising leader bears important leadership responsibility."),
    )
    audit_rules = models.CharField(
        _("audit flags"),
        max_length=200,
        blank=True,
        help_text=_("Codes of the daily audit's flags this item is chosen for, comma-separated."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rule item")
        verbose_name_plural = _("rule items")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.title

    def flag_codes(self) -> list[str]:
        return [c.strip() for c in self.audit_rules.split(",") if c.strip()]
