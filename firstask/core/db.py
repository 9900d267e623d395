"""Database plumbing that domain code should not carry: set-based writes, vendor quirks.

Two ways to write many rows with a fixed number of statements:

- ``insert_rows`` / ``update_rows``: on SQLite one prepared statement executed for
  every row (``executemany``: SQLite loops over the rows in C); on PostgreSQL one
  multi-row statement (``INSERT … VALUES (…), (…)``, ``UPDATE … FROM (VALUES …)``), as
  psycopg would otherwise send, parse and plan each row as a statement of its own.
  Django's ``bulk_create`` and ``Case(When…)`` updates compile SQL value by value in
  Python, which costs more than the database's own work by an order of magnitude at a
  few thousand rows. One statement per call in Django's query log (and our query-count
  tests) at batch sizes up to 60,000 values.
- ``wide_inserts``: let ``bulk_create`` put a whole batch in one INSERT on SQLite.

Values are adapted per column the way Django's fields would (datetimes to UTC, JSON
through the field), but chosen once per column rather than once per value.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import Model

# Types the database drivers take as they are (no per-value adaptation needed).
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _adapter(field) -> Callable[[Any], Any] | None:
    """How one column's Python values become database values (None: as they are)."""
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind == "DateTimeField":
        return _remembered(connection.ops.adapt_datetimefield_value)
    return partial(field.get_db_prep_save, connection=connection)


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``adapt`` with a memory: a batch repeats the same few instants many times."""
    memo: dict = {}

    def remembered(value):
        try:
            return memo[value]
        except KeyError:
            memo[value] = adapted = adapt(value)
            return adapted

    return remembered


def _columns(model: type[Model], fields: Sequence[str]):
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    return [quote(f.column) for f in concrete], [_adapter(f) for f in concrete]


def _adapt(rows: Iterable[Sequence], adapters: list) -> list:
    """The rows with each column adapted; columns the driver takes as they are untouched."""
    slots = [(i, a) for i, a in enumerate(adapters) if a is not None]
    if not slots:
        return [tuple(row) for row in rows]
    params = []
    for row in rows:
        row = list(row)
        for i, adapt in slots:
            row[i] = adapt(row[i])
        params.append(row)
    return params


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``) with one prepared statement.

    ``ignore_conflicts`` adds ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL alike):
    the row a unique constraint already holds is skipped, nothing else is.
    """
    columns, adapters = _columns(model, fields)
    params = _adapt(rows, adapters)
    if not params:
        return
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg with client-side binding sends each row of an executemany as a
            # statement of its own, parsed and planned again: one multi-row VALUES is
            # a single statement for the server.
            for chunk in _chunks(params, _PG_MAX_PARAMS // len(columns)):
                values = ", ".join([f"({', '.join(['%s'] * len(columns))})"] * len(chunk))
                head = sql.split(" VALUES ", 1)[0]
                cursor.execute(f"{head} VALUES {values}{conflict}", [v for r in chunk for v in r])
            return
        cursor.executemany(sql + conflict, params)


def update_rows(
    model: type[Model],
    set_fields: Sequence[str],
    where_fields: Sequence[str],
    rows: Iterable[Sequence],
) -> int:
    """``UPDATE … SET set_fields WHERE where_fields`` once per row, one prepared statement.

    Each row holds the new values then the matched ones; a row whose WHERE no longer
    matches (someone changed it meanwhile) is left alone. Returns the rows changed.
    """
    set_columns, set_adapters = _columns(model, set_fields)
    where_columns, where_adapters = _columns(model, where_fields)
    params = _adapt(rows, set_adapters + where_adapters)
    if not params:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        return _update_from_values(model, table, set_fields, where_fields, params)
    assignments = ", ".join(f"{c} = %s" for c in set_columns)
    conditions = " AND ".join(f"{c} = %s" for c in where_columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {conditions}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        return max(cursor.rowcount, 0)


_PG_MAX_PARAMS = 60_000  # the protocol's limit is 65,535 bound values per statement


def _chunks(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), max(1, size)):
        yield rows[start : start + size]


def _update_from_values(model, table: str, set_fields, where_fields, params: list) -> int:
    """PostgreSQL: ``UPDATE … FROM (VALUES …) AS v`` — the whole batch in one statement."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in (*set_fields, *where_fields)]
    names = [f"v{i}" for i in range(len(fields))]
    casts = [f"%s::{f.db_type(connection)}" for f in fields]
    assignments = ", ".join(
        f"{quote(f.column)} = v.{n}" for f, n in zip(fields[: len(set_fields)], names, strict=False)
    )
    conditions = " AND ".join(
        f"{table}.{quote(f.column)} = v.{n}"
        for f, n in zip(fields[len(set_fields) :], names[len(set_fields) :], strict=True)
    )
    changed = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(params, _PG_MAX_PARAMS // len(fields)):
            values = ", ".join([f"({', '.join(casts)})"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({', '.join(names)}) "
                f"WHERE {conditions}",
                [v for r in chunk for v in r],
            )
            changed += max(cursor.rowcount, 0)
    return changed


@contextmanager
def wide_inserts() -> Iterator[None]:
    """Let one ``bulk_create`` INSERT carry a whole batch on SQLite.

    Django 5.2 assumes SQLite's old compile-time default of 999 bound variables and
    splits a bulk insert into chunks of 999 // columns rows, which makes the number of
    statements grow with the batch; SQLite since 3.32 allows 32766 and says so at run
    time (Django 6.0 reads the real limit the same way).
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    features = connection.features
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    had_own = "max_query_params" in features.__dict__
    previous = features.__dict__.get("max_query_params")
    features.max_query_params = max(limit, 999)
    try:
        yield
    finally:
        if had_own:
            features.max_query_params = previous
        else:
            del features.max_query_params
