"""Helpers for accountability: cases opened by the inspector, decided by the supervising
leader, appealed by the receptionist (a second leader, `other_leader`, hears appeals)."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.accountability import services
from firstask.accountability.choices import CommendationKind, CommendationSource
from firstask.accountability.models import Case, Commendation, RuleItem, Sanction

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The data migrations that seed the catalogue, in order, and the function each runs.
CATALOGUE_SEEDING = [
    ("0002_seed_catalogues", "seed"),
    ("0004_catalogue_without_reference_codes", "clear_seeded_codes"),
]


@pytest.fixture
def seeded_catalogue(transactional_db: None) -> None:
    """The sanction ladder and rule items as the migrations seed them. A transactional
    test empties every table when it ends, the migrations' rows with it, so a browser
    test that runs after another one would find no catalogue; this seeds it again the
    same way (idempotent: get_or_create)."""
    from django.apps import apps

    for module, function in CATALOGUE_SEEDING:
        getattr(import_module(f"firstask.accountability.migrations.{module}"), function)(apps, None)


@pytest.fixture
def world(receptionist, inspector, leader, other_leader, office_head, colleague):
    """One record of every kind (tests/accountability/world.py)."""
    from tests.accountability.world import build  # world.py builds on the helpers below

    return build(
        receptionist=receptionist,
        inspector=inspector,
        leader=leader,
        other_leader=other_leader,
        office_head=office_head,
    )


def sanction(code: str) -> Sanction:
    return Sanction.objects.get(code=code)


def rule(code: str) -> RuleItem:
    return RuleItem.objects.get(code=code)


def open_case(
    opener, person, rule_code: str = "not_registered", summary: str = "未登记来电"
) -> Case:
    return services.open_case(
        actor=opener, rule_item=rule(rule_code), person=person, summary=summary
    )


def decide(case: Case, decider, sanction_code: str | None = "efficiency_warning", **extra) -> Case:
    return services.decide_case(
        case_id=case.pk,
        actor=decider,
        sanction=sanction(sanction_code) if sanction_code else None,
        reasons="经调查属实",
        **extra,
    )


def propose(actor, person, **extra) -> Commendation:
    """A praise proposed by `actor` for `person` (kind, source, reasons overridable)."""
    data = {
        "kind": CommendationKind.PRAISE,
        "source": CommendationSource.HEAD,
        "reasons": "服务热情",
        **extra,
    }
    return services.propose_commendation(actor=actor, person=person, **data)


def commend(actor, person, approver, **extra) -> Commendation:
    """A commendation proposed and approved (returned as proposed)."""
    commendation = propose(actor, person, **extra)
    services.decide_commendation(commendation_id=commendation.pk, actor=approver, approve=True)
    return commendation


def at(y: int, m: int, d: int, hh: int = 10) -> datetime:
    return datetime(y, m, d, hh, 0, tzinfo=SHANGHAI)


def on(y: int, m: int, d: int, hh: int = 10):
    return time_machine.travel(at(y, m, d, hh), tick=False)


def current(case: Case) -> Case:
    """Re-read a case with a query (never refresh_from_db on an FSM model)."""
    return Case.objects.select_related("decision__sanction").get(pk=case.pk)
