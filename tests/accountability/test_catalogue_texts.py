"""No internal reference codes in what users see (issue 10, left over under issue 9):
the catalogue's seeded rows carried the seed documents' section codes ("004 篇五·五(二)")
as their source, and two help texts began with one. Where the defaults come from is
in docs/domain.md#catalogue; the interface shows none of it, in Chinese or English."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from firstask.accountability.models import RuleItem, Sanction

pytestmark = pytest.mark.django_db

REFERENCE_CODE = re.compile(r"\b00[0-5] |篇[一二三四五]|§")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_reference_code_on_catalogue_pages_papers_or_admin(
    client, world, leader, manager, language
):
    rule = RuleItem.objects.get(code="forbidden_phrase")
    sanction = Sanction.objects.get(code="efficiency_warning")
    pages = {
        leader: [
            reverse("accountability:case", args=[world.decided.pk]),
            reverse("accountability:case_paper", args=[world.decided.pk, "decision"]),
            reverse("accountability:case_paper", args=[world.bulletin.pk, "bulletin"]),
            reverse("accountability:case_new"),
        ],
        manager: [
            reverse("admin:accountability_ruleitem_changelist"),
            reverse("admin:accountability_ruleitem_change", args=[rule.pk]),
            reverse("admin:accountability_sanction_changelist"),
            reverse("admin:accountability_sanction_change", args=[sanction.pk]),
        ],
    }
    for person, urls in pages.items():
        client.force_login(person)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found = REFERENCE_CODE.findall(response.content.decode())
            assert not found, (url, found)


def test_the_chain_help_texts_say_it_in_words(client, manager):
    client.force_login(manager)
    rule = RuleItem.objects.get(code="not_handled_in_time")
    page = client.get(reverse("admin:accountability_ruleitem_change", args=[rule.pk]))
    assert "所在股室的主要负责人负主要领导责任。" in page.content.decode()


def test_seeded_codes_already_stored_are_cleared_and_edited_sources_kept():
    migration = importlib.import_module(
        "firstask.accountability.migrations.0004_catalogue_without_reference_codes"
    )
    RuleItem.objects.filter(code="no_guidance").update(source="004 篇五·五(三)")
    RuleItem.objects.filter(code="forbidden_phrase").update(source="本单位首问责任制办法第十二条")
    Sanction.objects.filter(code="public_criticism").update(source="004 篇三·五(二)(三)；篇四(五)")
    migration.clear_seeded_codes(apps, None)
    assert RuleItem.objects.get(code="no_guidance").source == ""
    assert RuleItem.objects.get(code="forbidden_phrase").source == "本单位首问责任制办法第十二条"
    assert Sanction.objects.get(code="public_criticism").source == ""
