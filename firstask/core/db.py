"""Database plumbing that domain code should not carry: set-based writes, fast reads.

Many rows with a fixed number of statements, at the database's pace rather than the
pace of Python building SQL:

- ``insert_rows`` / ``update_rows`` write a batch with **one statement**:

  - SQLite: one prepared statement executed for every row (``executemany``): the
    driver binds each row and SQLite steps it, both in C.
  - PostgreSQL: the whole batch as **one JSON parameter**, unpacked by the server
    (``INSERT … SELECT (e->>0)::bigint, … FROM jsonb_array_elements(%s::jsonb) AS e``,
    ``WITH v AS MATERIALIZED (SELECT … FROM jsonb_array_elements(%s::jsonb) AS e) UPDATE …``);
    columns with one value for the whole batch go as plain parameters (``same=``).
    Django's psycopg 3 cursor binds on the client: a multi-row ``VALUES`` has every
    value adapted and spliced into the SQL text in Python (≈ 26,000 per batch of the
    warning sweep) and then parsed again by the server, and an array parameter is
    adapted element by element in Python too (timestamps and quoted text slowly).
    ``json.dumps`` runs in C, the statement's text is the same for every batch, and
    ``jsonb`` is parsed once (``json``'s ``->>`` would re-parse the row per column).

  Django's ``bulk_create`` and ``Case(When…)`` updates compile SQL value by value in
  Python, which costs more than the database's own work by an order of magnitude at a
  few thousand rows. One statement per call in Django's query log (and in our
  query-count tests), whatever the number of rows.
- ``fetch_values`` reads a ``values_list`` query's rows with converters chosen once per
  column (on SQLite a timestamp is parsed by ``datetime.fromisoformat``, in C; on
  PostgreSQL psycopg's C loader), not Django's generic per-value converter chain;
  ``CompiledValues`` keeps such a query compiled to run again with new parameters.
- ``wide_inserts`` lets ``bulk_create`` put a whole batch in one INSERT on SQLite.

Values are adapted per column the way Django's fields would (datetimes to UTC, JSON
through the field's encoder), chosen once per column rather than once per value.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL

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


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _adapter(field) -> Callable[[Any], Any] | None:
    """How one column's Python values become parameter values (None: as they are).

    On PostgreSQL the values go into a JSON document: timestamps as ISO 8601 text
    (exact to the microsecond, with their offset), JSON as itself (``_from_json``).
    """
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind == "DateTimeField":
        if _postgres():
            return _remembered(_iso)
        return _remembered(connection.ops.adapt_datetimefield_value)
    if kind == "JSONField":
        if _postgres():
            return None if field.encoder is None else partial(_reencoded, field.encoder)
        return partial(connection.ops.adapt_json_value, encoder=field.encoder)
    prepare = partial(field.get_db_prep_save, connection=connection)
    if _postgres():
        return lambda value: _plain(prepare(value))
    return prepare


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _reencoded(encoder, value):
    """A JSON value through the field's encoder, as plain JSON types again."""
    return None if value is None else json.loads(json.dumps(value, cls=encoder))


