"""The project's shared template filters, in every template without a ``{% load %}``
(``TEMPLATES[...]["OPTIONS"]["builtins"]`` in config/settings/base.py).

``person`` shows a staff member by name (``org.models.display_name``); ``label`` shows a
stored code in the reader's language (vocabularies registered in ``core.labels``).
"""

from __future__ import annotations

from django import template

from firstask.core import labels
from firstask.org.models import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ ticket.first_responder|person }}``: family name first; "—" for nobody."""
    return display_name(user) if user else "—"


@register.filter
def label(code, vocabulary: str) -> str:
    """``{{ code|label:"satisfaction" }}``: the translated label of a stored code."""
    return labels.label(code, vocabulary)
