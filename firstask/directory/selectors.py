"""Reads of the directory: the intake type-ahead, the directory page, answer templates.

Every function here runs a fixed number of queries whatever the size of the directory:
filtering and ranking happen in SQL (one query per model), materials are prefetched
(one more). Matters are searched through their substring index (search.py), so a
search reads the few hundred rows its first page can come from, not the directory;
agencies (tens of rows, growing with the outside world, not with the directory) are
still scanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length

from firstask.directory import search
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
        # search_text and the tokens are lower case (text.clean_term): a plain
        # `contains`, not `icontains`, which upper-cases every row on PostgreSQL.
        condition &= Q(search_text__contains=token)
    return condition


def _name_starts(phrase: str) -> Q:
    """The name, as typed or in pinyin, starts with the phrase (rank 1, or 0 if equal)."""
    return Q(name__istartswith=phrase) | Q(
        search_text__contains=TERM_SEPARATOR + NAME_MARK + phrase
    )


def _term_starts(phrase: str) -> Q:
    """A keyword or department term (or its pinyin) starts with the phrase (rank 2)."""
    return Q(search_text__contains=TERM_SEPARATOR + phrase)


def _ranked(queryset: QuerySet, phrase: str) -> QuerySet:
    """Annotate `rank` and order by it, then by shorter (more specific) names."""
    return queryset.annotate(
        rank=Case(
            When(name__iexact=phrase, then=Value(RANK_EXACT)),
            When(_name_starts(phrase), then=Value(RANK_PREFIX)),
            When(_term_starts(phrase), then=Value(RANK_TERM_PREFIX)),
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


# How many ranked matters a caller of matching_matters may read by default: the
# directory page's ten pages of 20 and the one more that says there is a next.
DEPTH = 201


def matching_matters(
    q: str,
    *,
    department_id: int | None = None,
    category: str | None = None,
    depth: int = DEPTH,
) -> QuerySet[Matter]:
    """Active matters matching `q` (all of them when `q` is blank), best first.

    With a query only the first ``depth`` rows are meant to be read: the query holds
    the rows they can come from (search.candidates), not every match, so it is not
    counted (PeekPaginator) and not paged past ``depth``.
    """
    filters = Q(is_active=True, department__is_active=True)
    if department_id:
        filters &= Q(department_id=department_id)
    if category:
        filters &= Q(category=category)
    tokens = query_tokens(q)
    if not tokens:
        return active_matters().filter(filters).order_by("department__code", "name")
    phrase = _phrase(q)
    filters &= _matches(tokens)
    among = search.candidates(Matter.objects.filter(filters), tokens, phrase, depth)
    return _ranked(search.restrict(active_matters().filter(filters), among), phrase)


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
        hits += [Hit("matter", m.rank, m) for m in matching_matters(q, depth=limit)[:limit]]
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
