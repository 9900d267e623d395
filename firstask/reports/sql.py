"""Plain SQL for the wide sums: the ORM spends more time compiling ~100 ``Sum()``
expressions than the database spends adding them up, so the aggregates are written
with ``INSERT … SELECT … GROUP BY`` and read with one prepared ``SELECT SUM(…)`` per
question. Portable SQL only (SQLite and PostgreSQL); table and column names come from
the models, values are always parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache

from django.db import connection

from firstask.reports.columns import COUNTS
from firstask.reports.models import DayAggregate, MonthAggregate, TicketFact


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


@cache
def _sums() -> str:
    return ", ".join(f"COALESCE(SUM({_q(c)}), 0)" for c in COUNTS)


@cache
def _counts() -> str:
    return ", ".join(_q(c) for c in COUNTS)


FACT_KEYS = ("ticket_id", "day", "department_id", "staff_id", "channel", "category")


def insert_facts(rows: Sequence[tuple]) -> None:
    """Rows of (*FACT_KEYS, *COUNTS) in one executemany."""
    if not rows:
        return
    columns = ", ".join(_q(c) for c in (*FACT_KEYS, *COUNTS))
    marks = ", ".join(["%s"] * (len(FACT_KEYS) + len(COUNTS)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(TicketFact)} ({columns}) VALUES ({marks})",
            rows,
        )


def write_day(day: date) -> None:
    """The day's rows from its facts, in the database."""
    keys = "department_id, staff_id, channel, category"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(DayAggregate)} WHERE day = %s", [day])
        cursor.execute(
            f"INSERT INTO {_table(DayAggregate)} (day, {keys}, {_counts()}) "
            f"SELECT day, {keys}, {_sums()} FROM {_table(TicketFact)} "
            f"WHERE day = %s GROUP BY day, {keys}",
            [day],
        )


def write_month(month: date, next_month: date) -> None:
    """The month's rows — total, per channel, per category — from its day rows."""
    table, source = _table(MonthAggregate), _table(DayAggregate)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE month = %s", [month])
        for dim, value in (("", "''"), ("channel", "channel"), ("category", "category")):
            group = "department_id, staff_id" + (f", {value}" if dim else "")
            cursor.execute(
                f"INSERT INTO {table} (month, dim, value, department_id, staff_id, "
                f"{_counts()}) SELECT %s, %s, {value}, department_id, staff_id, {_sums()} "
                f"FROM {source} WHERE day >= %s AND day < %s GROUP BY {group}",
                [month, dim, month, next_month],
            )


def sum_rows(
    model, keys: Sequence[str], where: Iterable[tuple[str, Sequence]]
) -> list[dict[str, int]]:
    """``SELECT keys, SUM(every count) FROM model WHERE … GROUP BY keys`` as dicts."""
    clauses, params = [], []
    for sql, values in where:
        clauses.append(sql)
        params.extend(values)
    key_sql = ", ".join(_q(k) for k in keys)
    select = f"{key_sql}, {_sums()}" if keys else _sums()
    sql = f"SELECT {select} FROM {_table(model)}"
    if clauses:
        sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
    if keys:
        sql += f" GROUP BY {key_sql}"
    names = [*keys, *COUNTS]
    k = len(keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # PostgreSQL's SUM of bigint is numeric (a Decimal): the measures want ints.
        return [
            dict(zip(names, (*row[:k], *map(int, row[k:])), strict=True))
            for row in cursor.fetchall()
        ]


def in_list(column: str, values: Sequence) -> tuple[str, list]:
    marks = ", ".join(["%s"] * len(values))
    return f"{_q(column)} IN ({marks})", list(values)


def equals(column: str, value) -> tuple[str, list]:
    if value is None:
        return f"{_q(column)} IS NULL", []
    return f"{_q(column)} = %s", [value]


# --- fast reads for the refresh ------------------------------------------------------------


def _aware(value):
    """SQLite hands back naive UTC (text, or a datetime from its declared-type
    converter); PostgreSQL an aware datetime already. Cheaper than the ORM's chain."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite's own "datetime" converter gives naive UTC
        return value.replace(tzinfo=UTC)
    return value


def fetch(sql: str, params: Sequence, names: Sequence[str], times: Iterable[str] = ()):
    """Rows of a raw query as dicts, with the named columns made aware datetimes."""
    at = [names.index(n) for n in times]
    return [dict(zip(names, row, strict=True)) for row in fetch_tuples(sql, params, at)]


def fetch_tuples(sql: str, params: Sequence, times: Iterable[int] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "sqlite" or not times:
        return rows
    times = tuple(times)
    out = []
    for row in rows:
        row = list(row)
        for i in times:
            if row[i] is not None:
                row[i] = _aware(row[i])
        out.append(tuple(row))
    return out


def adapt_datetime(value: datetime):
    """A datetime parameter as the backend stores it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def table_of(model) -> str:
    return _table(model)


def quoted(name: str) -> str:
    return _q(name)


def indexed_by(model, column: str) -> str:
    """SQLite only: `` INDEXED BY`` the single-column index on ``column``, else "".

    SQLite's ANALYZE counts NULLs as one value, so a column that is mostly NULL — a
    repeat visit's ``repeat_of_id`` — looks as if each key matched every row, and the
    planner scans the whole table for ``IN (…)`` (1.2 s per batch at a million
    inquiries). PostgreSQL keeps a NULL fraction and needs no hint."""
    if connection.vendor != "sqlite":
        return ""
    name = _single_column_index(model._meta.db_table, column)
    return f" INDEXED BY {_q(name)}" if name else ""


@cache
def _single_column_index(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, about in sorted(constraints.items()):
        if about["index"] and about["columns"] == [column]:
            return name
    return ""
