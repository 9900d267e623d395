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


def _many(first_responder, department_id, received_at, *, name: str, count: int, tag: str):
    """``count`` inquiries at once (one INSERT: the index triggers see a bulk write)."""
    return Ticket.objects.bulk_create(
        [
            Ticket(
                number=f"{tag}{i:08d}",
                channel="walk_in",
                category="business",
                received_at=received_at,
                visitor_name=name,
                matter="批量",
                first_responder=first_responder,
                first_responder_department_id=department_id,
            )
            for i in range(count)
        ]
    )


def test_pages_walk_newest_first_past_other_peoples_matches(client, receptionist, front_desk):
    """The receptionist's matches interleaved with a colleague's: every page is theirs,
    newest first, and nothing is skipped or repeated between pages."""
    colleague = make_staff("colleague", department=front_desk, post="窗口")
    first = register(receptionist, visitor_name="冯建国")
    mine = [first]
    for batch in range(3):
        _many(colleague, front_desk.pk, first.received_at, name="冯建国", count=20, tag=f"C{batch}")
        mine += _many(
            receptionist, front_desk.pk, first.received_at, name="冯建国", count=12, tag=f"M{batch}"
        )
    expected = [t.number for t in sorted(mine, key=lambda t: t.pk, reverse=True)]
    client.force_login(receptionist)
    one = client.get(reverse("tickets:search"), {"q": "建国"}).context["page"]
    two = client.get(reverse("tickets:search"), {"q": "建国", "page": 2}).context["page"]
    assert one.has_next() and not two.has_next()
    assert [t.number for t in [*one.object_list, *two.object_list]] == expected


def test_a_deputy_finds_the_absent_colleagues_inquiries_only_while_covering(
    client, receptionist, front_desk
):
    from datetime import timedelta

    from django.utils import timezone

    from firstask.org.models import Absence

    deputy = make_staff("deputy", department=front_desk, post="窗口")
    theirs = register(receptionist, visitor_name="褚建国")
    own = register(deputy, visitor_name="卫建国")
    client.force_login(deputy)
    assert found(client, "建国") == [own.number]
    now = timezone.now()
    Absence.objects.create(
        person=receptionist,
        deputy=deputy,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
        reason="年休假",
        created_by=receptionist,
    )
    assert found(client, "建国") == [own.number, theirs.number]


def test_an_inquiry_given_to_another_first_responder_moves_with_its_search(
    client, receptionist, front_desk
):
    """The (first responder, bigram) entries follow the ticket (the index is by person)."""
    colleague = make_staff("colleague", department=front_desk, post="窗口")
    ticket = register(receptionist, visitor_name="蒋建国", visitor_unit="市档案馆")
    Ticket.objects.filter(pk=ticket.pk).update(first_responder=colleague)
    client.force_login(receptionist)
    assert found(client, "建国") == []
    client.force_login(colleague)
    assert found(client, "建国") == [ticket.number]
    assert found(client, "档案") == [ticket.number]


def test_characters_that_mean_something_to_sql_are_searched_as_typed(client, receptionist):
    sale = register(receptionist, matter="商铺打折50%的投诉")
    path = register(receptionist, matter=r"文件在 C:\temp_a 里")
    quote = register(receptionist, visitor_unit='"晨光"书店')
    register(receptionist, matter="商铺打折50元")
    client.force_login(receptionist)
    assert found(client, "50%") == [sale.number]
    assert found(client, "p_a") == [path.number]
    assert found(client, r":\t") == [path.number]
    assert found(client, '"晨光"') == [quote.number]
    assert found(client, "%%") == []


def test_a_fragment_no_inquiry_has_finds_nothing_in_any_scope(client, receptionist, inspector):
    register(receptionist, visitor_name="沈建国", visitor_unit="国建公司")
    for user in (receptionist, inspector):
        client.force_login(user)
        assert found(client, "没有这个人") == []
        assert found(client, "建国建") == []  # each bigram is there, the phrase is not


@pytest.mark.parametrize("viewer", ["receptionist", "handler", "inspector"])
def test_a_search_costs_the_same_queries_for_none_one_or_many_matches(
    client, request, receptionist, front_desk, viewer
):
    user = request.getfixturevalue(viewer)
    client.force_login(user)

    def queries(q: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("tickets:search"), {"q": q})
        return len(ctx.captured_queries)

    none = queries("韩建国")
    first = register(receptionist, visitor_name="韩建国")
    one = queries("韩建国")
    _many(receptionist, front_desk.pk, first.received_at, name="韩建国", count=60, tag="Q")
    many = queries("韩建国")
    assert none == one == many


def test_the_migration_indexes_the_inquiries_there_are(client, receptionist):
    """Migration 0016 (PostgreSQL) fills its table from the tickets already saved; on
    SQLite, the re-index its migrations run does the same."""
    from importlib import import_module

    from firstask.tickets import search

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in search.POSTGRES_DROP:
                cursor.execute(sql)
        before = register(receptionist, visitor_name="杨建国", visitor_unit="市规划馆")
        migration = import_module("firstask.tickets.migrations.0016_search_walk")
        with connection.schema_editor() as editor:
            migration.forwards(None, editor)
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO tickets_search (tickets_search) VALUES ('delete-all')")
            for name in search.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        before = register(receptionist, visitor_name="杨建国", visitor_unit="市规划馆")
        with connection.cursor() as cursor:
            search.rebuild_sqlite_search(cursor)
    after = register(receptionist, visitor_name="朱建国")
    client.force_login(receptionist)
    assert found(client, "建国") == [after.number, before.number]
    assert found(client, "规划") == [before.number]