def _plain(value):
    """A prepared database value as a JSON scalar (text for the types JSON lacks)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TypeError("binary columns are not supported by insert_rows/update_rows")
    return value


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
    return concrete, [quote(f.column) for f in concrete], [_adapter(f) for f in concrete]


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


def _from_json(fields: Sequence, aliases: Sequence[str] = (), constants: Sequence[str] = ()) -> str:
    """PostgreSQL: a SELECT of the rows of one JSON parameter, an array of rows, each
    row an array of values in ``fields`` order, cast to the columns' types; then one
    parameter per database type in ``constants``, the same in every row (they come
    first in the statement's parameters)."""
    columns = []
    for i, field in enumerate(fields):
        if field.get_internal_type() == "JSONField":
            # A JSON null is SQL NULL, as Django stores None in a JSONField.
            value = f"CASE WHEN jsonb_typeof(e->{i}) = 'null' THEN NULL ELSE e->{i} END"
        else:
            value = f"(e->>{i})::{field.cast_db_type(connection)}"
        columns.append(f"{value} AS {aliases[i]}" if aliases else value)
    columns += [f"%s::{db_type}" for db_type in constants]
    return f"SELECT {', '.join(columns)} FROM jsonb_array_elements(%s::jsonb) AS e"


def _document(params: list) -> str:
    return json.dumps(params, separators=(",", ":"))


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    same: Mapping[str, Any] | None = None,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``) with one statement.

    ``same`` gives the columns whose value is the same in every row (field name →
    value): on PostgreSQL each is one parameter of the statement rather than a value
    in every row of the document — half of a warning notification's thirteen
    columns are the batch's instant and a fresh outbox state, and each value in the
    document is JSON to write in Python and text to parse and cast on the server.
    ``ignore_conflicts`` adds ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL alike):
    the row a unique constraint already holds is skipped, nothing else is.
    """
    concrete, columns, adapters = _columns(model, fields)
    params = _adapt(rows, adapters)
    if not params:
        return
    fixed, fixed_columns, fixed_values = _same(model, same or {})
    table = connection.ops.quote_name(model._meta.db_table)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    head = f"INSERT INTO {table} ({', '.join([*columns, *fixed_columns])})"
    with connection.cursor() as cursor:
        if _postgres():
            select = _from_json(concrete, constants=[f.cast_db_type(connection) for f in fixed])
            cursor.execute(f"{head} {select}{conflict}", [*fixed_values, _document(params)])
            return
        values = ", ".join(["%s"] * (len(columns) + len(fixed_columns)))
        if fixed_values:
            params = [(*row, *fixed_values) for row in params]
        cursor.executemany(f"{head} VALUES ({values}){conflict}", params)


def _same(model: type[Model], same: Mapping[str, Any]) -> tuple[list, list[str], list]:
    """(fields, quoted columns, adapted values) of the columns every row shares."""
    fields, columns, adapters = _columns(model, list(same))
    if any(f.get_internal_type() == "JSONField" for f in fields):
        raise TypeError("a JSON column cannot be given once for every row (same=)")
    values = [v if a is None else a(v) for v, a in zip(same.values(), adapters, strict=True)]
    return fields, columns, values


def update_rows(
    model: type[Model],
    set_fields: Sequence[str],
    where_fields: Sequence[str],
    rows: Iterable[Sequence],
) -> int:
    """``UPDATE … SET set_fields WHERE where_fields`` for every row, one statement.

    Each row holds the new values then the matched ones; a row whose WHERE no longer
    matches (someone changed it meanwhile) is left alone — on both databases a NULL
    matches nothing. Returns the rows changed.
    """
    set_concrete, set_columns, set_adapters = _columns(model, set_fields)
    where_concrete, where_columns, where_adapters = _columns(model, where_fields)
    params = _adapt(rows, set_adapters + where_adapters)
    if not params:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if _postgres():
            names = [f"v{i}" for i in range(len(set_columns) + len(where_columns))]
            values = _from_json([*set_concrete, *where_concrete], names)
            assignments = ", ".join(
                f"{c} = v.{n}" for c, n in zip(set_columns, names, strict=False)
            )
            conditions = " AND ".join(
                f"{table}.{c} = v.{n}"
                for c, n in zip(where_columns, names[len(set_columns) :], strict=True)
            )
            # The rows to change found by ``= ANY(array)`` on the first matched column
            # (an index probe per row, when indexed) before the join: joined straight to
            # the document — estimated at 100 rows — PostgreSQL hashed it against a
            # scan of the whole table.
            key = f"{table}.{where_columns[0]}"
            first = f"{key} = ANY(ARRAY(SELECT v.{names[len(set_columns)]} FROM v))"
            cursor.execute(
                f"WITH v AS MATERIALIZED ({values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {first} AND {conditions}",
                [_document(params)],
            )
            return max(cursor.rowcount, 0)
        assignments = ", ".join(f"{c} = %s" for c in set_columns)
        conditions = " AND ".join(f"{c} = %s" for c in where_columns)
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {conditions}", params)
        return max(cursor.rowcount, 0)


def in_document(model: type[Model], field: str, document: str = "[]") -> RawSQL:
    """``<field> IN (the numbers of a JSON array)``: a condition with one parameter,
    whatever the number of values.

    ``pk__in=[…]`` is one parameter per value: the SQL differs with the count, so it
    is compiled again for every batch (≈ 2 ms of Python for 500 ids), and SQLite's
    statement cache misses. With the list as one JSON parameter the query can be
    compiled once (``CompiledValues``) and run with ``[json.dumps(ids)]``.
    """
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"
    if _postgres():
        # An array, not a subquery: PostgreSQL estimates a set-returning function at
        # 100 rows and hash-joined it with a scan of the whole table; ``= ANY(array)``
        # is an index condition, one probe per value.
        values = "ARRAY(SELECT (jsonb_array_elements_text(%s::jsonb))::bigint)"
        return RawSQL(f"{column} = ANY({values})", [document], output_field=BooleanField())
    values = "SELECT value FROM json_each(%s)"
    return RawSQL(f"{column} IN ({values})", [document], output_field=BooleanField())


def fetch_values(queryset: QuerySet) -> list:
    """The rows of a ``values_list`` queryset, converted with readers chosen per column.

    What ``list(queryset)`` returns, without Django's per-value converter chain: on
    SQLite a timestamp is text parsed by ``datetime.fromisoformat`` (C) and a boolean
    an integer; psycopg hands PostgreSQL's values over typed already. One statement,
    in Django's query log like any other.
    """
    compiled = CompiledValues.of(queryset)
    return [] if compiled is None else compiled.fetch()


@dataclass(frozen=True)
class CompiledValues:
    """A ``values_list`` query compiled once, to be run again with other parameters.

    Building and compiling a queryset costs about a millisecond of Python — most of an
    idle warning sweep, whose SQL never changes but for the instant it asks about.
    ``fetch(params)`` runs the same SQL with new parameters (in the order ``params``
    had when compiled) on the current thread's connection of the same alias.
    """

    alias: str
    sql: str
    params: tuple
    readers: tuple

    @classmethod
    def of(cls, queryset: QuerySet) -> CompiledValues | None:
        """``queryset`` compiled; None when it can match nothing (``pk__in=[]``)."""
        db = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        readers = tuple(
            (i, r) for i, (expr, _, _) in enumerate(compiler.select) if (r := _reader(expr, db))
        )
        return cls(queryset.db, sql, tuple(params), readers)

    def fetch(self, params: Sequence | None = None) -> list:
        db = connections[self.alias]
        with db.cursor() as cursor:
            if db.vendor == "postgresql":
                _fast_timestamps(db, cursor)
            cursor.execute(self.sql, self.params if params is None else params)
            rows = cursor.fetchall()
        if not self.readers:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for i, read in self.readers:
                if row[i] is not None:
                    row[i] = read(row[i])
            converted.append(row)
        return converted


def _fast_timestamps(db, cursor) -> None:
    """Load ``timestamptz`` with psycopg's own (C) loader on this cursor only.

    Django registers a Python subclass that parses every value with a regular
    expression to put Django's time zone on it (≈ 4 µs a value, a tenth of a sweep
    batch's client time); when the session's zone is UTC — always, unless a
    database ``TIME_ZONE`` is set — psycopg's loader gives the same aware UTC value.
    """
    if not (settings.USE_TZ and db.timezone_name == "UTC"):
        return
    import psycopg

    loader = psycopg.adapters.get_loader(_timestamptz_oid(), psycopg.pq.Format.TEXT)
    cursor.cursor.adapters.register_loader("timestamptz", loader)


@cache
def _timestamptz_oid() -> int:
    import psycopg

    return psycopg.postgres.types["timestamptz"].oid


def _reader(expression, db) -> Callable[[Any], Any] | None:
    """How one selected column's database values become Python values (None: as they are)."""
    kind = expression.output_field.get_internal_type()
    if db.vendor == "sqlite" and kind == "DateTimeField":
        return partial(_sqlite_datetime, db.timezone if settings.USE_TZ else None)
    if db.vendor == "sqlite" and kind == "BooleanField":
        return bool
    converters = db.ops.get_db_converters(expression) + expression.get_db_converters(db)
    if not converters:
        return None

    def read(value):
        for convert in converters:
            value = convert(value, expression, db)
        return value

    return read


def _sqlite_datetime(zone, value):
    """Django's SQLite timestamp text (naive UTC) as the datetime its converter returns."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if zone is not None and value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


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
