"""The matters' substring index, and the type-ahead's candidates read through it.

The type-ahead finds a matter when every word typed occurs in its ``search_text``
(text.py: the name, keywords and department, each with its pinyin) and ranks the
matches: the exact name, then a name (or its pinyin) that starts with the words, then
another term that does, then anywhere; shorter names first. A ``LIKE '%…%'`` over every
matter read the whole directory on each keystroke, and the ranking sorted every match
(1.3–2.0× the CPU from 50 to 5,000 matters; docs/performance.md).

``MatterKey`` holds, for every character of a matter's search text, the next
``KEY_LENGTH`` characters (``key``) and the one before (``before``: ``|`` at the start
of a term, ``^`` at the start of the name or its pinyin). "Contains ``w``" is then a
prefix range on ``key`` (btree on both databases: binary order on SQLite, ``COLLATE
"C"`` on PostgreSQL, where the default collation's order is not code point order), and
"a term starts with ``w``" the same range under ``before``. Chinese fragments of one or
two characters, pinyin and initials all work the same way; no tokenizer is involved.

The ranked page is read in one query (``candidates``): for each rank tier, either all
its matters from the index, when the word has at most ``ROWS`` keys there, or —
crowded: more keys than that (counted first, in the same statement, at most ROWS + 1
index entries) — its ``depth`` best rows walked in name-length order (index
``directory_matter_shortest``): in a tier that large they come quickly. The page then
ranks and sorts these few hundred rows at most, whatever the size of the directory:
the same rows, in the same order, as ranking every match would give (a row that
belongs in the first ``depth`` is either in its tier's complete set or in its tier's
walk, whose condition includes every better tier).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from firstask.directory.text import NAME_MARK, TERM_SEPARATOR

KEY_LENGTH = 12  # longer words are narrowed by their first 12 characters, then checked
ROWS = 400  # index rows of a word read before its tier is walked instead
TABLE = "directory_matterkey"
_BEYOND = "\U0010ffff"  # sorts after every character: [w, w + _BEYOND) is "starts with w"

# Every position of a matter's search text except the separators: (before, key).
_FILL = f"""
    WITH RECURSIVE n(i) AS (
        SELECT 2 UNION ALL SELECT i + 1 FROM n
        WHERE i < (SELECT coalesce(max(length(search_text)), 0) FROM directory_matter{{where}})
    )
    INSERT INTO {TABLE} (matter_id, before, key)
    SELECT m.id, substr(m.search_text, n.i - 1, 1), substr(m.search_text, n.i, {KEY_LENGTH})
    FROM directory_matter m JOIN n ON n.i <= length(m.search_text)
    WHERE substr(m.search_text, n.i, 1) NOT IN ('|', '^'){{and_where}}
