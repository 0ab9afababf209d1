"""Builders for the engine's input tables, with exactly the contract's columns and types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

ACCOUNTS = pa.schema(
    [
        ("account_id", pa.int64()), ("domain", pa.string()), ("name", pa.string()),
        ("industry", pa.string()), ("employees", pa.int64()), ("annual_revenue", pa.float64()),
        ("country", pa.string()), ("region", pa.string()), ("is_customer", pa.bool_()),
        ("technologies", pa.list_(pa.string())), ("created_at", pa.timestamp("us")),
    ]
)  # fmt: skip
CONTACTS = pa.schema(
    [
        ("contact_id", pa.int64()), ("account_id", pa.int64()), ("email", pa.string()),
        ("title", pa.string()), ("department", pa.string()), ("country", pa.string()),
        ("seniority", pa.string()), ("function", pa.string()), ("buying_role", pa.string()),
        ("role_source", pa.string()),
    ]
)  # fmt: skip
OPPORTUNITIES = pa.schema(
    [
        ("opportunity_id", pa.int64()), ("account_id", pa.int64()), ("opp_type", pa.string()),
        ("amount", pa.float64()), ("stage", pa.string()), ("is_closed", pa.bool_()),
        ("is_won", pa.bool_()), ("created_date", pa.date32()), ("close_date", pa.date32()),
    ]
)  # fmt: skip
ACTIVITIES = pa.schema(
    [
        ("event_id", pa.string()), ("occurred_at", pa.timestamp("us")),
        ("activity_type", pa.string()), ("channel", pa.string()), ("contact_email", pa.string()),
        ("account_domain", pa.string()), ("url", pa.string()), ("duration_minutes", pa.int64()),
        ("source", pa.string()), ("account_id", pa.int64()), ("contact_id", pa.int64()),
    ]
)  # fmt: skip
INTENT = pa.schema(
    [
        ("provider", pa.string()), ("domain", pa.string()), ("account_id", pa.int64()),
        ("topic", pa.string()), ("category", pa.string()), ("score", pa.float64()),
        ("week_start", pa.date32()), ("is_surging", pa.bool_()), ("metro", pa.string()),
    ]
)  # fmt: skip

Rows = list[dict[str, Any]]
Builder = Callable[[Rows], ir.Table]


def arrow(schema: pa.Schema, rows: Rows) -> pa.Table:
    """Rows as an Arrow table; columns a row leaves out are null."""
    return pa.Table.from_pylist([{n: r.get(n) for n in schema.names} for r in rows], schema)


def _builder(schema: pa.Schema) -> Builder:
    return lambda rows: ibis.memtable(arrow(schema, rows))


accounts = _builder(ACCOUNTS)
contacts = _builder(CONTACTS)
opportunities = _builder(OPPORTUNITIES)
activities = _builder(ACTIVITIES)
intent = _builder(INTENT)


def by_account(table: ir.Table) -> dict[int, dict[str, Any]]:
    """Execute on DuckDB: {account_id: row}."""
    return {row["account_id"]: row for row in table.to_pyarrow().to_pylist()}


def points_by_account(contributions: ir.Table, component: str) -> dict[int, float]:
    sums: dict[int, float] = {}
    for row in contributions.to_pyarrow().to_pylist():
        assert row["component"] == component
        sums[row["account_id"]] = sums.get(row["account_id"], 0.0) + row["points"]
    return sums


AS_OF = dt.date(2026, 4, 1)
