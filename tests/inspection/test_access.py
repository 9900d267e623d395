"""Who may open which inspection page: allowed and refused, role by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.inspection import services
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import register

pytestmark = pytest.mark.django_db

ALL = [
    "receptionist",
    "handler",
    "department_head",
    "office_head",
    "leader",
    "inspector",
    "manager",
    "outsider",
]


def status(client, request, persona: str, url: str, method: str = "get", data=None) -> int:
    client.force_login(request.getfixturevalue(persona))
    return getattr(client, method)(url, data or {}).status_code


ALLOWED = {
    "day": {"inspector", "manager", "leader", "department_head", "office_head"},
    "report": {"inspector", "manager", "leader", "office_head"},  # the general office reads it
    "mystery": {"inspector", "manager", "leader", "department_head", "office_head"},
    "mystery_new": {"inspector"},
    "sign_off": {"inspector"},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("persona", ALL)
def test_pages_by_role(client, request, persona, page):
    day = DAY.isoformat()
    url = {
        "day": reverse("inspection:day", args=[day]),
        "report": reverse("inspection:report", args=[day]),
        "mystery": reverse("inspection:mystery"),
        "mystery_new": reverse("inspection:mystery_new"),
        "sign_off": reverse("inspection:sign_off", args=[day]),
    }[page]
    expected = 200 if persona in ALLOWED[page] else 403
    assert status(client, request, persona, url) == expected


@pytest.mark.parametrize("persona", ALL)
def test_today_page(client, request, persona):
    allowed = persona in ALLOWED["day"]
    assert status(client, request, persona, reverse("inspection:today")) == (
        200 if allowed else 403
    )


@pytest.mark.parametrize("persona", ALL)
def test_only_inspectors_draw_samples(client, request, receptionist, persona):
    with on(0, "09:00"):
        register(receptionist)
    url = reverse("inspection:draw_sample", args=[DAY.isoformat()])
    code = status(client, request, persona, url, "post", {"size": 1})
    assert code == (302 if persona == "inspector" else 403)


@pytest.mark.parametrize("persona", ALL)
def test_samples_are_for_the_whole_organisation(client, request, inspector, receptionist, persona):
    with on(0, "09:00"):
        register(receptionist)
    sample = services.draw_sample(day=DAY, size=1, actor=inspector)
    url = reverse("inspection:sample", args=[sample.pk])
    allowed = persona in {"inspector", "manager", "leader"}
    assert status(client, request, persona, url) == (200 if allowed else 403)
    item = sample.items.get()
    finding_url = reverse("inspection:finding", args=[sample.pk, item.pk])
    data = {f"i{item.pk}-outcome": "issue", f"i{item.pk}-remarks": "x"}
    assert status(client, request, persona, finding_url, "post", data) == (
        302 if persona == "inspector" else 403
    )


def test_anonymous_visitors_go_to_login(client):
    for url in (reverse("inspection:today"), reverse("inspection:mystery")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_menu_offers_the_audit_to_those_who_may_open_it(client, inspector, receptionist):
    client.force_login(inspector)
    assert reverse("inspection:today") in client.get("/").content.decode()
    client.force_login(receptionist)
    assert reverse("inspection:today") not in client.get("/").content.decode()
