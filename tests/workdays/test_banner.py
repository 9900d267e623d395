"""The managers' banner: which years are missing, for whom, at what cost."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from firstask.workdays.context_processors import calendar_banner
from firstask.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@time_machine.travel("2026-11-21 10:00 +0800", tick=False)
def test_managers_are_asked_for_next_year(manager, django_assert_num_queries):
    seed_calendar([2026])
    request = _request(manager)
    assert calendar_banner(request) == {"calendar_missing_years": [2027]}
    with django_assert_num_queries(0):  # roles cached on the user, calendar in-process
        assert calendar_banner(request) == {"calendar_missing_years": [2027]}


@time_machine.travel("2027-01-05 10:00 +0800", tick=False)
def test_an_empty_calendar_asks_for_both_years(manager):
    assert calendar_banner(_request(manager)) == {"calendar_missing_years": [2027, 2028]}


@pytest.mark.parametrize("who", ["receptionist", "handler", "department_head", "inspector"])
def test_other_staff_get_nothing(request, who):
    assert calendar_banner(_request(request.getfixturevalue(who))) == {}


def test_anonymous_gets_nothing():
    assert calendar_banner(_request(AnonymousUser())) == {}
    assert calendar_banner(RequestFactory().get("/")) == {}


def test_banner_template_links_to_the_import():
    with translation.override("en"):
        html = render_to_string(
            "workdays/_calendar_banner.html", {"calendar_missing_years": [2027]}
        )
    assert 'class="alert alert-warning' in html
    assert "2027" in html and "that year" in html
    assert f'href="{reverse("admin:workdays_calendaryear_import")}?year=2027"' in html
    assert "style=" not in html and "<script" not in html


def test_banner_template_names_several_years():
    with translation.override("en"):
        html = render_to_string(
            "workdays/_calendar_banner.html", {"calendar_missing_years": [2027, 2028]}
        )
    assert "2027, 2028" in html and "those years" in html


def test_banner_template_is_empty_without_missing_years():
    assert render_to_string("workdays/_calendar_banner.html", {}).strip() == ""
    assert (
        render_to_string("workdays/_calendar_banner.html", {"calendar_missing_years": []}).strip()
        == ""
    )
