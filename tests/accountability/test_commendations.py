"""Commendations are decided like sanctions (someone else, with the right role) and
count on the scorecard; the period's service stars come from the measures."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from firstask.accountability import services
from firstask.accountability.choices import CommendationKind, CommendationSource, ComplaintKind
from firstask.accountability.models import Commendation
from firstask.accountability.selectors import Period, commendations_count, person_card
from firstask.tickets.choices import AnswerKind, Satisfaction
from tests.accountability.conftest import decide, open_case, propose
from tests.accountability.world import complaint_about
from tests.tickets.conftest import act, follow_up, register

pytestmark = pytest.mark.django_db


def test_a_commendation_is_decided_by_someone_else_and_then_counts(
    department_head, handler, leader, receptionist
):
    c = propose(department_head, handler)
    with pytest.raises(PermissionDenied):
        services.decide_commendation(commendation_id=c.pk, actor=handler, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_commendation(commendation_id=c.pk, actor=department_head, approve=True)
    with pytest.raises(PermissionDenied):
        propose(receptionist, handler)  # staff do not propose
    services.decide_commendation(commendation_id=c.pk, actor=leader, approve=True, note="同意")
    year = Period.year(timezone.localdate().year)
    assert commendations_count(year, person_id=handler.pk) == 1
    card = person_card(handler.pk, year)
    assert [x.pk for x in card.commendations] == [c.pk]
    with pytest.raises(services.AlreadyHandled):
        services.decide_commendation(commendation_id=c.pk, actor=leader, approve=False)


def test_only_a_praise_entry_grounds_a_commendation(office_head, receptionist, inspector):
    complaint = complaint_about(receptionist, office_head)
    with pytest.raises(ValidationError):
        propose(inspector, receptionist, complaint=complaint)
    praise = complaint_about(receptionist, office_head, kind=ComplaintKind.PRAISE)
    assert propose(inspector, receptionist, complaint=praise).complaint_id == praise.pk


def test_the_approved_commendation_prints_as_a_public_commendation(
    client, inspector, leader, receptionist
):
    c = propose(inspector, receptionist, kind=CommendationKind.PUBLIC)
    url = reverse("accountability:commendation_print", args=[c.pk])
    client.force_login(leader)
    assert client.get(url).status_code == 404  # not yet approved
    client.post(reverse("accountability:commendation_decide", args=[c.pk]), {"decision": "approve"})
    page = client.get(url).content.decode()
    assert "通报表扬" in page and "王芳" in page and 'data-testid="signature-block"' in page


def satisfied_visitors(person, n: int, satisfaction=Satisfaction.SATISFIED) -> None:
    for _ in range(n):
        ticket = register(person)
        act(ticket, "answer", person, kind=AnswerKind.ON_THE_SPOT, text="已当场答复")
        follow_up(ticket, person, satisfaction, remarks="")


def test_service_star_candidates_come_from_the_measures_and_a_leader_confirms(
    client, receptionist, colleague, handler, inspector, leader
):
    satisfied_visitors(receptionist, 3)
    satisfied_visitors(colleague, 3)
    satisfied_visitors(handler, 2, Satisfaction.DISSATISFIED)
    decide(open_case(inspector, colleague), leader)  # a violation rules the colleague out
    client.force_login(inspector)
    url = reverse("accountability:service_stars")
    page = client.get(url)
    candidates = [c.person for c in page.context["candidates"]]
    assert candidates == [receptionist]
    response = client.post(url, {"person": receptionist.pk})
    star = Commendation.objects.get(kind=CommendationKind.SERVICE_STAR)
    assert response.url == reverse("accountability:commendation", args=[star.pk])
    assert star.measures["satisfied_pct"] == 100 and star.state == "proposed"
    assert client.post(url, {"person": colleague.pk}).status_code == 302
    assert Commendation.objects.count() == 1  # not a candidate: refused with a message
    services.decide_commendation(commendation_id=star.pk, actor=leader, approve=True)
    assert Commendation.objects.get(pk=star.pk).state == "approved"


def test_praise_at_a_follow_up_links_the_inquiry(client, receptionist, department_head):
    ticket = register(receptionist)
    client.force_login(department_head)
    url = reverse("accountability:commendation_new")
    form = client.get(url + f"?ticket={ticket.number}").context["form"]
    assert form.initial["person"] == receptionist.pk
    assert form.initial["source"] == CommendationSource.FOLLOW_UP
    bad = client.post(
        url, {**form.initial, "ticket": "19990101-0001", "kind": "praise", "reasons": "好"}
    )
    assert bad.status_code == 400 and "没有这个编号的事项" in bad.content.decode()
    client.post(url, {**form.initial, "kind": "praise", "reasons": "回访时来访人表扬"})
    assert Commendation.objects.get().ticket_id == ticket.pk
