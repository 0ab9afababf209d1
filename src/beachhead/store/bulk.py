"""Set-based writes: many rows per statement, never row-by-row ORM in a hot path."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Session

CHUNK = 2000


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
