"""The casework pages and forms: allowed and refused roles per view, errors next to the
field, and fixed query counts whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firstask.tickets import casework
from firstask.tickets.models import Chase, CoDepartment, SupervisionOrder, Ticket
from tests.tickets.conftest import act, away, register, supervise

pytestmark = pytest.mark.django_db


def when(hours: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


ACTION = {
    "supervise": "supervise",
    "chase": "chase",
    "co_department": "add_co_department",
    "merge": "merge_into",
    "unmerge": "unmerge",
}


def post(client, ticket, name, data):
    """Post a casework action through the one action URL, with the version seen."""
    action = ACTION[name]
    version = Ticket.objects.get(pk=ticket.pk).version
    fields = {f"{action}-{key.split('-', 1)[1]}": value for key, value in data.items()}
    fields[f"{action}-version"] = version
    url = reverse("tickets:action", args=[ticket.number, action])
    return client.post(url, fields)


def ticket_page(client, user, ticket) -> str:
    """The ticket's page as `user` sees it (they stay signed in)."""
    client.force_login(user)
    return client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()


def statuses(client, url: str, field: str, *texts: str) -> list[int]:
    """The status of posting each of `texts` as `field`, in turn."""
    return [client.post(url, {field: text}).status_code for text in texts]


def order_on(ticket, leader, addressee, hours=4):
    return supervise(ticket, leader, addressee, hours, instruction="请尽快办理")


def post_order(client, ticket, addressee, hours: int):
    """The leader's 督办 form: reply from `addressee` due in `hours` (may be negative)."""
    data = {
        "supervise-addressee": addressee.pk,
        "supervise-instruction": "请今日答复",
        "supervise-reply_due_at": when(hours),
    }
    return post(client, ticket, "supervise", data)


# --- 督办 -------------------------------------------------------------------------------


def test_a_leader_issues_an_order_from_the_ticket_page(client, signed, leader, handler):
    page = ticket_page(client, leader, signed)
    assert 'data-testid="form-supervise"' in page
    response = post_order(client, signed, handler, 4)
    assert response.status_code == 302
    order = SupervisionOrder.objects.get()
    assert order.addressee == handler and order.issued_by == leader


def test_a_past_deadline_is_refused_next_to_the_field(client, signed, leader, handler):
    client.force_login(leader)
    response = post_order(client, signed, handler, -2)
    assert response.status_code == 400
    assert "回复期限必须晚于当前时间" in response.content.decode()
    assert not SupervisionOrder.objects.exists()


@pytest.mark.parametrize("who", ["receptionist", "handler", "inspector"])
def test_others_get_no_supervision_form_and_a_403(client, request, signed, who):
    page = ticket_page(client, request.getfixturevalue(who), signed)
    assert 'data-testid="form-supervise"' not in page
    response = post(
        client,
        signed,
        "supervise",
        {
            "supervise-addressee": "1",
            "supervise-instruction": "x",
            "supervise-reply_due_at": when(4),
        },
    )
    assert response.status_code in (400, 403)
    assert not SupervisionOrder.objects.exists()


def test_the_addressee_replies_from_the_ticket_page(client, signed, leader, handler):
    order = order_on(signed, leader, handler)
    page = ticket_page(client, handler, signed)
    assert 'data-testid="form-supervision-reply"' in page
    url = reverse("tickets:supervision_reply", args=[signed.number, order.pk])
    assert statuses(client, url, f"reply-{order.pk}-reply", "", "已办") == [400, 302]
    assert SupervisionOrder.objects.get().reply == "已办"
    # A second reply (a lost race) is the friendly "already handled", not an error.
    response = client.post(url, {f"reply-{order.pk}-reply": "再次"})
    assert response.status_code == 302


def test_someone_else_may_not_reply(client, signed, leader, handler, department_head):
    order = order_on(signed, leader, handler)
    client.force_login(department_head)
    url = reverse("tickets:supervision_reply", args=[signed.number, order.pk])
    assert client.post(url, {f"reply-{order.pk}-reply": "代答"}).status_code == 403


def test_the_supervision_worklist(client, signed, leader, handler, outsider, receptionist):
    order_on(signed, leader, handler)
    client.force_login(handler)
    page = client.get(reverse("tickets:supervision")).content.decode()
    assert signed.number in page
    client.force_login(leader)
    assert signed.number in client.get(reverse("tickets:supervision")).content.decode()
    client.force_login(outsider)
    assert signed.number not in client.get(reverse("tickets:supervision")).content.decode()


def test_the_supervision_worklist_has_fixed_queries(
    client, receptionist, realestate, handler, leader
):
    def make():
        t = register(receptionist)
        act(t, "refer", receptionist, department=realestate, handler=None, summary="x")
        order_on(t, leader, t.first_responder)

    make()
    client.force_login(leader)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("tickets:supervision"))
    for _ in range(5):
        make()
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("tickets:supervision"))
    assert response.content.decode().count('data-testid="supervision-row"') == 6
    assert len(one) == len(six) <= 8


# --- 催办 / 协办 --------------------------------------------------------------------------


