"""Labels of stored codes, by vocabulary name: one lookup for every template and table.

Rows store stable codes ("satisfied", "walk_in", "answer_overdue") and show them in
the reader's language at render time. Each app registers its vocabularies here from its
``AppConfig.ready`` (core sits at the bottom and cannot import them); templates read them
with the ``label`` filter (firstask/core/templatetags/firstask.py, a builtin):
``{{ code|label:"satisfaction" }}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Choices

from firstask.core.vocabulary import Category, Channel, Urgency

Lookup = Callable[[str], object | None]

VOCABULARIES: dict[str, Lookup] = {}


def register(name: str, vocabulary: type[Choices] | Mapping | Lookup) -> None:
    """Name a vocabulary: a Choices class, a mapping of code → label, or a function."""
    if isinstance(vocabulary, type) and issubclass(vocabulary, Choices):
        labels = dict(vocabulary.choices)
        VOCABULARIES[name] = labels.get
    elif isinstance(vocabulary, Mapping):
        VOCABULARIES[name] = vocabulary.get
    else:
        VOCABULARIES[name] = vocabulary


def label(code, vocabulary: str) -> str:
    """The translated label of ``code``, or the code itself when it is not known."""
    lookup = VOCABULARIES.get(vocabulary)
    found = lookup(code) if lookup is not None and code not in (None, "") else None
    return str(found) if found is not None else (code or "")


for _name, _choices in (("channel", Channel), ("category", Category), ("urgency", Urgency)):
    register(_name, _choices)
