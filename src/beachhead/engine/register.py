"""Hand an Arrow table to an engine and get back an Ibis table over it.

Each engine gets the data the fastest way it accepts: DuckDB reads Arrow in place, Spark
builds a DataFrame from Arrow and exposes it as a temporary view, PostgreSQL receives a
temporary table filled with COPY (Ibis's own path inserts row by row).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge
from ibis import BaseBackend

from beachhead.errors import BeachheadError


def register(con: BaseBackend, name: str, table: pa.Table) -> ir.Table:
    """`table` as an Ibis table named `name` in `con` (replacing one of the same name)."""
    kind = con.name
    if kind == "pyspark":
        return _register_spark(con, name, table)
    if kind == "postgres":
        return _register_postgres(con, name, table)
    if kind == "duckdb":
        # A view over the Arrow table: DuckDB scans it in place instead of copying it.
        con.con.register(name, table)
        return con.table(name)
    raise BeachheadError(
        f"engine '{kind}' is not supported", hint="use duckdb, pyspark or postgres"
    )


def _register_spark(con: Any, name: str, table: pa.Table) -> ir.Table:
    if table.num_rows == 0:
        table = table.schema.empty_table()  # Spark rejects columns without any chunk
    frame = con._session.createDataFrame(table)
    frame.createOrReplaceTempView(name)
    return con.table(name)


def _register_postgres(con: Any, name: str, table: pa.Table) -> ir.Table:
    schema = ibis.Schema.from_pyarrow(table.schema)
    create = sge.Create(
        kind="TABLE",
        this=sge.Schema(
            this=sge.to_identifier(name, quoted=True),
            expressions=schema.to_sqlglot_column_defs("postgres"),
        ),
        properties=sge.Properties(expressions=[sge.TemporaryProperty()]),
    )
    columns = ", ".join(f'"{column}"' for column in table.column_names)
    with con.con.cursor() as cursor, con.con.transaction():
        cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        cursor.execute(create.sql("postgres"))
        with cursor.copy(f'COPY "{name}" ({columns}) FROM STDIN') as copy:
            for batch in table.to_batches(max_chunksize=50_000):
                for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                    copy.write_row(row)
        cursor.execute(f'ANALYZE "{name}"')
    return con.table(name)
