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
    assert form.initial["version"] == ticket.version and form.ticket == ticket


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


def test_only_the_handlers_call_the_tickets_transitions():
    """One state path: a model transition is called by an action's handler, which only
    ``services.ticket_transition`` runs (with the rows locked, permission checked and the
    event written) — nowhere else in firstask. A guard for casework that once merged
    outside the service; it reads calls on a receiver named like an inquiry."""
    import ast
    import inspect
    from pathlib import Path

    import firstask

    transitions = {name for name, member in vars(Ticket).items() if hasattr(member, "_django_fsm")}
    handlers = {(inspect.getsourcefile(a.handler), a.handler.__name__) for a in ACTIONS}
    receivers = {"ticket", "duplicate", "survivor", "merged", "inquiry"}
    found = []
    for path in Path(firstask.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (str(path), function.name) in handlers:
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in transitions
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in receivers
                ):
                    found.append(
                        f"{path.name}:{node.lineno} {function.name}() calls {node.func.attr}"
                    )
    assert not found, found
