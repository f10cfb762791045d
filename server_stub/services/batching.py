"""Batching: IN-lists in chunks (SQLite caps bound variables per statement), and many rows in one
driver-level ``executemany`` (for thousands of small rows, SQLAlchemy's work per row costs more than the
database's own)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

T = TypeVar("T")
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_rows(db: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows of plain values (numbers and text: nothing a column type would convert) straight
    through the driver."""
    if not rows:
        return
    connection = db.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join([mark] * len(columns))})",
                               rows)


def insert_dicts(db: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """``insert(table)`` for many rows, through the driver: each value converted as its column's type
    converts it (JSON to text, times to the dialect's form) and the columns' Python defaults filled in.
    Every row names the same columns."""
    if not rows:
        return
    dialect = db.get_bind().dialect
    given = list(rows[0])
    defaults = {c.name: _default(table, c.name) for c in table.c if c.name not in given and c.default is not None}

    def converter(name: str) -> _Converter:
        return _Converter(table.c[name].type.dialect_impl(dialect).bind_processor(dialect))

    convert = [converter(name) for name in given]
    filled = tuple(converter(name)(value) for name, value in defaults.items())  # the same in every row
    values = [tuple(fn(row[name]) for name, fn in zip(given, convert)) + filled for row in rows]
    insert_rows(db, table, given + list(defaults), values)


def _default(table: Table, name: str) -> Any:
    """A column's Python default: one value for all the rows, as one multi-row statement's would be."""
    default: Any = table.c[name].default
    if not (default.is_scalar or default.is_callable):
        raise TypeError(f"{table.name}.{name}: only scalar and callable defaults are filled in here")
    return default.arg(None) if default.is_callable else default.arg


class _Converter:
    """A column's bind processor that converts a value met again in the next row only once (the run's one
    timestamp: the same object in every row)."""

    def __init__(self, process):
        self.process, self.last, self.converted = process, _NOTHING, None

    def __call__(self, value: Any) -> Any:
        if self.process is None:
            return value
        if value is not self.last:
            self.last, self.converted = value, self.process(value)
        return self.converted


_NOTHING = object()


def insert_with_ids(db: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """``insert_dicts`` for a table with an integer ``id``: the new ids, in the rows' order. Called inside a
    write transaction: SQLite's ids follow the largest one under its write lock; PostgreSQL's come from the
    column's sequence."""
    if not rows:
        return []
    dialect = db.get_bind().dialect
    if dialect.name == "postgresql":
        ids = list(db.scalars(text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                                   "FROM generate_series(1, :count) ORDER BY 1"),
                              {"table": table.name, "count": len(rows)}))
    else:
        top = db.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {dialect.identifier_preparer.quote(table.name)}"))
        ids = list(range(top + 1, top + 1 + len(rows)))
    insert_dicts(db, table, [{"id": new_id, **row} for new_id, row in zip(ids, rows)])
    return ids
