"""The scorecards' yearly sums per department, kept with the register.

The leaders' overview shows, per department and calendar year, the standing violations,
the approved commendations and how many members are 不称职. Counting those from the
register on each request reads every case of the year, so the page grew with the
register (docs/performance.md, "Accountability scorecards"). These rows hold the sums;
``accountability.tallies`` recounts a department's year in the same transaction as
every register change that can move it, and can rebuild them all from the register
(``manage.py rebuild_scorecards``): they are a copy, never the record.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.core.models import reference
from firstask.org.models import Department


class DepartmentYear(models.Model):
    """One department's sums for one calendar year (the year a sanction or a
    commendation was decided in, as the ladder counts it)."""

    department = reference(Department, _("department"))
    year = models.PositiveSmallIntegerField(_("year"))
    violations = models.PositiveIntegerField(_("violations"), default=0)
    commendations = models.PositiveIntegerField(_("commendations"), default=0)
    not_competent = models.PositiveIntegerField(_("members not competent"), default=0)
    # The number of efficiency warnings that made a member 不称职 when these sums were
    # counted (ACCOUNTABILITY_UNFIT_AFTER): a changed setting is seen, not trusted.
    unfit_after = models.PositiveSmallIntegerField(_("warnings for not competent"), default=2)

    class Meta:
        verbose_name = _("department's year on the scorecard")
        verbose_name_plural = _("departments' years on the scorecard")
        constraints = [
            models.UniqueConstraint(fields=["year", "department"], name="acc_dept_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}"
