"""The managers' console for the directory: import/export buttons and views, no deletes,
activation actions, ordered materials inline."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from firstask.directory.models import Agency, Matter
from tests.directory.test_import_export import HEADERS, csv_bytes, matter_row, snapshot

pytestmark = pytest.mark.django_db


def upload(client, url, data: bytes, name="matters.csv", preview=False):
    payload = {"file": SimpleUploadedFile(name, data)}
    if preview:
        payload["preview_only"] = "on"
    return client.post(url, payload)


def test_changelist_offers_import_and_export(client, manager, transfer):
    client.force_login(manager)
    content = client.get(reverse("admin:directory_matter_changelist")).content.decode()
    assert reverse("admin:directory_matter_import") in content
    assert reverse("admin:directory_matter_export", args=["csv"]) in content
    assert reverse("admin:directory_matter_export", args=["xlsx"]) in content
    assert "二手房转移登记" in content


def test_only_managers_reach_import_and_export(client, receptionist, department_head):
    for user in (receptionist, department_head):
        client.force_login(user)
        assert client.get(reverse("admin:directory_matter_import")).status_code == 403
        assert client.get(reverse("admin:directory_matter_export", args=["csv"])).status_code == 403


def test_admin_import_reports_errors_and_changes_nothing(client, manager, realestate, transfer):
    before = snapshot()
    client.force_login(manager)
    data = csv_bytes(
        HEADERS, [matter_row("抵押登记", "realestate"), matter_row("更正登记", "XX科")]
    )
    response = upload(client, reverse("admin:directory_matter_import"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in content
    assert "3" in content and "责任科室" in content and "XX科" in content
    assert snapshot() == before


def test_admin_import_preview_then_apply(client, manager, realestate, transfer):
    client.force_login(manager)
    url = reverse("admin:directory_matter_import")
    data = csv_bytes(
        HEADERS,
        [
            matter_row("抵押登记", "realestate", "抵押合同"),
            matter_row("二手房转移登记", "realestate", "申请书"),
        ],
    )
    preview = upload(client, url, data, preview=True)
    assert 'data-testid="import-summary"' in preview.content.decode()
    assert not Matter.objects.filter(name="抵押登记").exists()
    applied = upload(client, url, data)
    assert applied.status_code == 200
    assert Matter.objects.filter(name="抵押登记").exists()
    transfer.refresh_from_db()
    assert [m.name for m in transfer.materials.all()] == ["申请书"]


def test_admin_import_rejects_other_file_types(client, manager):
    client.force_login(manager)
    response = upload(client, reverse("admin:directory_matter_import"), b"x", name="m.txt")
    assert response.status_code == 200
    assert not Matter.objects.exists()
    assert response.context["result"] is None


def test_admin_export_downloads(client, manager, transfer, passport_office):
    client.force_login(manager)
    response = client.get(reverse("admin:directory_matter_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    csv_response = client.get(reverse("admin:directory_agency_export", args=["csv"]))
    assert "公安局出入境管理支队" in csv_response.content.decode("utf-8-sig")
    assert client.get(reverse("admin:directory_matter_export", args=["pdf"])).status_code == 404


def test_export_action_for_selected_rows(client, manager, transfer, social_card):
    client.force_login(manager)
    response = client.post(
        reverse("admin:directory_matter_changelist"),
        {"action": "export_selected_csv", "_selected_action": [transfer.pk]},
    )
    text = response.content.decode("utf-8-sig")
    assert "二手房转移登记" in text and "社保卡申领" not in text


def test_nothing_is_deleted_only_deactivated(client, manager, transfer, passport_office):
    client.force_login(manager)
    delete = client.get(reverse("admin:directory_matter_delete", args=[transfer.pk]))
    assert delete.status_code == 403
    assert (
        client.get(reverse("admin:directory_agency_delete", args=[passport_office.pk])).status_code
        == 403
    )
    changelist = client.get(reverse("admin:directory_matter_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    client.post(
        reverse("admin:directory_matter_changelist"),
        {"action": "deactivate", "_selected_action": [transfer.pk]},
    )
    transfer.refresh_from_db()
    assert transfer.is_active is False
    client.post(
        reverse("admin:directory_agency_changelist"),
        {"action": "deactivate", "_selected_action": [passport_office.pk]},
    )
    assert Agency.objects.get().is_active is False


def test_admin_search_understands_pinyin(client, manager, transfer, social_card):
    client.force_login(manager)
    content = client.get(
        reverse("admin:directory_matter_changelist"), {"q": "esf"}
    ).content.decode()
    assert "二手房转移登记" in content and "社保卡申领" not in content


def test_materials_inline_keeps_the_typed_order(client, manager, realestate):
    client.force_login(manager)
    response = client.post(
        reverse("admin:directory_matter_add"),
        {
            "name": "抵押登记",
            "keywords": "",
            "category": "business",
            "is_active": "on",
            "department": realestate.pk,
            "post": "",
            "location": "",
            "phone": "",
            "office_hours": "",
            "time_limit_days": "10",
            "legal_basis": "",
            "notes": "",
            "materials-TOTAL_FORMS": "3",
            "materials-INITIAL_FORMS": "0",
            "materials-MIN_NUM_FORMS": "0",
            "materials-MAX_NUM_FORMS": "1000",
            "materials-0-position": "5",
            "materials-0-name": "抵押合同",
            "materials-0-notes": "",
            "materials-1-position": "1",
            "materials-1-name": "申请书",
            "materials-1-notes": "",
            "materials-2-position": "",
            "materials-2-name": "",
            "materials-2-notes": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    matter = Matter.objects.get(name="抵押登记")
    assert [(m.position, m.name) for m in matter.materials.all()] == [
        (1, "申请书"),
        (2, "抵押合同"),
    ]
    assert "|^dydj|" in matter.search_text


def test_answer_template_records_its_author(client, manager, transfer):
    client.force_login(manager)
    response = client.post(
        reverse("admin:directory_answertemplate_add"),
        {
            "title": "过户须双方到场",
            "matter": transfer.pk,
            "text": "买卖双方须本人到场",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    from firstask.directory.models import AnswerTemplate

    assert AnswerTemplate.objects.get().created_by == manager


def test_admin_pages_render(client, manager, transfer, passport_office):
    client.force_login(manager)
    for url in (
        reverse("admin:directory_matter_change", args=[transfer.pk]),
        reverse("admin:directory_matter_add"),
        reverse("admin:directory_agency_changelist"),
        reverse("admin:directory_agency_import"),
        reverse("admin:directory_answertemplate_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_material_added_without_a_number_goes_last(client, manager, transfer):
    client.force_login(manager)
    materials = list(transfer.materials.all())
    data = {
        "name": transfer.name,
        "keywords": transfer.keywords,
        "category": "business",
        "is_active": "on",
        "department": transfer.department_id,
        "post": "",
        "location": "",
        "phone": "",
        "office_hours": "",
        "time_limit_days": "30",
        "legal_basis": "",
        "notes": "",
        "materials-TOTAL_FORMS": str(len(materials) + 1),
        "materials-INITIAL_FORMS": str(len(materials)),
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    for i, material in enumerate(materials):
        data.update(
            {
                f"materials-{i}-id": material.pk,
                f"materials-{i}-matter": transfer.pk,
                f"materials-{i}-position": material.position,
                f"materials-{i}-name": material.name,
                f"materials-{i}-notes": material.notes,
            }
        )
    n = len(materials)
    data.update(
        {
            f"materials-{n}-position": "",
            f"materials-{n}-name": "婚姻状况证明",
            f"materials-{n}-notes": "",
        }
    )
    response = client.post(reverse("admin:directory_matter_change", args=[transfer.pk]), data)
    assert response.status_code == 302
    names = [m.name for m in transfer.materials.all()]
    assert names == [m.name for m in materials] + ["婚姻状况证明"]
    assert [m.position for m in transfer.materials.all()] == [1, 2, 3, 4]


def test_admin_import_leaves_history_entries(client, manager, realestate, transfer):
    from django.contrib.admin.models import LogEntry

    client.force_login(manager)
    data = csv_bytes(
        HEADERS,
        [
            matter_row("抵押登记", "realestate"),
            matter_row("二手房转移登记", "realestate", "申请书"),
        ],
    )
    upload(client, reverse("admin:directory_matter_import"), data)
    entries = {(e.object_repr, e.action_flag) for e in LogEntry.objects.filter(user=manager)}
    assert entries == {("抵押登记", 1), ("二手房转移登记", 2)}
