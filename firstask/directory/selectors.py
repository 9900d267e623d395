"""Reads of the directory: the intake type-ahead, the directory page, answer templates.

Every function here runs a fixed number of queries whatever the size of the directory:
filtering and ranking happen in SQL (one query per model), materials are prefetched
(one more). `icontains` on the denormalised `search_text` is a scan of one narrow table;
at 5,000 matters that is a few milliseconds on SQLite (see bench/directory_search.py).
On PostgreSQL a pg_trgm GIN index on search_text would make it an index scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length

from firstask.directory.models import Agency, AnswerTemplate, Matter, MatterMaterial
from firstask.directory.text import NAME_MARK, TERM_SEPARATOR, clean_term, query_tokens

Kind = Literal["matter", "agency"]

# Lower is better. A name typed exactly, then names that start with the query (as typed
# or in pinyin: `bdc` → 不动产…), then a keyword or department name (or its pinyin) that
# starts with it, then any substring.
RANK_EXACT, RANK_PREFIX, RANK_TERM_PREFIX, RANK_SUBSTRING = 0, 1, 2, 3


@dataclass(frozen=True)
class Hit:
    """One search result; `obj` is the Matter (materials prefetched) or the Agency."""

    kind: Kind
    rank: int
    obj: Matter | Agency

    @property
    def id(self) -> int:
        return self.obj.pk

    @property
    def name(self) -> str:
        return self.obj.name


def _matches(tokens: list[str]) -> Q:
    """Every token somewhere in search_text."""
    condition = Q()
    for token in tokens:
        condition &= Q(search_text__icontains=token)
    return condition


def _ranked(queryset: QuerySet, phrase: str) -> QuerySet:
    """Annotate `rank` and order by it, then by shorter (more specific) names."""
    return queryset.annotate(
        rank=Case(
            When(name__iexact=phrase, then=Value(RANK_EXACT)),
            When(name__istartswith=phrase, then=Value(RANK_PREFIX)),
            When(
                search_text__contains=TERM_SEPARATOR + NAME_MARK + phrase,
                then=Value(RANK_PREFIX),
            ),
            When(
                search_text__icontains=TERM_SEPARATOR + phrase,
                then=Value(RANK_TERM_PREFIX),
            ),
            default=Value(RANK_SUBSTRING),
            output_field=IntegerField(),
        )
    ).order_by("rank", Length("name"), "name")


def _materials_prefetch() -> Prefetch:
    return Prefetch("materials", queryset=MatterMaterial.objects.order_by("position", "id"))


def active_matters() -> QuerySet[Matter]:
    return (
        Matter.objects.filter(is_active=True, department__is_active=True)
        .select_related("department")
        .prefetch_related(_materials_prefetch())
    )


def _phrase(q: str) -> str:
    return clean_term(q).replace(" ", "")


def matching_matters(
    q: str, *, department_id: int | None = None, category: str | None = None
) -> QuerySet[Matter]:
    """Active matters matching `q` (all of them when `q` is blank), best first."""
    queryset = active_matters()
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    if category:
        queryset = queryset.filter(category=category)
    tokens = query_tokens(q)
    if not tokens:
        return queryset.order_by("department__code", "name")
    queryset = queryset.filter(_matches(tokens))
    return _ranked(queryset, _phrase(q))


def matching_agencies(q: str) -> QuerySet[Agency]:
    """Active outside agencies matching `q` (all of them when `q` is blank), best first."""
    queryset = Agency.objects.filter(is_active=True)
    tokens = query_tokens(q)
    if not tokens:
        return queryset.order_by("name")
    return _ranked(queryset.filter(_matches(tokens)), _phrase(q))


def search_directory(
    q: str,
    limit: int = 10,
    *,
    kinds: tuple[Kind, ...] = ("matter", "agency"),
) -> list[Hit]:
    """The type-ahead: matters and agencies matching `q`, best first, at most `limit`.

    Three queries at most (matters with their department, their materials, agencies).
    A blank query returns nothing: the widget shows no list until something is typed.
    """
    if not query_tokens(q) or limit <= 0:
        return []
    hits: list[Hit] = []
    if "matter" in kinds:
        hits += [Hit("matter", m.rank, m) for m in matching_matters(q)[:limit]]
    if "agency" in kinds:
        hits += [Hit("agency", a.rank, a) for a in matching_agencies(q)[:limit]]
    # Stable sort: within a rank, matters (the organisation's own remit) come first.
    hits.sort(key=lambda hit: hit.rank)
    return hits[:limit]


def search_templates(
    q: str,
    matter_id: int | None = None,
    limit: int = 10,
) -> list[AnswerTemplate]:
    """Active answer templates for intake, one query.

    With a matter: that matter's templates first, then general ones (no matter); a blank
    query then lists them all. Without a matter, a blank query returns nothing.
    """
    tokens = query_tokens(q)
    if not tokens and not matter_id:
        return []
    queryset = AnswerTemplate.objects.filter(is_active=True).select_related("matter", "created_by")
    for token in tokens:
        queryset = queryset.filter(
            Q(title__icontains=token) | Q(text__icontains=token) | Q(matter__name__icontains=token)
        )
    if matter_id:
        queryset = (
            queryset.filter(Q(matter_id=matter_id) | Q(matter__isnull=True))
            .annotate(
                own=Case(
                    When(matter_id=matter_id, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("own", "title", "id")
        )
    else:
        queryset = queryset.order_by("title", "id")
    return list(queryset[:limit])


def matter_detail(pk: int) -> Matter | None:
    """A matter with department and materials, active or not (old tickets link to it)."""
    return (
        Matter.objects.select_related("department")
        .prefetch_related(_materials_prefetch())
        .filter(pk=pk)
        .first()
    )
