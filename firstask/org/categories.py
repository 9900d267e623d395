"""Inquiry categories as data, read as choices from an in-process cache.

Model fields (``Ticket.category``, ``DeadlinePolicy.category``, ``Matter.category``) take
``category_choices`` as their choices: a callable, so a category a manager adds in admin
is a valid choice at once and no migration is needed. Read once per process and kept
for ``CACHE_SECONDS`` (a save or delete clears it at once in this process), so a page
listing a thousand inquiries costs no query per row for their category names.
"""

from __future__ import annotations

import time

from django.utils import translation

from firstask.core.vocabulary import Category

CACHE_SECONDS = 60.0
_cache: dict[str, object] = {}


def _rows() -> list[tuple[str, str, str, bool]]:
    entry = _cache.get("rows")
    if entry is not None and time.monotonic() < _cache["until"]:
        return entry  # type: ignore[return-value]
    # No lock: two requests loading at once each read the same rows, while a lock held
    # across a query could wait on a database lock the other request holds.
    from django.db import DatabaseError

    from firstask.org.models import InquiryCategory

    try:
        rows = list(
            InquiryCategory.objects.order_by("position", "code").values_list(
                "code", "name", "name_en", "is_active"
            )
        )
    except (DatabaseError, RuntimeError):
        # Before the table exists (first migrate), or where the database may not be
        # read: the built-in seven, not kept.
        return _builtins()
    if not rows:  # an emptied table (a test flush): the built-ins until it is seeded
        return _builtins()
    _cache["rows"], _cache["until"] = rows, time.monotonic() + CACHE_SECONDS
    return rows


def _builtins() -> list[tuple[str, str, str, bool]]:
    return [(code, str(label), "", True) for code, label in Category.choices]


def clear_cache(*args, **kwargs) -> None:
    _cache.clear()


def _label(name: str, name_en: str) -> str:
    language = translation.get_language() or ""
    return name_en if language.startswith("en") and name_en else name


def category_choices() -> list[tuple[str, str]]:
    """Every category, retired ones included (old inquiries must still show a name)."""
    return [(code, _label(name, name_en)) for code, name, name_en, _active in _rows()]


def active_category_choices() -> list[tuple[str, str]]:
    """The categories offered at intake and in new directory matters."""
    return [(code, _label(name, name_en)) for code, name, name_en, active in _rows() if active]


def category_label(code: str) -> str:
    return dict(category_choices()).get(code, code)
