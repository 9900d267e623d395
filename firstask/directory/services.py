"""Writes of the directory that other apps call.

The tickets app turns a closed ticket's answer into a template through
`create_answer_template` and records, on its own side, which ticket it came from
(``tickets.DistilledTemplate``): the directory does not know about tickets.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from firstask.directory.models import AnswerTemplate, Matter


@transaction.atomic
def create_answer_template(
    *,
    title: str,
    text: str,
    actor,
    matter: Matter | None = None,
) -> AnswerTemplate:
    template = AnswerTemplate(
        title=title.strip(),
        text=text.strip(),
        matter=matter,
        created_by=actor,
    )
    template.full_clean()
    template.save()
    return template


def set_active(queryset: QuerySet, active: bool) -> int:
    """Activate or deactivate rows (the directory is never hard-deleted); returns count.

    `update()` is safe here: `is_active` is not part of the search text.
    """
    return queryset.update(is_active=active)
