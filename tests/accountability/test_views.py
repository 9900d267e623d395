"""Every page and action: who is let in and who is refused, role by role, and every
page's query count, which must not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accountability.world import grow

pytestmark = pytest.mark.django_db

PERSONAS = [
    "receptionist",
    "colleague",
    "handler",
    "department_head",
    "office_head",
    "leader",
    "other_leader",
    "inspector",
    "manager",
    "outsider",
]
SEE_ALL = {"leader", "other_leader", "inspector", "manager"}
OPENERS = SEE_ALL | {"department_head", "office_head"}
EVERYONE = set(PERSONAS)
YEAR = date.today().year


def url(name: str, *args) -> str:
    return reverse(f"accountability:{name}", args=args)


def pages(world, front_desk, realestate, receptionist) -> dict[str, tuple[str, set[str]]]:
    """page name → (url, personas who get a 200; everyone else a 403)."""
    case = world.decided.pk
    parties = SEE_ALL | {"receptionist"}
    complaint_parties = SEE_ALL | {"receptionist", "office_head"}
    return {
        "cases": (url("home"), EVERYONE),
        "case_new": (url("case_new"), OPENERS),
        "case": (url("case", case), parties),
        "case_open": (url("case", world.open_case.pk), parties),
        "paper_decision": (url("case_paper", case, "decision"), parties),
        "paper_appeal": (url("case_paper", world.reviewed.pk, "appeal"), parties),
        # the chain of this rule item adds the receptionist's head (none) and leader
        "paper_bulletin": (url("case_paper", world.bulletin.pk, "bulletin"), parties),
        "commendation_print": (url("commendation_print", world.approved.pk), parties),
        "complaints": (url("complaints"), EVERYONE),
        "complaint_new": (url("complaint_new"), EVERYONE),
        "complaint": (url("complaint", world.complaint.pk), complaint_parties),
        "complaint_print": (url("complaint_print", world.complaint.pk), complaint_parties),
        "commendations": (url("commendations"), EVERYONE),
        "commendation_new": (url("commendation_new"), OPENERS),
        "commendation": (url("commendation", world.commendation.pk), SEE_ALL | {"receptionist"}),
        "service_stars": (url("service_stars"), OPENERS),
        "scorecards": (url("scorecards"), SEE_ALL),
        "person_card": (url("person_card", receptionist.pk), SEE_ALL | {"receptionist"}),
        "department_card": (url("department_card", front_desk.pk), SEE_ALL),
        "realestate_card": (url("department_card", realestate.pk), SEE_ALL | {"department_head"}),
        "ledger": (url("ledger", YEAR), OPENERS),
    }


PAGE_NAMES = [
    "cases",
    "case_new",
    "case",
    "case_open",
    "paper_decision",
    "paper_appeal",
    "paper_bulletin",
    "commendation_print",
    "complaints",
    "complaint_new",
    "complaint",
    "complaint_print",
    "commendations",
    "commendation_new",
    "commendation",
    "service_stars",
    "scorecards",
    "person_card",
    "department_card",
    "realestate_card",
    "ledger",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_each_page_lets_in_exactly_the_right_roles(
    page, request, client, world, front_desk, realestate, receptionist
):
    url, allowed = pages(world, front_desk, realestate, receptionist)[page]
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        code = client.get(url).status_code
        if page == "scorecards" and persona not in allowed:
            assert code == 302, (persona, code)  # staff and heads go to their own card
        else:
            assert code == (200 if persona in allowed else 403), (persona, code)


def test_scorecards_send_staff_to_their_own_card_and_heads_to_their_department(
    client, receptionist, department_head, realestate
):
    client.force_login(receptionist)
    response = client.get(reverse("accountability:scorecards") + "?year=2026")
    assert (
        response.url == reverse("accountability:person_card", args=[receptionist.pk]) + "?year=2026"
    )
    client.force_login(department_head)
    response = client.get(reverse("accountability:scorecards"))
    assert response.url == reverse("accountability:department_card", args=[realestate.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(reverse("accountability:case", args=[world.decided.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def post(client, user, name, pk, data):
    client.force_login(user)
    return client.post(reverse(f"accountability:{name}", args=[pk]), data)


def statuses(client, people, name, pk, data) -> list[int]:
    """The status of the same post by each of `people` in turn."""
    return [post(client, user, name, pk, data).status_code for user in people]


def test_deciding_is_for_a_leader_who_did_not_open_the_case(
    client, world, other_leader, receptionist, inspector, leader
):
    data = {"sanction": world.open_case.rule_item.default_sanction_id, "reasons": "属实"}
    people = [receptionist, inspector, other_leader]
    assert statuses(client, people, "case_decide", world.open_case.pk, data) == [403, 403, 302]
    # A second decision on a decided case is a friendly "already handled", not a crash.
    response = post(client, leader, "case_decide", world.open_case.pk, data)
    assert response.status_code == 302
    assert "已被他人处理" in client.get(response.url).content.decode()


def test_dismissing_and_notes(client, world, manager, receptionist, inspector):
    case = world.open_case.pk
    assert post(client, receptionist, "case_note", case, {"note": "x"}).status_code == 403
    assert post(client, inspector, "case_note", case, {"note": "已调取录音"}).status_code == 302
    assert post(client, receptionist, "case_dismiss", case, {"reasons": "x"}).status_code == 403
    assert post(client, manager, "case_dismiss", case, {"reasons": "不构成违规"}).status_code == 302


# Actions only one person may take: the record of `world` each is posted on, two people
# refused and the one allowed, and the form posted.
ONE_MAY_POST = {
    "case_appeal": ("decided", "colleague leader receptionist"),  # only the person appeals
    "case_appeal_decide": ("appealed", "receptionist leader other_leader"),  # another leader
    "complaint_answer": ("complaint", "receptionist inspector office_head"),
    "commendation_decide": ("commendation", "receptionist inspector leader"),
}
FORMS = {
    "case_appeal": {"reasons": "不属实"},
    "case_appeal_decide": {"outcome": "upheld", "reasons": "维持"},
    "complaint_answer": {"action_taken": "已约谈", "reply": "已电话答复", "replied_on": ""},
    "commendation_decide": {"decision": "approve", "note": ""},
}


@pytest.mark.parametrize("name", ONE_MAY_POST)
def test_only_the_right_person_posts(client, request, world, name):
    record, personas = ONE_MAY_POST[name]
    people = [request.getfixturevalue(persona) for persona in personas.split()]
    pk = getattr(world, record).pk
    assert statuses(client, people, name, pk, FORMS[name]) == [403, 403, 302]


def test_opening_a_case_by_post(client, receptionist, inspector, colleague):
    from firstask.accountability.models import RuleItem

    data = {
        "rule_item": RuleItem.objects.get(code="forbidden_phrase").pk,
        "person": colleague.pk,
        "summary": "答复中使用“不归我管”",
    }
    client.force_login(receptionist)
    assert client.post(reverse("accountability:case_new"), data).status_code == 403
    client.force_login(inspector)
    response = client.post(reverse("accountability:case_new"), data)
    assert response.status_code == 302
    client.force_login(inspector)
    bad = client.post(reverse("accountability:case_new"), {**data, "summary": "  "})
    assert bad.status_code == 400 and "请描述事实经过" in bad.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


# The queries of each page as measured (session, user and roles included): a ceiling,
# so a page that gets cheaper passes and one that gets dearer fails.
BUDGET = {
    "cases": 7,
    "case_new": 6,
    "case": 9,
    "case_open": 10,
    "paper_decision": 7,
    "paper_appeal": 7,
    "paper_bulletin": 7,
    "commendation_print": 5,
    "complaints": 6,
    "complaint_new": 6,
    "complaint": 8,  # +2: the complaint's attachments and whether the reader may add one
    "complaint_print": 5,
    "commendations": 6,
    "commendation_new": 5,
    "commendation": 6,
    "service_stars": 7,
    "scorecards": 6,  # the year's kept sums: departments + DepartmentYear
    "person_card": 10,
    "department_card": 11,
    "realestate_card": 11,
    "ledger": 8,
}


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_every_page_has_a_fixed_number_of_queries(
    page,
    client,
    world,
    manager,
    front_desk,
    realestate,
    receptionist,
    colleague,
    inspector,
    leader,
    office_head,
):
    url, _allowed = pages(world, front_desk, realestate, receptionist)[page]
    client.force_login(manager)
    before = count_queries(client, url)
    grow(
        world,
        receptionist=receptionist,
        colleague=colleague,
        inspector=inspector,
        leader=leader,
        office_head=office_head,
    )
    client.force_login(manager)
    after = count_queries(client, url)
    assert before == after, (page, before, after)
    assert after <= BUDGET[page], (page, after)
