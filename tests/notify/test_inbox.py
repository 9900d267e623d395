"""The inbox: only one's own notifications, newest first, read marks by POST."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firstask.notify.models import Notification
from firstask.notify.sweep import sweep_warnings
from tests.notify.conftest import bulk_tickets

pytestmark = pytest.mark.django_db

INBOX = reverse("notify:inbox")


@pytest.fixture
def warned(receptionist, desk_head):
    """Three overdue answers: the front desk's head is told, the receptionist copied."""
    bulk_tickets(receptionist, due=3)
    sweep_warnings()
    return Notification.objects.filter(recipient=desk_head).order_by("pk")


def test_the_inbox_needs_a_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_recipient_sees_their_warnings_newest_first_with_links(client, desk_head, warned):
    later = warned.last()
    Notification.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(1))
    client.force_login(desk_head)
    response = client.get(INBOX)
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert rows[0].pk == later.pk and len(rows) == 3
    html = response.content.decode()
    assert html.count('data-unread="1"') == 3
    assert reverse("tickets:detail", args=[later.ticket.number]) in html
    assert 'data-testid="inbox-unread">3<' in html


def test_others_see_only_their_own(client, outsider, warned):
    client.force_login(outsider)
    response = client.get(INBOX)
    assert not response.context["page"].object_list
    assert 'data-testid="empty-state"' in response.content.decode()
    assert 'data-testid="inbox-unread"' not in response.content.decode()


def test_mark_read_marks_one_and_comes_back(client, desk_head, warned):
    client.force_login(desk_head)
    first = warned.first()
    response = client.post(
        reverse("notify:mark_read", args=[first.pk]), {"next": f"{INBOX}?page=1"}
    )
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(recipient=desk_head, read_at__isnull=True).count() == 2


def test_someone_elses_notification_cannot_be_marked_read(client, outsider, warned):
    client.force_login(outsider)
    response = client.post(reverse("notify:mark_read", args=[warned.first().pk]))
    assert response.status_code == 404
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_marking_read_needs_a_post(client, desk_head, warned):
    client.force_login(desk_head)
    assert client.get(reverse("notify:mark_read", args=[warned.first().pk])).status_code == 405
    assert client.get(reverse("notify:mark_all_read")).status_code == 405


def test_an_offsite_next_is_ignored(client, desk_head, warned):
    client.force_login(desk_head)
    response = client.post(
        reverse("notify:mark_read", args=[warned.first().pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == INBOX


def test_mark_all_read_touches_only_mine(client, desk_head, receptionist, warned):
    client.force_login(desk_head)
    response = client.post(reverse("notify:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=desk_head, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=receptionist, read_at__isnull=True).count() == 3
    page = client.get(INBOX).content.decode()
    assert 'data-unread="1"' not in page and 'data-testid="inbox-unread"' not in page


def test_the_inbox_pages(client, desk_head, receptionist):
    bulk_tickets(receptionist, due=30)
    sweep_warnings()
    client.force_login(desk_head)
    first = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def test_the_badge_costs_one_query_and_nothing_for_anonymous(client, desk_head, warned):
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("login"))
    assert not any("notify_notification" in q["sql"] for q in ctx.captured_queries)
    client.force_login(desk_head)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    counts = [q["sql"] for q in ctx.captured_queries if "notify_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()


def test_the_inbox_page_does_not_grow_with_the_inbox(client, desk_head, receptionist):
    bulk_tickets(receptionist, due=2)
    sweep_warnings()
    client.force_login(desk_head)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as ctx:
        client.get(INBOX)
    small = len(ctx.captured_queries)
    bulk_tickets(receptionist, due=20)
    sweep_warnings()
    with CaptureQueriesContext(connection) as ctx:
        client.get(INBOX)
    assert len(ctx.captured_queries) == small


def test_managers_read_warnings_in_the_admin_and_requeue_failed_emails(client, manager, warned):
    from firstask.notify.choices import EmailStatus

    client.force_login(manager)
    for name in ("notification", "warningclaim"):
        assert client.get(reverse(f"admin:notify_{name}_changelist")).status_code == 200
    row = warned.first()
    assert client.get(reverse("admin:notify_notification_change", args=[row.pk])).status_code == 200
    Notification.objects.filter(pk=row.pk).update(email_status=EmailStatus.FAILED, attempts=5)
    response = client.post(
        reverse("admin:notify_notification_changelist"),
        {"action": "retry_email", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.email_status == EmailStatus.PENDING and row.attempts == 0


def test_the_admin_is_closed_to_staff_without_the_manager_role(client, desk_head):
    client.force_login(desk_head)
    assert client.get(reverse("admin:notify_notification_changelist")).status_code == 403


def test_a_chase_is_badged_as_a_chase_and_a_warning_by_its_level(client, desk_head, warned):
    """A 催办 notice is not a deadline warning: its badge names it, never 'due soon'."""
    chase = warned.first()
    Notification.objects.filter(pk=chase.pk).update(kind="chase", level=1)
    client.force_login(desk_head)
    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    badges = html.split('data-testid="notification-badge">')[1:]
    words = sorted(b.split("<", 1)[0] for b in badges)
    assert words == ["催办", "超期", "超期"]
