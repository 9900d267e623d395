"""Text as people type it at a desk: cleaned once, in the field, for every form."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from firstask.tickets.models import NOTE_MAX

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


def clean_person_text(value: str) -> str:
    """Names and units: letters, digits, ordinary punctuation; no emoji or control codes."""
    value = (value or "").strip()
    for char in value:
        category = unicodedata.category(char)
        if category in {"So", "Cs", "Co", "Cn"} or (category.startswith("C") and char != " "):
            raise ValidationError(
                _("Use letters, digits and ordinary punctuation only (no emoji or symbols)."),
                code="invalid_characters",
            )
    return value


def clean_person_text_or_empty(value: str) -> str:
    try:
        return clean_person_text(value)[:100]
    except ValidationError:
        return ""


def clean_free_text(value: str) -> str:
    """Free text keeps what people typed (emoji included) but loses control codes."""
    value = (value or "").strip()
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C")


class FreeTextField(forms.CharField):
    """A note, answer or reason: control codes dropped, then required or not.

    ``required_message`` says what to write when it is left empty (or only spaces): a
    receptionist reads "写下答复内容", not "This field is required".
    """

    def __init__(
        self,
        *,
        label,
        required_message=None,
        rows: int | None = 2,
        max_length: int = NOTE_MAX,
        **kwargs,
    ):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}) if rows else None)
        if required_message is not None:
            kwargs["error_messages"] = {"required": required_message}
        super().__init__(
            label=label, max_length=max_length, required=required_message is not None, **kwargs
        )

    def to_python(self, value) -> str:
        return clean_free_text(super().to_python(value))


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
