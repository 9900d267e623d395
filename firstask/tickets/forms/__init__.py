"""Forms that read like the paper registers; each field cleans to a domain value.

Views hand ``cleaned_data`` to the services unchanged.
"""

from firstask.tickets.forms.actions import ActionForm
from firstask.tickets.forms.intake import CHANNEL_FIELDS, IntakeForm
from firstask.tickets.forms.pages import SearchForm, TemplateFromTicketForm
from firstask.tickets.forms.text import (
    FreeTextField,
    clean_free_text,
    clean_person_text,
    clean_person_text_or_empty,
)

__all__ = [
    "CHANNEL_FIELDS",
    "ActionForm",
    "FreeTextField",
    "IntakeForm",
    "SearchForm",
    "TemplateFromTicketForm",
    "clean_free_text",
    "clean_person_text",
    "clean_person_text_or_empty",
]
