"""The directory page, the detail and print pages, and the type-ahead JSON endpoints."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firstask.directory.models import Matter, MatterMaterial
from firstask.directory.search import reindex
from tests.directory.factories import AgencyFactory, AnswerTemplateFactory, MatterFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def page_urls(matter, agency) -> list[str]:
    return [
        reverse("directory:index"),
        reverse("directory:search") + "?q=bdc",
        reverse("directory:templates") + "?q=x",
        reverse("directory:matter", args=[matter.pk]),
        reverse("directory:matter_print", args=[matter.pk]),
        reverse("directory:agency", args=[agency.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login(client, transfer, passport_office):
    for url in page_urls(transfer, passport_office):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["receptionist", "handler", "inspector", "outsider", "manager"])
def test_any_staff_member_may_use_the_directory(
    persona, request, client, transfer, passport_office
):
    client.force_login(request.getfixturevalue(persona))
    for url in page_urls(transfer, passport_office):
        assert client.get(url).status_code == 200, url


def test_search_endpoint_shape(client, receptionist, directory):
    client.force_login(receptionist)
    data = client.get(reverse("directory:search"), {"q": "二手房"}).json()
    assert data["q"] == "二手房"
    assert [hit["name"] for hit in data["results"]] == ["二手房转移登记"]
    matter = data["matters"][0]
    transfer = directory["transfer"]
    assert matter == {
        "kind": "matter",
        "id": transfer.pk,
        "name": "二手房转移登记",
        "category": "business",
        "category_label": matter["category_label"],
        "department": {"id": transfer.department_id, "code": "realestate", "name": "不动产登记科"},
        "post": "不动产登记受理岗",
        "location": "服务大厅 1 楼 B 区 8 号窗口",
        "phone": "0571-87001200",
        "office_hours": "",
        "materials": [
            {"name": "不动产登记申请书", "notes": "", "label": "不动产登记申请书"},
            {
                "name": "买卖双方身份证",
                "notes": "原件及复印件",
                "label": "买卖双方身份证【原件及复印件】",
            },
            {"name": "不动产权证书", "notes": "原件", "label": "不动产权证书【原件】"},
        ],
        "time_limit_days": 30,
        "url": reverse("directory:matter", args=[transfer.pk]),
        "print_url": reverse("directory:matter_print", args=[transfer.pk]),
    }
    assert data["agencies"] == []
    assert set(data["labels"]) == {"matter", "agency", "template", "empty", "results"}


def test_search_endpoint_agencies_and_kind_filter(client, receptionist, directory):
    client.force_login(receptionist)
    data = client.get(reverse("directory:search"), {"q": "护照"}).json()
    agency = data["agencies"][0]
    assert agency["kind"] == "agency"
    assert agency["name"] == "公安局出入境管理支队"
    assert agency["address"] == "市民中心东区 1 楼"
    assert agency["phone"] == "0571-87280000"
    assert agency["hours"] == "工作日 9:00-17:00"
    assert "公安局出入境管理支队" in agency["summary"] and "0571-87280000" in agency["summary"]
    only_agencies = client.get(reverse("directory:search"), {"q": "登记", "kind": "agency"})
    assert only_agencies.json()["results"] == []


def test_matter_location_and_phone_fall_back_to_the_department(client, receptionist, realestate):
    MatterFactory(name="更正登记", department=realestate, location="", phone="")
    client.force_login(receptionist)
    hit = client.get(reverse("directory:search"), {"q": "更正"}).json()["results"][0]
    assert hit["location"] == realestate.location
    assert hit["phone"] == realestate.phone


def test_templates_endpoint(client, receptionist, transfer):
    AnswerTemplateFactory(title="过户须双方到场", matter=transfer, text="买卖双方须本人到场")
    client.force_login(receptionist)
    data = client.get(reverse("directory:templates"), {"matter": transfer.pk}).json()
    assert [t["title"] for t in data["results"]] == ["过户须双方到场"]
    assert data["results"][0]["matter"] == {"id": transfer.pk, "name": "二手房转移登记"}
    assert data["results"][0]["text"] == "买卖双方须本人到场"
    bad = client.get(reverse("directory:templates"), {"matter": "abc", "q": ""})
    assert bad.status_code == 200 and bad.json()["results"] == []


def _bulk_matters(department, count: int, start: int = 0) -> None:
    matters = []
    for n in range(start, start + count):
        matter = Matter(name=f"不动产批量事项{n:04d}", department=department)
        matter.refresh_search_text()
        matters.append(matter)
    created = Matter.objects.bulk_create(matters)
    reindex(m.pk for m in created)  # bulk_create bypasses Matter.save()
    for matter in created:
        MatterMaterial.objects.create(matter=matter, position=1, name="身份证")


def _endpoint_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_endpoint_query_count_is_the_same_for_5_and_500_matters(client, receptionist, realestate):
    client.force_login(receptionist)
    url = reverse("directory:search") + "?q=bdc"
    _bulk_matters(realestate, 5)
    client.get(url)  # warm the session
    small = _endpoint_queries(client, url)
    _bulk_matters(realestate, 495, start=5)
    large = _endpoint_queries(client, url)
    assert small == large
    assert large <= 8  # session, user, 3 searches, session save


def test_directory_page_lists_matters_with_materials_and_agencies(client, receptionist, directory):
    client.force_login(receptionist)
    response = client.get(reverse("directory:index"))
    content = response.content.decode()
    assert "二手房转移登记" in content
    assert "不动产登记科" in content
    assert "买卖双方身份证" in content
    assert "公安局出入境管理支队" in content
    assert 'data-directory-search="/directory/search/"' in content


def test_directory_page_filters_and_shows_empty_states(client, receptionist, directory, social):
    client.force_login(receptionist)
    page = client.get(reverse("directory:index"), {"q": "bdc 过户"}).content.decode()
    assert "二手房转移登记" in page and "社保卡申领" not in page
    page = client.get(reverse("directory:index"), {"department": social.pk}).content.decode()
    assert "社保卡申领" in page and "二手房转移登记" not in page
    page = client.get(reverse("directory:index"), {"q": "不存在的事项"}).content.decode()
    assert 'data-testid="matters-empty"' in page
    assert 'data-testid="agencies-empty"' in page


def test_directory_page_empty_directory(client, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("directory:index")).content.decode()
    assert 'data-testid="matters-empty"' in page


def test_directory_page_paginates(client, receptionist, realestate):
    _bulk_matters(realestate, 45)
    client.force_login(receptionist)
    first = client.get(reverse("directory:index"), {"q": "批量"}).content.decode()
    assert first.count('data-testid="matter-row"') == 20
    third = client.get(reverse("directory:index"), {"q": "批量", "page": 3}).content.decode()
    assert third.count('data-testid="matter-row"') == 5
    assert "q=%E6%89%B9%E9%87%8F&amp;page=2" in third


def test_hostile_names_are_escaped(client, receptionist, realestate):
    matter = MatterFactory(
        name=f"不动产{HOSTILE}",
        keywords=HOSTILE,
        department=realestate,
        materials=[f"身份证{HOSTILE}"],
    )
    agency = AgencyFactory(name=f"机构{HOSTILE}", handles=HOSTILE)
    client.force_login(receptionist)
    for url in (
        reverse("directory:index"),
        reverse("directory:matter", args=[matter.pk]),
        reverse("directory:matter_print", args=[matter.pk]),
        reverse("directory:agency", args=[agency.pk]),
    ):
        content = client.get(url).content.decode()
        assert HOSTILE not in content, url
        assert "&lt;script&gt;" in content, url
    data = client.get(reverse("directory:search"), {"q": "不动产"})
    assert data["Content-Type"] == "application/json"
    assert data.json()["results"][0]["name"] == f"不动产{HOSTILE}"  # JS renders with textContent


def test_pages_carry_no_inline_script_or_style(client, receptionist, transfer, passport_office):
    client.force_login(receptionist)
    for url in page_urls(transfer, passport_office):
        if "search" in url or "templates" in url:
            continue
        content = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content), url
        assert " style=" not in content, url


def test_print_view_lists_the_materials_in_order(client, receptionist, transfer):
    client.force_login(receptionist)
    content = client.get(reverse("directory:matter_print", args=[transfer.pk])).content.decode()
    positions = [
        content.index(name) for name in ("不动产登记申请书", "买卖双方身份证", "不动产权证书")
    ]
    assert positions == sorted(positions)
    assert 'data-action="print"' in content


def test_unknown_matter_is_404(client, receptionist):
    client.force_login(receptionist)
    assert client.get(reverse("directory:matter", args=[999999])).status_code == 404


def test_directory_is_in_the_navigation(client, receptionist):
    client.force_login(receptionist)
    assert reverse("directory:index") in client.get(reverse("home")).content.decode()


def test_a_search_page_has_the_same_queries_for_5_and_500_matters(client, receptionist, realestate):
    client.force_login(receptionist)
    url = reverse("directory:index") + "?q=bdc"
    _bulk_matters(realestate, 5)
    client.get(url)  # warm the session
    small = _endpoint_queries(client, url)
    _bulk_matters(realestate, 495, start=5)
    large = _endpoint_queries(client, url)
    assert small == large  # no COUNT of the matches: "Page 1" and a next link
    page = client.get(url).content.decode()
    assert page.count('data-testid="matter-row"') == 20 and "page=2" in page
