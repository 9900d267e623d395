"""The daily audit page shows exactly the known breaches of a day, with correct totals."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from firstask.inspection.rules import RULES
from firstask.inspection.selectors import audit_day
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def page(client, user, day=DAY, **params):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("inspection:day", args=[day.isoformat()]), params)


def flags_on(response) -> set[tuple[str, str]]:
    numbers = {r.ticket["id"]: r.ticket["number"] for r in response.context["audit"].rows}
    return {(f.rule, numbers[f.ticket_id]) for f in response.context["audit"].flags}


def rendered_flags(html: str) -> set[tuple[str, str]]:
    """(rule, number) pairs as the ticket list renders them."""
    found = set()
    for row in re.findall(r'<tr data-number="([^"]+)">(.*?)</tr>', html, flags=re.S):
        number, cells = row
        found |= {(rule, number) for rule in re.findall(r'data-flag="([^"]+)"', cells)}
    return found


def test_every_known_breach_is_flagged_and_nothing_else(client, inspector, known_day):
    response = page(client, inspector)
    assert response.status_code == 200
    assert flags_on(response) == known_day.expected
    html = response.content.decode()
    assert rendered_flags(html) == known_day.expected
    every_rule = {rule for rule, _number in known_day.expected}
    assert every_rule == set(RULES), "the known day must exercise every rule"
    for code in RULES:
        expected = sum(1 for rule, _n in known_day.expected if rule == code)
        assert f'data-testid="rule-count-{code}">{expected}<' in html
        assert escape(str(RULES[code].description)) in html


def test_totals_of_the_day(client, inspector, known_day):
    audit = page(client, inspector).context["audit"]
    assert audit.registered_total == 13
    assert audit.by_channel == {"walk_in": 12, "phone": 1}
    assert audit.by_category == {"business": 11, "consultation": 2}
    assert audit.by_state == {"received": 5, "referred": 2, "answered": 3, "closed": 3}
    a = audit.activity
    assert (a["on_the_spot"], a["answered"], a["referred"], a["returned"]) == (3, 6, 4, 1)
    assert (a["signed_for"], a["progress"], a["result"]) == (3, 2, 1)
    assert (a["followed_up"], a["closed"]) == (4, 3)
    assert audit.overdue == 4
    assert len(audit.rows) == 17  # 13 received + 4 from earlier days touched or overdue


def test_staff_and_department_tables(client, inspector, handler, receptionist, known_day):
    audit = page(client, inspector).context["audit"]
    staff = {r["id"]: r for r in audit.staff_rows}
    assert staff[receptionist.pk]["registrations"] == 12
    assert staff[receptionist.pk]["referred"] == 4
    assert staff[handler.pk]["returned"] == 1 and staff[handler.pk]["signed_for"] == 3
    # the handler: a return, a phrase, handling overdue and silence on what they signed
    assert staff[handler.pk]["flags"] == 4
    # the first responder answers for the other seven, the repeat visit's notice included
    assert staff[receptionist.pk]["flags"] == 7
    departments = {r["name"]: r for r in audit.department_rows}
    assert departments["不动产登记科"]["referred_in"] == 4
    assert departments["不动产登记科"]["flags"] == 5
    assert departments["综合受理窗口"]["flags"] == 7


def test_flags_link_to_the_ticket_and_its_event(client, inspector, known_day):
    html = page(client, inspector).content.decode()
    rude = known_day.tickets["rude_answer"]
    event = rude.events.get(kind="answered")
    assert f'href="/tickets/{rude.number}/#event-{event.pk}"' in html
    late = known_day.tickets["late_sign"]  # a missed deadline has no event: the ticket
    assert f'data-flag="sign_for_late" href="/tickets/{late.number}/"' in html


@pytest.mark.parametrize(
    ("flag", "count"), [("any", 12), ("none", 5), ("forbidden_phrase", 2), ("no_progress", 1)]
)
def test_list_filters_by_flag(client, inspector, known_day, flag, count):
    response = page(client, inspector, flag=flag)
    assert response.context["page"].paginator.count == count


def test_list_filters_by_state_and_department(client, inspector, realestate, known_day):
    assert page(client, inspector, state="answered").context["page"].paginator.count == 3
    response = page(client, inspector, department=realestate.pk)
    assert response.context["page"].paginator.count == 8


def test_department_head_sees_only_their_scope(client, department_head, known_day):
    response = page(client, department_head)
    audit = response.context["audit"]
    t = known_day.tickets
    in_scope = {"copied", "returned", "backdated", "rude_note"}
    in_scope |= {"late_handling", "late_sign", "silent", "signed_in_time"}
    assert {r.ticket["number"] for r in audit.rows} == {t[k].number for k in in_scope}
    assert audit.registered_total == 4
    assert flags_on(response) == {
        (rule, n) for rule, n in known_day.expected if n in {t[k].number for k in in_scope}
    }
    assert "Scope: 不动产登记科" in response.content.decode()


def test_the_day_is_the_organisations_calendar_day(receptionist):
    """23:59 in Shanghai is still that day although UTC has long moved on; 00:01 is not."""
    with on(0, "23:59"):
        late = register(receptionist)
    with on(1, "00:01"):
        after_midnight = register(receptionist)
    numbers = {r.ticket["number"] for r in audit_day(DAY).rows}
    assert late.number in numbers and after_midnight.number not in numbers
    assert audit_day(DAY).registered_total == 1


def test_a_quiet_day_has_no_flags(client, inspector, known_day):
    response = page(client, inspector, day=DAY.replace(day=10))
    assert response.context["audit"].flags == []
    assert "No inquiry matches." in response.content.decode()


def test_navigation_by_day_and_date_picker(client, inspector):
    client.force_login(inspector)
    html = client.get(reverse("inspection:day", args=["2026-11-18"])).content.decode()
    assert 'href="/inspection/day/2026-11-17/"' in html
    assert 'href="/inspection/day/2026-11-19/"' in html
    response = client.get(reverse("inspection:today"), {"day": "2026-11-05"})
    assert response.status_code == 302 and response["Location"] == "/inspection/day/2026-11-05/"
    assert client.get("/inspection/day/2026-02-30/").status_code == 404
