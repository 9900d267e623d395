"""Attachments: checked by content, images re-encoded, stored under a random name,
served only to those who can see the inquiry (404 to everyone else)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from firstask.org.roles import Role
from firstask.tickets.models import Attachment, TicketEvent
from tests.factories import DepartmentFactory, make_staff

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _attachments_dir(settings, tmp_path):
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"


def upload(client, ticket, name, data, content_type="application/pdf"):
    return client.post(
        reverse("tickets:casework", args=[ticket.number, "attach"]),
        {"attach-file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_pdf_is_attached_and_downloaded_as_an_attachment(client, referred, receptionist):
    client.force_login(receptionist)
    response = upload(client, referred, "来信扫描件.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "来信扫描件.pdf" and attachment.content_type == "application/pdf"
    assert TicketEvent.objects.filter(ticket=referred, kind="attached").count() == 1
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert "来信扫描件.pdf" in page
    download = client.get(reverse("tickets:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_html_named_pdf_is_refused(client, ticket, receptionist):
    client.force_login(receptionist)
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    response = upload(client, ticket, "letter.pdf", html)
    assert response.status_code == 400
    assert "只能上传 PDF 文件或图片" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [b"", b"MZ\x90\x00\x03" + b"\x00" * 100, b"GIF89a-not-really-a-picture" * 3],
    ids=["empty", "exe", "broken-gif"],
)
def test_other_content_is_refused(client, ticket, receptionist, data):
    client.force_login(receptionist)
    assert upload(client, ticket, "scan.jpg", data, "image/jpeg").status_code == 400
    assert not Attachment.objects.exists()


def test_too_big_is_refused(client, ticket, receptionist, monkeypatch):
    from firstask.tickets import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    client.force_login(receptionist)
    assert upload(client, ticket, "big.pdf", PDF + b" " * 200).status_code == 400


def test_pictures_are_re_encoded_without_their_metadata(client, ticket, receptionist):
    client.force_login(receptionist)
    assert upload(client, ticket, "photo.jpg", jpeg_with_exif(), "image/jpeg").status_code == 302
    attachment = Attachment.objects.get()
    data = b"".join(
        client.get(reverse("tickets:attachment", args=[attachment.pk])).streaming_content
    )
    assert b"SecretCamera" not in data
    assert Image.open(io.BytesIO(data)).size == (40, 30)


def test_names_are_text_never_paths(client, ticket, receptionist, settings):
    client.force_login(receptionist)
    upload(client, ticket, "../../etc/passwd.pdf", PDF)
    attachment = Attachment.objects.get()
    assert attachment.name == "passwd.pdf"
    assert "/" not in attachment.stored_as and "passwd" not in attachment.stored_as
    assert (settings.ATTACHMENTS_DIR / attachment.stored_as).exists()


@pytest.fixture
def social_head(social):
    head = make_staff("socialhead", department=social, roles=[Role.HANDLER, Role.DEPARTMENT_HEAD])
    social.head = head
    social.save(update_fields=["head"])
    return head


@pytest.fixture
def colleague_elsewhere(db):
    return make_staff("elsewhere", department=DepartmentFactory(code="tax", name="税务窗口"))


@pytest.mark.parametrize("who", ["outsider", "social_head", "colleague_elsewhere"])
def test_another_departments_attachment_is_404_for_those_who_cannot_see_it(
    client, request, referred, receptionist, who
):
    client.force_login(receptionist)
    upload(client, referred, "scan.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
    assert upload(client, referred, "x.pdf", PDF).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, referred, receptionist):
    client.force_login(receptionist)
    upload(client, referred, "scan.pdf", PDF)
    client.logout()
    response = client.get(reverse("tickets:attachment", args=[Attachment.objects.get().pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["handler", "department_head", "inspector", "leader", "manager"])
def test_those_who_see_the_inquiry_may_download(client, request, referred, receptionist, who):
    client.force_login(receptionist)
    upload(client, referred, "scan.pdf", PDF)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("tickets:attachment", args=[Attachment.objects.get().pk]))
    assert response.status_code == 200


def test_inspectors_look_but_do_not_attach(client, referred, inspector):
    client.force_login(inspector)
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert 'data-testid="form-attach"' not in page
    assert upload(client, referred, "x.pdf", PDF).status_code == 403


def test_upload_is_post_only(client, ticket, receptionist):
    client.force_login(receptionist)
    url = reverse("tickets:casework", args=[ticket.number, "attach"])
    assert client.get(url).status_code == 405


# --- on a complaint (the complaints register registers itself as an owner) -----------------


@pytest.fixture
def complaint(receptionist, office_head):
    from tests.accountability.world import complaint_about

    return complaint_about(receptionist, office_head)


def attach_to_complaint(client, complaint, name, data):
    url = reverse("tickets:attach_to", args=["accountability.complaint", complaint.pk])
    page = reverse("accountability:complaint", args=[complaint.pk])
    return client.post(
        url,
        {"attach-file": SimpleUploadedFile(name, data), "next": page},
    )


def test_a_complaint_letter_is_attached_and_seen_by_those_who_see_the_complaint(
    client, complaint, office_head, leader
):
    client.force_login(office_head)  # who recorded it
    response = attach_to_complaint(client, complaint, "投诉信.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"] == reverse("accountability:complaint", args=[complaint.pk])
    attachment = Attachment.objects.get()
    page = client.get(reverse("accountability:complaint", args=[complaint.pk])).content.decode()
    assert "投诉信.pdf" in page and 'data-testid="form-attach"' in page
    client.force_login(leader)
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 200


def test_a_complaint_attachment_is_404_for_those_who_cannot_see_it(
    client, complaint, office_head, outsider, handler
):
    client.force_login(office_head)
    attach_to_complaint(client, complaint, "投诉信.pdf", PDF)
    attachment = Attachment.objects.get()
    for who in (outsider, handler):
        client.force_login(who)
        assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
        assert attach_to_complaint(client, complaint, "x.pdf", PDF).status_code == 404


def test_the_person_complained_about_adds_no_evidence(client, complaint, receptionist):
    client.force_login(receptionist)
    assert attach_to_complaint(client, complaint, "x.pdf", PDF).status_code == 403
    page = client.get(reverse("accountability:complaint", args=[complaint.pk])).content.decode()
    assert 'data-testid="form-attach"' not in page


def test_html_named_pdf_is_refused_on_a_complaint_too(client, complaint, office_head):
    client.force_login(office_head)
    attach_to_complaint(client, complaint, "x.pdf", b"<html><script>x</script></html>")
    assert not Attachment.objects.exists()


def test_unknown_owners_are_404(client, office_head):
    client.force_login(office_head)
    url = reverse("tickets:attach_to", args=["auth.user", office_head.pk])
    assert client.post(url, {}).status_code == 404
