"""The visitor's status page: the receipt's code, what the page shows and hides, the
lockout after wrong codes, and the look-up log."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from firstask.tickets import status
from firstask.tickets.models import StatusCode, StatusLookup, TicketEvent
from tests.tickets.conftest import act

pytestmark = pytest.mark.django_db


def front_desk_head(front_desk):
    from firstask.org.roles import Role
    from tests.factories import make_staff

    head = make_staff("deskhead", department=front_desk, roles=[Role.DEPARTMENT_HEAD])
    front_desk.head = head
    front_desk.save(update_fields=["head"])
    return head


def issue(client, ticket, user) -> str:
    client.force_login(user)
    response = client.post(reverse("tickets:receipt_code", args=[ticket.number]))
    assert response.status_code == 200
    html = response.content.decode()
    code = re.search(r'data-testid="receipt-code">([A-Z0-9]+)<', html).group(1)
    client.logout()
    return code


def look(client, number, code, address="203.0.113.7"):
    return client.post(reverse("status"), {"number": number, "code": code}, REMOTE_ADDR=address)


def test_the_receipt_prints_a_code_and_a_qr_code_of_the_status_address(
    client, ticket, receptionist
):
    client.force_login(receptionist)
    html = client.post(reverse("tickets:receipt_code", args=[ticket.number])).content.decode()
    assert re.search(r'data-testid="receipt-code">[2-9A-Z]{6}<', html)
    assert "<svg" in html and 'class="qr-code"' in html
    assert f"/status/?n={ticket.number}" in html
    assert " style=" not in html  # strict CSP: no inline style, the SVG included
    # Only the hash is stored.
    stored = StatusCode.objects.get(ticket=ticket)
    code = re.search(r'data-testid="receipt-code">([2-9A-Z]{6})<', html).group(1)
    assert code not in stored.code_hash
    assert TicketEvent.objects.filter(ticket=ticket, kind="status_code").count() == 1


def test_a_new_receipt_code_replaces_the_old_one(client, ticket, receptionist):
    old = issue(client, ticket, receptionist)
    new = issue(client, ticket, receptionist)
    assert look(client, ticket.number, old).status_code == 400
    assert look(client, ticket.number, new).status_code == 200


def test_the_receipt_code_is_issued_by_post_only(client, ticket, receptionist):
    client.force_login(receptionist)
    assert client.get(reverse("tickets:receipt_code", args=[ticket.number])).status_code == 405
    page = client.get(reverse("tickets:receipt", args=[ticket.number])).content.decode()
    assert 'data-testid="issue-code"' in page and "receipt-code" not in page


@pytest.mark.parametrize("who", ["outsider", "inspector"])
def test_who_may_not_issue_a_code(client, request, ticket, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("tickets:receipt_code", args=[ticket.number]))
    assert response.status_code in (403, 404)
    assert not StatusCode.objects.exists()


def test_the_page_opens_without_login_with_the_number_filled_in(client, ticket):
    response = client.get(reverse("status") + f"?n={ticket.number}")
    assert response.status_code == 200
    assert f'value="{ticket.number}"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_page_shows_only_what_is_listed(
    client, referred, receptionist, handler, department_head, realestate
):
    """Scan the page for every staff and visitor field: only the state in plain words,
    the department, the promised time, the last public step and the first responder's
    name and work phone may appear."""
    ticket = act(referred, "sign_for", handler)
    ticket = act(ticket, "post_progress", handler, note="内部备注：等待档案科调档")
    code = issue(client, ticket, receptionist)
    response = look(client, ticket.number, code)
    assert response.status_code == 200
    html = response.content.decode()
    result = html[
        html.index('data-testid="status-result"') : html.index('data-testid="status-form"')
    ]
    # Shown
    assert "不动产登记科" in result
    assert "王芳" in result and receptionist.profile.work_phone in result
    assert "已转交责任部门办理" in result or "Passed" in result
    assert "部门已受理" in result  # the last public step: signed for (the note is not public)
    # Never shown: the visitor's own data, notes, other staff, internal fields
    forbidden = [
        ticket.visitor_name,
        ticket.visitor_phone,
        "138",
        "5678",
        ticket.matter,
        "二手房过户",  # the referral summary
        "请告知材料清单",  # the suggestion
        "内部备注",
        "张伟",  # the handler
        handler.username,
        "刘洋",  # the head
        department_head.profile.work_phone
        if department_head.profile.work_phone != receptionist.profile.work_phone
        else "刘洋",
        receptionist.username,
        receptionist.email,
        receptionist.profile.post,
    ]
    for value in forbidden:
        assert value not in html, value


def test_a_merged_inquiry_shows_the_survivor(client, receptionist, front_desk):
    from firstask.tickets import casework
    from tests.tickets.conftest import register

    desk_head = front_desk_head(front_desk)

    survivor = register(receptionist)
    duplicate = register(receptionist)
    code = issue(client, duplicate, receptionist)
    casework.merge(
        duplicate_id=duplicate.pk,
        survivor_number=survivor.number,
        actor=desk_head,
        reason="重复登记",
    )
    html = look(client, duplicate.number, code).content.decode()
    assert survivor.number in html and 'data-testid="status-merged"' in html


def test_twenty_wrong_codes_from_one_address_lock_it_out(client, ticket, receptionist, realestate):
    from tests.tickets.conftest import register

    right = issue(client, ticket, receptionist)
    others = [register(receptionist) for _ in range(3)]
    # Spread over several numbers, so only the address limit can bite.
    for i in range(status.ADDRESS_LIMIT):
        target = others[i % 3]
        assert look(client, target.number, "WRONG1", address="198.51.100.9").status_code == 400
    locked = look(client, ticket.number, right, address="198.51.100.9")
    assert locked.status_code == 429
    assert 'data-testid="status-result"' not in locked.content.decode()
    assert 'data-testid="status-locked"' in locked.content.decode()
    # Another address still gets in with the right code.
    assert look(client, ticket.number, right, address="192.0.2.44").status_code == 200


def test_nineteen_wrong_codes_do_not_lock(client, ticket, receptionist):
    from tests.tickets.conftest import register

    right = issue(client, ticket, receptionist)
    others = [register(receptionist) for _ in range(2)]
    for i in range(status.ADDRESS_LIMIT - 1):
        look(client, others[i % 2].number, "WRONG1", address="198.51.100.10")
    assert look(client, ticket.number, right, address="198.51.100.10").status_code == 200


def test_wrong_codes_against_one_number_lock_that_number(client, ticket, receptionist):
    right = issue(client, ticket, receptionist)
    for i in range(status.NUMBER_LIMIT):
        look(client, ticket.number, "WRONG1", address=f"198.51.100.{i + 20}")
    assert look(client, ticket.number, right, address="192.0.2.1").status_code == 429


def test_the_lock_lifts_after_the_window(client, ticket, receptionist, time_machine):
    from django.utils import timezone

    right = issue(client, ticket, receptionist)
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(status.NUMBER_LIMIT):
        look(client, ticket.number, "WRONG1")
    assert look(client, ticket.number, right, address="192.0.2.2").status_code == 429
    time_machine.shift(status.WINDOW)
    assert look(client, ticket.number, right, address="192.0.2.2").status_code == 200


def test_every_lookup_is_logged(client, ticket, receptionist):
    right = issue(client, ticket, receptionist)
    look(client, ticket.number, "WRONG1")
    look(client, ticket.number, right.lower())  # codes are typed in any case
    look(client, "20990101-0001", right)
    rows = list(StatusLookup.objects.order_by("pk").values_list("number", "ok", "address"))
    assert rows == [
        (ticket.number, False, "203.0.113.7"),
        (ticket.number, True, "203.0.113.7"),
        ("20990101-0001", False, "203.0.113.7"),
    ]


def test_a_page_lookup_costs_a_fixed_number_of_queries(
    client, referred, receptionist, django_assert_max_num_queries
):
    code = issue(client, referred, receptionist)
    with django_assert_max_num_queries(8):
        assert look(client, referred.number, code).status_code == 200
