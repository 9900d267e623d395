"""Search by fragment: anywhere in a name, unit, phone or matter, never beyond one's scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firstask.tickets import permissions as perms
from firstask.tickets.models import Ticket
from firstask.tickets.search import restore_sqlite_triggers
from tests.factories import make_staff
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def found(client, q: str) -> list[str]:
    page = client.get(reverse("tickets:search"), {"q": q}).context["page"]
    return [t.number for t in page.object_list]


def test_two_characters_in_the_middle_of_a_name_or_unit_are_found(client, receptionist):
    wang = register(receptionist, visitor_name="王建国", visitor_unit="杭州市规划设计院")
    li = register(receptionist, visitor_name="李建华", visitor_unit="滨江区市场监管局")
    client.force_login(receptionist)
    assert found(client, "建国") == [wang.number]  # middle and end of a three-character name
    assert found(client, "规划") == [wang.number]  # middle of a unit
    assert found(client, "监管") == [li.number]
    assert found(client, "建") == []  # one character: the start of a name only
    assert found(client, "王") == [wang.number]
    assert found(client, "国杭") == []  # never across two fields (name, then unit)


def test_fragments_of_a_phone_and_of_the_matter_are_found_newest_first(client, receptionist):
    old = register(receptionist, visitor_phone="13912345678", matter="咨询公积金提取材料")
    new = register(receptionist, visitor_phone="13700005678", matter="公积金贷款提取进度")
    client.force_login(receptionist)
    assert found(client, "5678") == [new.number, old.number]
    assert found(client, "1234") == [old.number]
    assert found(client, "公积金") == [new.number, old.number]
    assert found(client, "提取材料") == [old.number]
    assert found(client, "提取 材料") == []  # the words must stand together, as typed
    assert found(client, "Abc") == []


def test_the_index_follows_a_corrected_name(client, receptionist):
    ticket = register(receptionist, visitor_name="赵一鸣")
    Ticket.objects.filter(pk=ticket.pk).update(visitor_name="钱一诺")  # the admin, a loader
    client.force_login(receptionist)
    assert found(client, "一鸣") == []
    assert found(client, "一诺") == [ticket.number]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables")
def test_triggers_dropped_by_a_table_rebuild_come_back_after_migrate(client, receptionist):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER tickets_search_insert")
    missed = register(receptionist, visitor_name="孙悟空")
    restore_sqlite_triggers()
    later = register(receptionist, visitor_name="孙悟净")
    client.force_login(receptionist)
    assert found(client, "孙悟") == [later.number, missed.number]


@pytest.fixture
def scoped(receptionist, front_desk, realestate, handler, department_head, outsider):
    """One inquiry in each corner of the organisation, all about the same visitor."""
    colleague = make_staff("colleague", department=front_desk, post="窗口")
    same = {"visitor_name": "欧阳建国", "visitor_unit": "城建档案馆", "matter": "查询城建档案"}
    own = register(receptionist, **same)
    desk = register(colleague, **same)
    sent = register(colleague, **same)
    act(sent, "refer", colleague, department=realestate, handler=None, summary="档案查询")
    registered_there = register(handler, **same)
    elsewhere = register(outsider, **same)
    return {
        "own": own,
        "desk": desk,
        "sent": sent,
        "registered_there": registered_there,
        "elsewhere": elsewhere,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("receptionist", {"own"}),
        ("handler", {"sent", "registered_there"}),
        ("department_head", {"sent", "registered_there"}),
        ("outsider", {"elsewhere"}),
        ("inspector", {"own", "desk", "sent", "registered_there", "elsewhere"}),
        ("manager", {"own", "desk", "sent", "registered_there", "elsewhere"}),
        ("leader", {"own", "desk", "sent", "registered_there", "elsewhere"}),
    ],
)
def test_search_never_shows_an_inquiry_outside_the_persons_scope(
    request, client, scoped, role, expected
):
    user = request.getfixturevalue(role)
    numbers = {key: t.number for key, t in scoped.items()}
    client.force_login(user)
    for q in ("建国", "城建", "档案", "欧阳建国"):
        assert set(found(client, q)) == {numbers[k] for k in expected}, (role, q)
    # …and the one rule agrees, ticket by ticket.
    for key, ticket in scoped.items():
        fresh = Ticket.objects.prefetch_related("referrals").get(pk=ticket.pk)
        assert perms.can_view(fresh, user) == (key in expected), (role, key)


def test_a_large_result_is_never_counted_in_full(client, receptionist):
    """A search counts nothing (a page reads one row more); a worklist counts to a cap."""
    from firstask.core.pagination import CAP

    first = register(receptionist, visitor_name="周建国")
    Ticket.objects.bulk_create(
        [
            Ticket(
                number=f"B{i:09d}",
                channel="walk_in",
                category="business",
                received_at=first.received_at,
                visitor_name="吴建国",
                matter="批量",
                first_responder=receptionist,
                first_responder_department_id=first.first_responder_department_id,
            )
            for i in range(CAP + 5)
        ]
    )
    client.force_login(receptionist)
    with CaptureQueriesContext(connection) as ctx:
        search = client.get(reverse("tickets:search"), {"q": "建国"})
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "tickets_ticket" in sql], counts
    assert search.context["page"].has_next() and len(search.context["page"].object_list) == 25
    last = client.get(reverse("tickets:search"), {"q": "建国", "page": 10_000})
    assert last.context["page"].number == 8 and not last.context["page"].has_next()  # 200 rows
    mine = client.get(reverse("tickets:mine"))
    assert mine.context["page"].paginator.capped
    assert f"超过 {CAP} 条" in mine.content.decode()  # zh-Hans is the default language
