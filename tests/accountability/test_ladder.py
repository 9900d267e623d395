"""The sanction ladder as the scorecard shows it: computed per calendar year from the
standing sanctions, never typed in (004 篇五·五, 篇三·五)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from firstask.accountability import services
from firstask.accountability.choices import CaseState, Responsibility
from firstask.accountability.selectors import Period, person_card, violations_count
from tests.accountability.conftest import current, decide, on, open_case

pytestmark = pytest.mark.django_db


def card_url(person, year: int) -> str:
    return reverse("accountability:person_card", args=[person.pk]) + f"?year={year}"


def two_warnings(inspector, leader, person, year=2026):
    cases = []
    for day in (3, 10):
        with on(year, 3, day):
            case = open_case(inspector, person)
            cases.append(decide(case, leader))
    return cases


def test_two_efficiency_warnings_in_a_year_make_the_assessment_not_competent(
    client, inspector, leader, receptionist, password
):
    cases = two_warnings(inspector, leader, receptionist)
    client.force_login(leader)
    page = client.get(card_url(receptionist, 2026)).content.decode()
    assert "不称职" in page and 'data-testid="assessment"' in page
    assert 'data-consequence="not_competent"' in page
    for case in cases:  # the consequence shows the cases that caused it
        assert current(case).reference in page
    assert not person_card(receptionist.pk, Period.year(2026)).competent


def test_one_warning_is_no_honours_but_still_competent(inspector, leader, receptionist):
    with on(2026, 3, 3):
        decide(open_case(inspector, receptionist), leader)
    card = person_card(receptionist.pk, Period.year(2026))
    assert card.competent
    assert [c.code for c in card.consequences] == ["no_honours"]


def test_one_withdrawn_on_appeal_returns_the_assessment_to_competent(
    client, inspector, leader, other_leader, receptionist, password
):
    _first, second = two_warnings(inspector, leader, receptionist)
    with on(2026, 3, 11):
        services.file_appeal(
            case_id=second.pk, actor=receptionist, reasons="当天系统故障，已补登记"
        )
    with on(2026, 3, 12):
        services.decide_appeal(
            case_id=second.pk, actor=other_leader, outcome="withdrawn", reasons="情况属实，撤销"
        )
    assert current(second).state == CaseState.WITHDRAWN
    client.force_login(receptionist)
    page = client.get(card_url(receptionist, 2026)).content.decode()
    assert "称职" in page and "不称职" not in page.split('data-testid="assessment"')[1][:40]
    card = person_card(receptionist.pk, Period.year(2026))
    assert card.competent
    assert violations_count(Period.year(2026), person_id=receptionist.pk) == 1
    # Both decisions of the withdrawn case stay on record.
    assert current(second).decisions.count() == 2


def test_a_sanction_in_december_does_not_count_in_january(inspector, leader, receptionist):
    with on(2026, 12, 28):
        decide(open_case(inspector, receptionist), leader)
    with on(2027, 1, 5):
        decide(open_case(inspector, receptionist), leader)
    assert person_card(receptionist.pk, Period.year(2026)).competent
    card_2027 = person_card(receptionist.pk, Period.year(2027))
    assert card_2027.competent
    assert [c.year for c in card_2027.consequences] == [2027]
    assert violations_count(Period.year(2027), person_id=receptionist.pk) == 1


def test_the_chain_adds_section_head_and_supervising_leader_where_the_rule_says_so(
    inspector, handler, department_head, leader
):
    plain = open_case(inspector, handler, "forbidden_phrase")
    assert [p.responsibility for p in plain.parties.all()] == [Responsibility.DIRECT]
    head_only = open_case(inspector, handler, "not_handled_in_time")
    assert {(p.person_id, p.responsibility) for p in head_only.parties.all()} == {
        (handler.pk, Responsibility.DIRECT),
        (department_head.pk, Responsibility.MAIN),
    }
    full = open_case(inspector, handler, "deflection_with_harm")
    assert {(p.person_id, p.responsibility) for p in full.parties.all()} == {
        (handler.pk, Responsibility.DIRECT),
        (department_head.pk, Responsibility.MAIN),
        (leader.pk, Responsibility.IMPORTANT),
    }


def test_the_one_who_opened_a_case_cannot_decide_it(leader, other_leader, receptionist):
    case = open_case(leader, receptionist)
    with pytest.raises(PermissionDenied):
        decide(case, leader)
    assert current(case).state == CaseState.OPEN
    decide(case, other_leader)
    assert current(case).state == CaseState.DECIDED


def test_a_person_cannot_decide_their_own_appeal(inspector, leader, other_leader, manager, handler):
    # The supervising leader answers in the chain of this rule item; appealed by the
    # handler, the leader in the chain may not decide it; nor may the one who decided.
    case = open_case(inspector, handler, "deflection_with_harm")
    decide(case, manager, "criticism_education")
    services.file_appeal(case_id=case.pk, actor=handler, reasons="不属实")
    for person in (handler, leader, manager):
        with pytest.raises(PermissionDenied):
            services.decide_appeal(case_id=case.pk, actor=person, outcome="upheld", reasons="维持")
    services.decide_appeal(case_id=case.pk, actor=other_leader, outcome="upheld", reasons="维持")
    assert current(case).state == CaseState.DECIDED


def test_the_appellant_cannot_decide_the_appeal_even_as_a_leader(
    inspector, manager, leader, other_leader
):
    case = open_case(inspector, leader, "forbidden_phrase")
    decide(case, manager, "admonition")
    services.file_appeal(case_id=case.pk, actor=leader, reasons="我没有说")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(case_id=case.pk, actor=leader, outcome="withdrawn", reasons="撤销")
    services.decide_appeal(case_id=case.pk, actor=other_leader, outcome="withdrawn", reasons="撤销")


def test_staff_see_their_own_cases_and_not_a_colleagues(
    client, inspector, leader, receptionist, colleague, password
):
    mine = decide(open_case(inspector, receptionist), leader)
    theirs = decide(open_case(inspector, colleague), leader)
    client.force_login(receptionist)
    assert client.get(reverse("accountability:case", args=[mine.pk])).status_code == 200
    assert client.get(reverse("accountability:case", args=[theirs.pk])).status_code == 403
    listing = client.get(reverse("accountability:home")).content.decode()
    assert current(mine).reference in listing and current(theirs).reference not in listing
    assert client.get(reverse("accountability:person_card", args=[colleague.pk])).status_code == 403
    assert (
        client.get(reverse("accountability:person_card", args=[receptionist.pk])).status_code == 200
    )
