"""Small forms of the inquiry pages: search, and keeping a closed case as a template."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from firstask.tickets.forms.text import FreeTextField, clean_free_text


class TemplateFromTicketForm(forms.Form):
    """案例归档: distil the answer of a closed case into a reusable template."""

    title = FreeTextField(
        label=_("Template title"),
        rows=None,
        max_length=120,
        required_message=_("Give the template a title."),
    )
    text = FreeTextField(
        label=_("Answer text"), rows=3, required_message=_("The template needs the answer text.")
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number, phone or name"), required=False, max_length=60)

    def clean_q(self) -> str:
        return clean_free_text(self.cleaned_data.get("q", ""))[:60]
