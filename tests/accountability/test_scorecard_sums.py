"""The scorecards' yearly sums (``DepartmentYear``) are a copy of the register, kept in
the same transaction as every change that can move them, and rebuilt from it on demand.

Each step below compares the overview read from the kept sums with the overview
counted from the register's rows (``overview_counted``, what the page did before the
sums existed), and asks the rebuild command whether anything differs.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from firstask.accountability import services, tallies
from firstask.accountability.models import DepartmentYear, Sanction
from firstask.accountability.selectors import Period, overview, overview_counted
from firstask.org.models import Department
from tests.accountability.conftest import commend, decide, on, open_case, propose, sanction

YEAR = Period.year(2026)


def figures(period: Period = YEAR) -> dict[str, tuple[int, int, int, bool]]:
    """{department code: (violations, commendations, not competent, no unit honours)}."""
    return {
        r.department.code: (r.violations, r.commendations, r.not_competent, r.no_unit_honours)
        for r in overview(period)
    }


def assert_kept_equals_register(period: Period = YEAR) -> None:
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    counted = {
        r.department.code: (r.violations, r.commendations, r.not_competent, r.no_unit_honours)
        for r in overview_counted(period, departments)
    }
    assert figures(period) == counted
    assert tallies.differences() == {}


def test_the_sums_follow_every_kind_of_register_change(
    inspector, leader, other_leader, receptionist, colleague, handler, front_desk
):
    with on(2026, 3, 2):
        first = decide(open_case(inspector, receptionist), leader)  # an efficiency warning
    assert figures()["front"] == (1, 0, 0, False)
    assert_kept_equals_register()

    with on(2026, 3, 3):
        second = decide(open_case(inspector, receptionist), leader)
    assert figures()["front"] == (2, 0, 1, True)  # two warnings: 不称职, no unit honours
    assert_kept_equals_register()

    with on(2026, 3, 4):  # a case opened and dismissed: nothing counts
        decide(open_case(inspector, colleague), leader, None)
        open_case(inspector, handler)  # still under investigation
    assert figures()["front"] == (2, 0, 1, True)
    assert figures()["realestate"] == (0, 0, 0, False)
    assert_kept_equals_register()

    with on(2026, 3, 5):  # confirmed on appeal: still counts
        services.file_appeal(case_id=first.pk, actor=receptionist, reasons="不服")
    assert figures()["front"] == (2, 0, 1, True)
    with on(2026, 3, 6):
        services.decide_appeal(
            case_id=first.pk, actor=other_leader, outcome="upheld", reasons="维持"
        )
    assert figures()["front"] == (2, 0, 1, True)
    assert_kept_equals_register()

    with on(2026, 3, 9):  # changed on appeal to a sanction that is no efficiency warning
        services.file_appeal(case_id=second.pk, actor=receptionist, reasons="过重")
        services.decide_appeal(
            case_id=second.pk,
            actor=other_leader,
            outcome="changed",
            sanction=sanction("talk_warning"),
            reasons="改为谈话告诫",
        )
    assert figures()["front"] == (2, 0, 0, False)
    assert_kept_equals_register()

    with on(2026, 4, 1):  # overturned on appeal: no longer a violation
        third = decide(open_case(inspector, colleague), leader, "admonition")
        services.file_appeal(case_id=third.pk, actor=colleague, reasons="不属实")
    assert figures()["front"] == (3, 0, 0, False)
    with on(2026, 4, 2):
        services.decide_appeal(
            case_id=third.pk, actor=other_leader, outcome="withdrawn", reasons="撤销"
        )
    assert figures()["front"] == (2, 0, 0, False)
    assert_kept_equals_register()

    with on(2026, 5, 1):  # a commendation counts once approved, not when proposed or rejected
        commend(inspector, colleague, leader)
        commend(inspector, handler, leader)
        rejected = propose(inspector, receptionist)
        services.decide_commendation(commendation_id=rejected.pk, actor=leader, approve=False)
        propose(inspector, receptionist)
    assert figures()["front"] == (2, 1, 0, False)
    assert figures()["realestate"] == (0, 1, 0, False)
    assert_kept_equals_register()


def test_a_sanction_counts_in_the_year_it_was_decided_even_when_the_appeal_is_next_year(
    inspector, leader, other_leader, receptionist
):
    with on(2026, 12, 30):
        decide(open_case(inspector, receptionist), leader)
        late = decide(open_case(inspector, receptionist), leader)
        services.file_appeal(case_id=late.pk, actor=receptionist, reasons="不服")
    with on(2027, 1, 4):
        decide(open_case(inspector, receptionist), leader)
    assert figures(Period.year(2026))["front"] == (2, 0, 1, True)
    assert figures(Period.year(2027))["front"] == (1, 0, 0, False)
    with on(2027, 1, 5):  # withdrawn in January: the December year changes, January's not
        services.decide_appeal(
            case_id=late.pk, actor=other_leader, outcome="withdrawn", reasons="撤销"
        )
    assert figures(Period.year(2026))["front"] == (1, 0, 0, False)
    assert figures(Period.year(2027))["front"] == (1, 0, 0, False)
    for year in (2026, 2027):
        assert_kept_equals_register(Period.year(year))


def test_lost_or_wrong_sums_are_found_and_rebuilt_from_the_register(
    inspector, leader, receptionist, colleague
):
    with on(2026, 3, 2):
        decide(open_case(inspector, receptionist), leader)
        decide(open_case(inspector, receptionist), leader)
        commend(inspector, colleague, leader)
    right = figures()
    DepartmentYear.objects.update(violations=99, not_competent=0)
    with pytest.raises(CommandError, match="differ from the register"):
        call_command("rebuild_scorecards", "--check", stdout=StringIO())
    DepartmentYear.objects.filter(year=2026).delete()  # the sums are a copy: even lost ones
    call_command("rebuild_scorecards", stdout=StringIO())
    call_command("rebuild_scorecards", "--check", stdout=StringIO())
    assert figures() == right == {**right, "front": (2, 1, 1, True)}
    assert_kept_equals_register()


def test_a_changed_threshold_is_counted_from_the_register_until_rebuilt(
    inspector, leader, receptionist
):
    with on(2026, 3, 2):
        decide(open_case(inspector, receptionist), leader)
    with override_settings(ACCOUNTABILITY_UNFIT_AFTER=1):
        assert figures()["front"] == (1, 0, 1, True)  # not the kept 0, counted under 2
        assert tallies.differences() != {}
        tallies.rebuild()
        assert figures()["front"] == (1, 0, 1, True)
        assert_kept_equals_register()


def test_a_sanction_made_an_efficiency_warning_in_the_admin_recounts_the_years(
    client, inspector, leader, receptionist, manager
):
    with on(2026, 3, 2):
        decide(open_case(inspector, receptionist), leader, "admonition")
        decide(open_case(inspector, receptionist), leader, "admonition")
    assert figures()["front"] == (2, 0, 0, False)
    admonition = Sanction.objects.get(code="admonition")
    client.force_login(manager)
    url = reverse("admin:accountability_sanction_change", args=[admonition.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(is_efficiency_warning="on", is_active="on", _save="Save")
    for flag in ("is_public_criticism", "referred_on"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert figures()["front"] == (2, 0, 1, True)
    assert_kept_equals_register()


def test_a_custom_range_is_counted_from_the_register(inspector, leader, receptionist):
    with on(2026, 3, 2):
        decide(open_case(inspector, receptionist), leader)
    with on(2026, 5, 2):
        decide(open_case(inspector, receptionist), leader)
    march = Period(YEAR.start, YEAR.start.replace(month=3, day=31))
    assert figures(march)["front"] == (1, 0, 1, True)  # 不称职 is the calendar year's


def test_the_overview_of_a_year_reads_two_queries_whatever_the_register_holds(
    inspector, leader, receptionist, colleague
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            overview(YEAR)
        return len(ctx.captured_queries)

    before = queries()
    with on(2026, 3, 2):
        for person in (receptionist, colleague) * 3:
            decide(open_case(inspector, person), leader)
        commend(inspector, colleague, leader)
    assert queries() == before == 2
