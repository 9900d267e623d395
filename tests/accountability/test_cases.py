"""Cases end to end below the browser: opened from evidence, decided, notified,
appealed within the working-day window, revised never overwritten."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from firstask.accountability import services
from firstask.accountability.choices import CaseState
from firstask.accountability.models import Decision, Event, Evidence, Sanction
from firstask.accountability.selectors import Period, violations_count
from firstask.core.models import AppendOnlyError
from firstask.notify.models import Notification
from tests.accountability.conftest import current, decide, on, open_case, sanction
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def test_the_audit_flag_offers_a_case_to_those_who_may_open_one(
    client, receptionist, inspector, department_head
):
    ticket = register(receptionist, visitor_phone="13812345678")
    act(ticket, "answer", receptionist, kind="not_permitted", text="这个不归我管")
    client.force_login(inspector)
    page = client.get(reverse("inspection:today")).content.decode()
    link = f"/accountability/cases/new/?rule=forbidden_phrase&amp;ticket={ticket.number}"
    assert link in page
    response = client.get(link.replace("&amp;", "&") + "&day=2026-12-01")
    form = response.context["form"]
    assert form.initial["person"] == receptionist.pk
    assert form.initial["rule_item"] == services.RuleItem.objects.get(code="forbidden_phrase").pk
    assert "使用服务禁语" in response.content.decode()
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["summary"] = "答复中使用服务禁语"
    response = client.post(reverse("accountability:case_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.audit_rule, evidence.ticket_id) == (
        "audit_flag",
        "forbidden_phrase",
        ticket.pk,
    )


def test_staff_see_no_case_button_on_the_mystery_shopper_list(client, receptionist, inspector):
    from firstask.inspection.models import MysteryShop

    MysteryShop.objects.create(
        visited_on="2026-11-20",
        desk="A1",
        staff=receptionist,
        scenario="咨询",
        attitude=3,
        knowledge=5,
        speed=5,
        recorded_by=inspector,
    )
    client.force_login(inspector)
    page = client.get(reverse("inspection:mystery")).content.decode()
    assert 'data-testid="open-case"' in page and 'data-testid="commend"' in page


def test_a_decision_notifies_every_party_by_inbox_and_email_outbox(
    inspector, handler, department_head, leader, manager
):
    case = open_case(inspector, handler, "deflection_with_harm")
    decide(case, manager, "criticism_education", chain_sanction=sanction("talk_warning"))
    notes = Notification.objects.filter(kind="message").order_by("recipient_id")
    assert {n.recipient_id for n in notes} == {handler.pk, department_head.pk, leader.pk}
    assert all(n.email_status == "pending" for n in notes)
    assert all(n.message["link"] == reverse("accountability:case", args=[case.pk]) for n in notes)
    parties = {p.person_id: p.sanction.code for p in current(case).parties.all()}
    assert parties == {
        handler.pk: "criticism_education",
        department_head.pk: "talk_warning",
        leader.pk: "talk_warning",
    }


def test_the_appeal_window_is_counted_in_working_days(inspector, leader, receptionist):
    with on(2026, 11, 27):  # a Friday
        case = decide(open_case(inspector, receptionist), leader)
    assert current(case).appeal_due_on.isoformat() == "2026-12-04"  # five working days
    with on(2026, 12, 5), pytest.raises(ValidationError):
        services.file_appeal(case_id=case.pk, actor=receptionist, reasons="晚了")
    with on(2026, 12, 4):
        services.file_appeal(case_id=case.pk, actor=receptionist, reasons="按时")
    assert current(case).state == CaseState.APPEALED


def test_a_changed_sanction_is_a_new_decision_and_the_first_stays(
    inspector, leader, other_leader, receptionist
):
    case = decide(open_case(inspector, receptionist), leader)
    services.file_appeal(case_id=case.pk, actor=receptionist, reasons="情节轻微")
    with pytest.raises(ValidationError):
        services.decide_appeal(
            case_id=case.pk, actor=other_leader, outcome="changed", reasons="x", sanction=None
        )
    services.decide_appeal(
        case_id=case.pk,
        actor=other_leader,
        outcome="changed",
        reasons="改为诫勉教育",
        sanction=sanction("admonition"),
    )
    first, second = Decision.objects.filter(case=case).order_by("pk")
    assert (first.sanction.code, second.sanction.code) == ("efficiency_warning", "admonition")
    assert current(case).decision_id == second.pk
    assert [e.kind for e in Event.objects.filter(case=case).order_by("pk")] == [
        "opened",
        "decided",
        "notified",
        "appealed",
        "appeal_decided",
        "notified",
    ]
    with pytest.raises(AppendOnlyError):
        first.reasons = "改写"
        first.save()
    with pytest.raises(AppendOnlyError):
        Event.objects.first().delete()


def test_a_dismissed_case_never_counts_and_cannot_be_appealed(inspector, leader, receptionist):
    case = decide(open_case(inspector, receptionist), leader, None)
    assert current(case).state == CaseState.DISMISSED
    assert violations_count(Period.year(current(case).decided_on.year)) == 0
    with pytest.raises(services.AlreadyHandled):
        services.file_appeal(case_id=case.pk, actor=receptionist, reasons="x")


def test_no_case_against_oneself_and_inspectors_never_decide(inspector, leader, manager):
    with pytest.raises(ValidationError):
        open_case(leader, leader)
    case = open_case(manager, leader)
    with pytest.raises(PermissionDenied):
        decide(case, inspector)
    with pytest.raises(PermissionDenied):
        decide(case, leader)  # a party


def test_managers_edit_the_catalogues_in_the_admin_and_nobody_deletes(client, manager, leader):
    warning = Sanction.objects.get(code="efficiency_warning")
    client.force_login(leader)
    assert client.get(reverse("admin:accountability_sanction_changelist")).status_code == 403
    client.force_login(manager)
    url = reverse("admin:accountability_sanction_change", args=[warning.pk])
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("admin:accountability_sanction_delete", args=[warning.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:accountability_ruleitem_changelist")).status_code == 200
    assert client.get(reverse("admin:accountability_case_add")).status_code == 403