def test_the_first_responder_chases_from_the_ticket_page(client, referred, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert 'data-testid="form-chase"' in page
    assert post(client, referred, "chase", {"chase-note": "来访人催问"}).status_code == 302
    assert Chase.objects.get().note == "来访人催问"


@pytest.mark.parametrize("who", ["handler", "outsider", "inspector"])
def test_others_may_not_chase(client, request, referred, who):
    client.force_login(request.getfixturevalue(who))
    assert post(client, referred, "chase", {"chase-note": "x"}).status_code in (403, 404)


def test_a_co_department_is_joined_and_reports_from_the_page(
    client, signed, receptionist, social, outsider
):
    client.force_login(receptionist)
    response = post(
        client, signed, "co_department", {"co-department": social.pk, "co-request": "核实"}
    )
    assert response.status_code == 302
    co = CoDepartment.objects.get()
    page = ticket_page(client, outsider, signed)
    assert 'data-testid="form-part"' in page
    url = reverse("tickets:part_report", args=[signed.number, co.pk])
    assert statuses(client, url, f"part-{co.pk}-part", "", "已核实") == [400, 302]
    assert CoDepartment.objects.get().part == "已核实"


def test_a_department_not_joined_cannot_report(client, signed, receptionist, social, handler):
    co = casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=social)
    client.force_login(handler)  # the lead department, not the co-department
    url = reverse("tickets:part_report", args=[signed.number, co.pk])
    assert client.post(url, {f"part-{co.pk}-part": "代填"}).status_code == 403


# --- merge --------------------------------------------------------------------------------


def test_a_head_merges_and_a_manager_undoes(client, receptionist, desk_head, manager):
    survivor, duplicate = register(receptionist), register(receptionist)
    client.force_login(desk_head)
    bad = post(
        client, duplicate, "merge", {"merge-survivor": "20990101-9999", "merge-reason": "重复"}
    )
    assert bad.status_code == 400 and "请填写另一件事项的编号" in bad.content.decode()
    ok = post(
        client, duplicate, "merge", {"merge-survivor": survivor.number, "merge-reason": "重复"}
    )
    assert ok.status_code == 302
    assert Ticket.objects.get(pk=duplicate.pk).state == "merged"
    page = client.get(reverse("tickets:detail", args=[survivor.number])).content.decode()
    assert duplicate.number in page  # the survivor lists its duplicates
    assert post(client, duplicate, "unmerge", {"unmerge-reason": "并错"}).status_code == 403
    client.force_login(manager)
    assert post(client, duplicate, "unmerge", {"unmerge-reason": "并错"}).status_code == 302
    assert Ticket.objects.get(pk=duplicate.pk).state == "received"


def test_merging_into_an_inquiry_one_cannot_see_is_refused_at_the_field(
    client, receptionist, desk_head, realestate, handler
):
    """The form finds the number; only the service, with the rows locked, knows the head
    may not see it: the page says so next to the field (it was a 500)."""
    elsewhere = register(handler)  # registered by another department, never referred here
    duplicate = register(receptionist)
    client.force_login(desk_head)
    response = post(
        client, duplicate, "merge", {"merge-survivor": elsewhere.number, "merge-reason": "重复"}
    )
    assert response.status_code == 400
    assert "请填写另一件事项的编号" in response.content.decode()
    assert Ticket.objects.get(pk=duplicate.pk).state == "received"


def test_absences_page_has_fixed_queries(client, leader, receptionist, front_desk):
    from tests.factories import make_staff

    def absence(i):
        person = make_staff(f"p{i}", department=front_desk)
        away(person, receptionist, end_hours=5, reason="培训")

    absence(0)
    client.force_login(leader)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("tickets:absences"))
    for i in range(1, 6):
        absence(i)
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("tickets:absences"))
    assert response.content.decode().count('data-testid="absence-row"') == 6
    assert len(one) == len(six) <= 8


def test_the_ticket_page_does_not_grow_with_its_casework(
    client, signed, receptionist, leader, handler, social, settings, tmp_path
):
    from firstask.tickets.attachments import attach

    settings.ATTACHMENTS_DIR = tmp_path
    pdf = b"%PDF-1.4\n%%EOF\n"

    def add():
        order_on(signed, leader, handler)
        casework.chase(ticket_id=signed.pk, actor=receptionist)
        attach(owner=Ticket.objects.get(pk=signed.pk), actor=receptionist, name="a.pdf", data=pdf)

    add()
    casework.add_co_department(ticket_id=signed.pk, actor=receptionist, department=social)
    client.force_login(leader)
    url = reverse("tickets:detail", args=[signed.number])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        add()
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count('data-testid="supervision-order"') == 5
    assert page.count('data-testid="attachment"') == 5
    assert len(one) == len(five)


def test_orders_show_in_the_daily_audit(client, signed, leader, handler, inspector, outsider):
    order_on(signed, leader, handler)
    day = timezone.localdate()
    client.force_login(inspector)
    page = client.get(reverse("inspection:day", args=[day])).content.decode()
    assert 'data-testid="audit-supervision"' in page and signed.number in page


def test_the_days_orders_drive_the_audits_supervision_panel_not_every_inquiry(
    client, signed, leader, handler, inspector
):
    """The panel's scope is checked per order (its inquiry by key): as ``ticket_id IN
    (every inquiry the reader sees)`` SQLite walked all of them — all for an inspector,
    150 ms of the audit page at a million inquiries."""
    order_on(signed, leader, handler)
    client.force_login(inspector)
    url = reverse("inspection:day", args=[timezone.localdate()])
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    (sql,) = [q["sql"] for q in ctx.captured_queries if "tickets_supervisionorder" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: forbid the scan
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on tickets_ticket" not in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert "SCAN U0" not in plan and "FOR IN-OPERATOR" not in plan, plan
