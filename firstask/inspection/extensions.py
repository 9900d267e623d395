"""Actions that apps above inspection offer on its records — "open a case" (立案) on a
flag, a sampled finding or a mystery-shopper visit — without inspection importing them.

An upper app registers a ``RecordAction`` in its ``AppConfig.ready``; the audit pages
render the registered actions with ``{% record_actions %}``. The URL is the upper app's
named URL plus the record's identifiers as a query string, so inspection needs to know
nothing about what the action does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode

FLAG = "flag"  # params: rule, ticket (number), day
FINDING = "finding"  # params: finding (id)
MYSTERY = "mystery"  # params: mystery (id)


@dataclass(frozen=True)
class RecordAction:
    target: str
    label: Promise
    url_name: str
    allowed: Callable[[object], bool]
    testid: str = "record-action"

    def url(self, params: dict) -> str:
        return f"{reverse(self.url_name)}?{urlencode(params)}"


ACTIONS: list[RecordAction] = []


def register(action: RecordAction) -> None:
    if all((a.target, a.url_name) != (action.target, action.url_name) for a in ACTIONS):
        ACTIONS.append(action)


def actions_for(target: str, user) -> list[RecordAction]:
    return [a for a in ACTIONS if a.target == target and a.allowed(user)]
