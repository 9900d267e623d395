"""Widgets of the inquiry forms; the text rules themselves are ``firstask.core.fields``.

The names below are re-exported so the inquiry's forms keep one import line; every
cleaning rule (names, printed lines, free text, phones, date ranges) lives in the one
module the whole product uses.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from firstask.core.fields import (
    FreeTextField,
    LineField,
    NameField,
    PhoneField,
    PromisedDateTimeField,
    RecentDateField,
    RecentDateTimeField,
    clean_free_text,
    clean_line,
    clean_name,
    clean_name_or_empty,
)

# Checks an upper layer registers (inspection: forbidden phrases, 推诿用语): each takes a
# text and returns the phrases found. Tickets cannot import inspection, so the audit's
# list reaches the form through this hook (see InspectionConfig.ready).
TEXT_CHECKS: list = []


def deflecting_phrases(text: str) -> list[str]:
    found: list[str] = []
    for check in TEXT_CHECKS:
        found.extend(p for p in check(text) if p not in found)
    return found


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

# The names the inquiry's code has always used.
clean_person_text = clean_name
clean_person_text_or_empty = clean_name_or_empty

__all__ = [
    "DATETIME_FORMATS",
    "DATETIME_WIDGET",
    "DATE_WIDGET",
    "FreeTextField",
    "LineField",
    "NameField",
    "PhoneField",
    "PromisedDateTimeField",
    "RecentDateField",
    "RecentDateTimeField",
    "clean_free_text",
    "clean_line",
    "clean_person_text",
    "clean_person_text_or_empty",
    "directory_widgets",
]


def directory_widgets(field: forms.Field, *, kind: str = "", **targets: str) -> None:
    """Turn a text field into the directory type-ahead (static/js/directory.js)."""
    attrs = {
        "data-directory-search": reverse("directory:search"),
        "autocomplete": "off",
        "role": "combobox",
    }
    if kind:
        attrs["data-directory-kind"] = kind
    for name, selector in targets.items():
        attrs[f"data-{name.replace('_', '-')}"] = selector
    field.widget.attrs.update(attrs)
