"""Results out of an engine, in one shape whatever the engine.

Engines disagree on small things: PostgreSQL sums integers into NUMERIC, Spark may hand back
timestamps with a zone, DuckDB uses int32 for some date parts. `to_arrow` removes those
differences (integers → int64, decimals and floats → float64, timestamps → naive UTC
microseconds, strings → string) and sorts the rows, so results from DuckDB, Spark and
PostgreSQL can be compared with `assert_same`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

Key = str | Sequence[str] | None


def to_arrow(expr: ir.Table, key: Key = None) -> pa.Table:
    """Execute `expr` and return its rows, normalised and sorted by `key` (default: all)."""
    return normalise(expr.to_pyarrow(), key)


def normalise(table: pa.Table, key: Key = None) -> pa.Table:
    """`table` with engine-neutral types, sorted by `key` (default: every non-list column)."""
    columns = [_column(table.column(i)) for i in range(table.num_columns)]
    out = pa.table(columns, names=table.column_names)
    keys = _keys(out, key)
    return out.sort_by([(name, "ascending") for name in keys]) if keys else out


def _keys(table: pa.Table, key: Key) -> list[str]:
    if key is None:
        return [f.name for f in table.schema if not pa.types.is_list(f.type)]
    return [key] if isinstance(key, str) else list(key)


def _column(values: pa.ChunkedArray) -> pa.ChunkedArray:
    target = neutral_type(values.type)
    if pa.types.is_timestamp(values.type) and values.type.tz is not None:
        values = pc.cast(values, pa.timestamp(values.type.unit, tz="UTC"))
        values = pc.local_timestamp(values)
    return values if values.type == target else pc.cast(values, target)


def neutral_type(kind: pa.DataType) -> pa.DataType:
    """The type every engine's version of `kind` is compared as."""
    if pa.types.is_integer(kind):
        return pa.int64()
    if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return pa.float64()
    if pa.types.is_timestamp(kind):
        return pa.timestamp("us")
    if pa.types.is_date(kind):
        return pa.date32()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pa.string()
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pa.list_(neutral_type(kind.value_type))
    return kind


def assert_same(a: pa.Table, b: pa.Table, key: Key = None, rel: float = 1e-9) -> None:
    """Fail unless `a` and `b` hold the same rows (floats equal within `rel`)."""
    a, b = normalise(a, key), normalise(b, key)
    if a.column_names != b.column_names:
        raise AssertionError(f"columns {a.column_names} != {b.column_names}")
    if a.num_rows != b.num_rows:
        raise AssertionError(f"{a.num_rows} rows != {b.num_rows} rows")
    for name in a.column_names:
        left, right = a.column(name).to_pylist(), b.column(name).to_pylist()
        for row, (x, y) in enumerate(zip(left, right, strict=True)):
            if not _same(x, y, rel):
                raise AssertionError(f"column {name}, row {row}: {x!r} != {y!r}")


def _same(x: Any, y: Any, rel: float) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=rel, abs_tol=rel)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_same(i, j, rel) for i, j in zip(x, y, strict=True))
    return bool(x == y)
