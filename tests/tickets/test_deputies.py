"""代岗 (AB 角): while an absence runs — and only then — the deputy sees the absent
person's cases on worklists and pages, acts in their place (the event says "on behalf
of"), and receives their warnings; the first responder of record stays accountable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from firstask.notify.models import Notification
from firstask.org.models import Absence
from firstask.tickets.choices import AnswerKind, State
from firstask.tickets.models import Ticket, TicketEvent
from tests.factories import make_staff
from tests.tickets.conftest import act, away, register, supervise

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(front_desk):
    return make_staff("deputy", department=front_desk, last_name="郑", first_name="丽")


def fresh(user):
    """A new user object: the per-request caches (roles, covered) start empty."""
    return type(user).objects.get(pk=user.pk)


def test_during_the_absence_the_deputy_sees_and_acts(client, ticket, receptionist, deputy):
    away(receptionist, deputy)
    client.force_login(deputy)
    mine = client.get(reverse("tickets:mine")).content.decode()
    assert ticket.number in mine
    assert client.get(reverse("tickets:detail", args=[ticket.number])).status_code == 200
    act(ticket, "answer", fresh(deputy), kind=AnswerKind.ON_THE_SPOT, text="代为答复")
    event = TicketEvent.objects.filter(ticket=ticket, kind="answered").get()
    assert event.actor == deputy
    assert event.data["on_behalf_of"] == receptionist.pk
    assert event.data["on_behalf_of_name"] == "王芳"
    # Accountability stays with the first responder of record.
    assert Ticket.objects.get(pk=ticket.pk).first_responder == receptionist
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "代王芳办理" in page


@pytest.mark.parametrize(
    "window", [(-48, -24), (24, 48)], ids=["after-the-absence", "before-the-absence"]
)
def test_outside_the_absence_the_deputy_neither_sees_nor_acts(
    client, ticket, receptionist, deputy, window
):
    away(receptionist, deputy, start_hours=window[0], end_hours=window[1])
    client.force_login(deputy)
    assert ticket.number not in client.get(reverse("tickets:mine")).content.decode()
    assert client.get(reverse("tickets:detail", args=[ticket.number])).status_code == 404
    with pytest.raises(PermissionDenied):
        act(ticket, "answer", fresh(deputy), kind=AnswerKind.ON_THE_SPOT, text="代为答复")


def test_a_cancelled_absence_gives_nothing(client, ticket, receptionist, deputy):
    absence = away(receptionist, deputy)
    absence.cancelled_at = timezone.now()
    absence.save()
    client.force_login(deputy)
    assert client.get(reverse("tickets:detail", args=[ticket.number])).status_code == 404


def test_the_absence_ends_on_time(client, ticket, receptionist, deputy, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    away(receptionist, deputy, end_hours=2)
    client.force_login(deputy)
    assert client.get(reverse("tickets:detail", args=[ticket.number])).status_code == 200
    time_machine.shift(timedelta(hours=3))
    client.force_login(deputy)  # the idle session has expired meanwhile
    assert client.get(reverse("tickets:detail", args=[ticket.number])).status_code == 404


def test_the_deputy_receives_the_absent_persons_warnings(
    ticket, receptionist, deputy, time_machine
):
    from firstask.notify.sweep import sweep_warnings

    away(receptionist, deputy, end_hours=24 * 30)
    sweep_warnings(Ticket.objects.get(pk=ticket.pk).due_at + timedelta(minutes=1))
    to_receptionist = Notification.objects.filter(recipient=receptionist)
    to_deputy = Notification.objects.filter(recipient=deputy)
    assert to_receptionist.exists()
    assert sorted(to_deputy.values_list("kind", "level")) == sorted(
        to_receptionist.values_list("kind", "level")
    )


def test_without_an_absence_the_deputy_gets_no_warnings(ticket, receptionist, deputy):
    from firstask.notify.sweep import sweep_warnings

    sweep_warnings(Ticket.objects.get(pk=ticket.pk).due_at + timedelta(minutes=1))
    assert not Notification.objects.filter(recipient=deputy).exists()


def test_a_deputy_replies_to_an_order_addressed_to_the_absent_handler(
    signed, leader, handler, realestate
):
    from firstask.tickets import casework

    colleague = make_staff("colleague", department=realestate, roles=["handler"])
    order = supervise(signed, leader, handler)
    with pytest.raises(PermissionDenied):
        casework.reply_supervision(order_id=order.pk, actor=fresh(colleague), reply="代答")
    away(handler, colleague)
    casework.reply_supervision(order_id=order.pk, actor=fresh(colleague), reply="代答")
    event = TicketEvent.objects.get(ticket=signed, kind="supervision_replied")
    assert event.data["on_behalf_of"] == handler.pk


def test_heads_see_who_is_away(client, receptionist, deputy, front_desk, outsider, social):
    from firstask.org.roles import Role

    head = make_staff("deskhead", department=front_desk, roles=[Role.DEPARTMENT_HEAD])
    away(receptionist, deputy)
    away(outsider, make_staff("socialdeputy", department=social))
    client.force_login(head)
    page = client.get(reverse("tickets:absences")).content.decode()
    assert "王芳" in page and "郑丽" in page and "年休假" in page
    assert "吴磊" not in page  # another department's absence


def test_staff_see_only_absences_that_name_them(client, receptionist, deputy, outsider, social):
    away(outsider, make_staff("socialdeputy", department=social))
    away(receptionist, deputy)
    client.force_login(deputy)
    page = client.get(reverse("tickets:absences")).content.decode()
    assert "王芳" in page and "吴磊" not in page


def test_leaders_see_every_absence(client, leader, receptionist, deputy, outsider, social):
    away(outsider, make_staff("socialdeputy", department=social))
    away(receptionist, deputy)
    client.force_login(leader)
    page = client.get(reverse("tickets:absences")).content.decode()
    assert "王芳" in page and "吴磊" in page


def test_an_absence_needs_a_sensible_range_and_another_person(receptionist, deputy):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError):
        Absence(
            person=receptionist,
            deputy=deputy,
            starts_at=now,
            ends_at=now,
            reason="x",
            created_by=receptionist,
        ).full_clean()
    with pytest.raises(ValidationError):
        Absence(
            person=receptionist,
            deputy=receptionist,
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            reason="x",
            created_by=receptionist,
        ).full_clean()


def test_state_is_still_the_first_responders_after_the_deputy_acts(ticket, receptionist, deputy):
    away(receptionist, deputy)
    act(ticket, "answer", fresh(deputy), kind=AnswerKind.ON_THE_SPOT, text="代为答复")
    assert Ticket.objects.get(pk=ticket.pk).state == State.ANSWERED
    assert register(receptionist).first_responder == receptionist
