"""Set-based writes: many rows per statement, never row-by-row ORM in a hot path."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy import ClauseElement, Table, bindparam, column, insert, update
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Session

CHUNK = 2000
COPY_CHUNK = 20_000  # rows per COPY write or executemany: bounded memory, few calls


def insert_returning_ids(
    session: Session, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert rows and return their new primary keys, in the order given."""
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        ids.extend(session.scalars(stmt, list(chunk)).all())
    return ids


def update_by_id(
    session: Session, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> None:
    """Bulk UPDATE by primary key; every row must hold `id`.

    Rows are grouped by the columns they change, and each group runs as one executemany of a
    plain UPDATE: the ORM's bulk path would issue one statement per row when rows differ.
    """
    table: Table = model.__table__  # type: ignore[assignment]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(k for k in row if k != "id"))].append(row)
    for columns, group in groups.items():
        if not columns:
            continue
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in columns})
        )
        params = [{"_id": r["id"], **{c: r[c] for c in columns}} for r in group]
        for start in range(0, len(params), CHUNK):
            session.execute(stmt, params[start : start + CHUNK])


def upsert_many(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    key: Sequence[str],
    update_columns: Sequence[str] | None = None,
) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE (or DO NOTHING when there is nothing to update)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = builder(table)
    if update_columns:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(key), set_={c: stmt.excluded[c] for c in update_columns}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
    # One statement, many parameter sets: the driver batches it (executemany), which is far
    # cheaper than compiling a multi-row VALUES clause per chunk.
    for start in range(0, len(rows), CHUNK):
        session.execute(stmt, list(rows[start : start + CHUNK]))


def insert_arrow(session: Session, table: Table, data: pa.Table) -> None:
    """INSERT every row of `data` into `table`, in the session's transaction, without the ORM.

    Columns are named as the table's; values are stored as given (a JSON column takes text
    that is already JSON). PostgreSQL receives one COPY of CSV written by Arrow, SQLite one
    executemany of plain tuples; other databases an executemany through SQLAlchemy.
    """
    if not data.num_rows:
        return
    dialect = session.get_bind().dialect.name
    connection = session.connection().connection.driver_connection
    if dialect == "postgresql" and hasattr(connection, "cursor"):
        _copy_csv(connection, table.name, data)
    elif dialect == "sqlite":
        _sqlite_executemany(connection, table.name, data)
    else:
        plain = sql_table(table.name, *(column(name) for name in data.column_names))
        for batch in data.to_batches(max_chunksize=CHUNK):
            session.execute(insert(plain), batch.to_pylist())


def _copy_csv(connection: Any, name: str, data: pa.Table) -> None:
    columns = ", ".join(f'"{c}"' for c in data.column_names)
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    with (
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{name}" ({columns}) FROM STDIN WITH (FORMAT csv)') as copy,
    ):
        for batch in data.to_batches(max_chunksize=COPY_CHUNK):
            sink = pa.BufferOutputStream()
            pacsv.write_csv(pa.Table.from_batches([batch]), sink, options)
            copy.write(sink.getvalue().to_pybytes())


def _sqlite_executemany(connection: Any, name: str, data: pa.Table) -> None:
    columns = ", ".join(f'"{c}"' for c in data.column_names)
    holes = ", ".join("?" * data.num_columns)
    statement = f'INSERT INTO "{name}" ({columns}) VALUES ({holes})'
    cursor = connection.cursor()
    try:
        for batch in data.to_batches(max_chunksize=COPY_CHUNK):
            values = [_sqlite_values(batch.column(i)) for i in range(batch.num_columns)]
            cursor.executemany(statement, zip(*values, strict=True))
    finally:
        cursor.close()


def _sqlite_values(values: pa.Array) -> list[Any]:
    """Python values as SQLAlchemy stores them in SQLite: dates and times as ISO text."""
    if pa.types.is_date(values.type):
        values = pc.cast(values, pa.string())
    elif pa.types.is_timestamp(values.type):
        # %S of a microsecond timestamp carries the six fractional digits SQLAlchemy writes.
        values = pc.strftime(pc.cast(values, pa.timestamp("us")), "%Y-%m-%d %H:%M:%S")
    out: list[Any] = values.to_pylist()
    return out


def select_arrow(session: Session, stmt: ClauseElement, schema: pa.Schema) -> pa.Table:
    """The rows of `stmt` as an Arrow table of `schema`, read in the session's transaction.

    Through the driver's own cursor: SQLAlchemy's per-row result objects cost more than the
    query for a large read. The statement's values are inlined, so they must be literals.
    """
    dialect = session.get_bind().dialect
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.table([pa.array(c, f.type) for c, f in zip(columns, schema, strict=True)], schema)
