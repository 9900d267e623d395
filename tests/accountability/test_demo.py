"""The demo shows accountability at work: complaints, a case in every state, one
person not competent by two efficiency warnings, a commendation — loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from firstask.accountability.choices import CaseState
from firstask.accountability.models import Case, Commendation, Complaint
from firstask.accountability.selectors import Period, not_competent_persons

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_one_person_not_competent():
    call_command("load_demo", stdout=StringIO())
    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(CaseState.values)
    assert Complaint.objects.filter(channel="box", box_opened_on__isnull=False).exists()
    assert Commendation.objects.filter(state="approved").exists()
    year = timezone.localdate().year
    handler2 = get_user_model().objects.get(username="handler2")
    assert not_competent_persons(year) == {handler2.pk}
    counts = Case.objects.count(), Complaint.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert (Case.objects.count(), Complaint.objects.count()) == counts
    assert Period.year(year).is_year