"""


def reindex(matter_ids: Iterable[int] | None = None) -> None:
    """Write the keys of these matters again (every matter's for None), in SQL.

    ``Matter.save()`` and the department-rename signal call it; code that writes
    matters without ``save()`` (``bulk_create``, ``bulk_update``) must call it too, as
    it calls ``refresh_search_text()``.
    """
    ids = None if matter_ids is None else sorted({int(pk) for pk in matter_ids})
    if ids == []:
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(_FILL.format(where="", and_where=""))
            return
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE matter_id IN ({marks})", ids)
        cursor.execute(
            _FILL.format(where=f" WHERE id IN ({marks})", and_where=f" AND m.id IN ({marks})"),
            [*ids, *ids],
        )


# --- indexes (migration 0006) --------------------------------------------------------


def create_indexes(schema_editor) -> None:
    """(key) for "contains", (before, key) for "a term starts with"; on PostgreSQL in
    code point order, which the prefix range needs."""
    order = ' COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX directory_key_any ON {TABLE} (key{order}, matter_id)")
    schema_editor.execute(
        f"CREATE INDEX directory_key_term ON {TABLE} (before, key{order}, matter_id)"
    )


# --- reading --------------------------------------------------------------------------


def _key() -> str:
    return "key" + (' COLLATE "C"' if connection.vendor == "postgresql" else "")


def _starts(word: str, before: tuple[str, ...]) -> tuple[str, list]:
    """Rows of the index whose key starts with ``word`` (after one of ``before``)."""
    word = word[:KEY_LENGTH]
    where = f"{_key()} >= %s AND {_key()} < %s"
    params: list = [word, word + _BEYOND]
    if before:
        where = f"before IN ({', '.join(['%s'] * len(before))}) AND " + where
        params = [*before, *params]
    return where, params


def _count_over(word: str, before: tuple[str, ...]) -> tuple[str, list]:
    """True when there are more than ROWS such keys: the tier is crowded."""
    where, params = _starts(word, before)
    sql = f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT {ROWS + 1}) k)"
    return f"{sql} > {ROWS}", params


def _complete(word: str, before: tuple[str, ...] = ()) -> tuple[str, list]:
    """Every matter with such a key — unless there are more than ROWS keys (crowded),
    then none: its tier is walked instead. The choice is the LIMIT (an expression
    both databases evaluate once, before reading: a LIMIT of 0 reads nothing)."""
    where, params = _starts(word, before)
    crowded, crowded_params = _count_over(word, before)
    return (
        f"SELECT DISTINCT matter_id FROM (SELECT matter_id FROM {TABLE} WHERE {where} "
        f"LIMIT (CASE WHEN {crowded} THEN 0 ELSE {ROWS} END)) c",
        [*params, *crowded_params],
    )


def _contains(column: str) -> str:
    """SQL: ``column`` contains a parameter (a plain substring: no LIKE wildcards)."""
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"{position}({column}, %s) > 0"


def _tier_conditions(phrase: str) -> list[tuple[str, list]]:
    """The walks' SQL for "the name (as typed or in pinyin) starts with the phrase" and
    "... or another term does" — the conditions of ranks 0–1 and 2 in
    selectors._ranked, each including the better ones."""
    name = f'lower(substr("directory_matter"."name", 1, {len(phrase)})) = %s'
    text = '"directory_matter"."search_text"'
    name_start = f"({name} OR {_contains(text)})"
    name_params = [phrase, TERM_SEPARATOR + NAME_MARK + phrase]
    return [
        (name_start, name_params),
        (f"({name_start} OR {_contains(text)})", [*name_params, TERM_SEPARATOR + phrase]),
    ]


def _walk(scope: tuple[str, list], condition: tuple[str, list], gates, depth: int):
    """The ``depth`` shortest names of ``scope`` meeting ``condition`` — when every
    gate holds (each word of the tier crowded); otherwise a LIMIT of 0 reads nothing."""
    sql, params = scope
    every = " AND ".join(gate for gate, _params in gates)
    sql = (
        f"{sql} AND {condition[0]} "
        'ORDER BY length("directory_matter"."name"), "directory_matter"."name", '
        f'"directory_matter"."id" LIMIT (CASE WHEN {every} THEN {depth} ELSE 0 END)'
    )
    gate_params = [p for _gate, ps in gates for p in ps]
    return f"SELECT * FROM ({sql}) w", [*params, *condition[1], *gate_params]


def candidates(scope: QuerySet, tokens: list[str], phrase: str, depth: int) -> tuple[str, list]:
    """SQL (and its parameters) for the ids among which the first ``depth`` ranked
    matters of ``scope`` are (the tiers: the name starts with the phrase; a term does;
    every token occurs).

    ``scope`` (matters) already requires every token and the page's filters, so a walk
    only returns rows that are matches. It is compiled once, for the three walks.
    """
    sql, params = scope.order_by().values("pk").query.sql_with_params()
    if " WHERE " not in sql:
        raise ValueError("the scope of a search has conditions")
    compiled = (sql, list(params))
    parts: list[tuple[str, list]] = []
    tiers = _tier_conditions(phrase)
    for before, condition in zip((("^",), ("^", "|")), tiers, strict=True):
        parts.append(_complete(phrase, before))
        parts.append(_walk(compiled, condition, [_count_over(phrase, before)], depth))
    for token in tokens:
        parts.append(_complete(token))
    # Every match of the tokens: complete if one token is not crowded (a match has
    # them all); walked when each is.
    gates = [_count_over(token, ()) for token in tokens]
    parts.append(_walk(compiled, ("1 = 1", []), gates, depth))
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) p{i}" for i, (part, _p) in enumerate(parts))
    params = [p for _part, part_params in parts for p in part_params]
    return sql, params


def restrict(queryset: QuerySet, among: tuple[str, list]) -> QuerySet:
    """``queryset`` narrowed to the ids ``candidates`` gave: looked up by primary key
    (on PostgreSQL ``= ANY(ARRAY(…))``, so the planner cannot hash-join a scan of the
    table against them)."""
    sql, params = among
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        where = f'"{table}"."id" = ANY(ARRAY({sql}))'
    else:
        where = f'"{table}"."id" IN ({sql})'
    return queryset.extra(where=[where], params=params)


__all__ = ["KEY_LENGTH", "ROWS", "candidates", "create_indexes", "reindex", "restrict"]
