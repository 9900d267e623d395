"""The shapes other code builds on: the action vocabulary, the one visibility rule, the
timeline's lines (issue 9)."""

from __future__ import annotations

import pytest
from django.utils import translation

from firstask.tickets import permissions as perms
from firstask.tickets import timeline
from firstask.tickets.actions import ACTIONS
from firstask.tickets.forms import ActionForm
from firstask.tickets.models import Ticket
from firstask.tickets.selectors import ticket_for_page, visible_tickets
from tests.tickets.conftest import act, register


def test_every_action_is_one_entry_naming_its_transition_form_and_handler():
    for action in ACTIONS:
        transition = getattr(Ticket, action.name)
        assert hasattr(transition, "_django_fsm"), f"{action.name} is not a model transition"
        assert issubclass(action.form, ActionForm)
        assert callable(action.handler)
        assert str(action.label) and str(action.done)


@pytest.mark.django_db
def test_the_page_builds_each_form_from_the_vocabulary(ticket):
    form = ACTIONS["refer"].form_for(ticket)
    assert form.action is ACTIONS["refer"] and form.prefix == "refer"
    assert form.initial == {"version": ticket.version, "summary": ticket.matter[:500]}


@pytest.mark.django_db
def test_one_visibility_rule_for_lists_and_for_one_ticket(
    receptionist, handler, department_head, inspector, outsider, realestate, social
):
    own = register(receptionist)
    referred_away = register(receptionist)
    act(referred_away, "refer", receptionist, department=realestate, handler=None, summary="s")
    act(referred_away, "sign_for", handler)
    act(referred_away, "return_referral", handler, reason="not_ours", note="不是本科室")
    act(referred_away, "refer", receptionist, department=social, handler=None, summary="s")
    by_head = register(department_head)
    tickets = [own, referred_away, by_head]
    for user in (receptionist, handler, department_head, inspector, outsider):
        listed = set(visible_tickets(user).values_list("pk", flat=True))
        one_by_one = {t.pk for t in tickets if perms.can_view(ticket_for_page(t.number), user)}
        assert listed == one_by_one, user.username
    # What each persona sees, so the rule is not vacuous.
    assert set(visible_tickets(handler)) == {referred_away}  # referred there before
    assert set(visible_tickets(department_head)) == {referred_away, by_head}
    assert set(visible_tickets(outsider)) == {referred_away}  # referred there now
    assert set(visible_tickets(inspector)) == set(tickets)


@pytest.mark.django_db
def test_a_new_deadline_on_the_timeline_is_local_time_not_sliced_text():
    with translation.override("en"):
        [line] = timeline.lines("extension_approved", {"until": "2026-12-04T01:30:00+00:00"})
    assert line.text == "New deadline: 2026-12-04 09:30"  # Asia/Shanghai
