"""Arrow helpers shared by the activity and intent writers: shapes, counts, issues, parts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from beachhead.core.ingest import RowIssue

PART_GLOB = "part-*.parquet"
LINE = "line"
FILE = "file"


@runtime_checkable
class ArrowBacked(Protocol):
    """Row sequences that hold their data as Arrow (large imports) expose it directly."""

    def to_arrow(self) -> pa.Table: ...


def as_table(rows: Sequence[dict[str, Any]] | pa.Table, schema: pa.Schema) -> pa.Table:
    """`rows` in exactly `schema` (missing columns null, extra ones dropped)."""
    if isinstance(rows, ArrowBacked):
        rows = rows.to_arrow()
    if not isinstance(rows, pa.Table):
        return pa.Table.from_pylist(list(rows), schema=schema)
    columns = []
    for spec in schema:
        if spec.name in rows.column_names:
            columns.append(rows.column(spec.name).cast(spec.type))
        else:
            columns.append(pa.nulls(rows.num_rows, spec.type))
    return pa.Table.from_arrays(columns, schema=schema)


def with_batch_columns(schema: pa.Schema) -> pa.Schema:
    """The stored columns plus where each row came from (never written)."""
    return schema.append(pa.field(LINE, pa.int64())).append(pa.field(FILE, pa.string()))


def first_occurrences(table: pa.Table, keys: list[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """A mask keeping the first row of every distinct key."""
    mask = np.zeros(table.num_rows, dtype=bool)
    if table.num_rows == 0:
        return mask
    indexed = table.select(keys).append_column("__i", pa.array(np.arange(table.num_rows)))
    firsts = indexed.group_by(keys, use_threads=False).aggregate([("__i", "min")])
    mask[firsts.column("__i_min").to_numpy()] = True
    return mask


def read_existing(folder: Path, columns: list[str], schema: pa.Schema) -> pa.Table:
    """Only `columns` of the part files already in one partition folder."""
    files = sorted(str(p) for p in folder.glob(PART_GLOB)) if folder.is_dir() else []
    if not files:
        return schema.empty_table().select(columns)
    dataset = ds.dataset(files, format="parquet", schema=schema)
    return dataset.to_table(columns=columns)


def write_part(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


def slices_by(table: pa.Table, sorted_keys: pa.Array) -> Iterator[tuple[str, pa.Table]]:
    """(value, rows) runs of a table already sorted by `sorted_keys` (one string per row)."""
    start = 0
    for run in pc.value_counts(sorted_keys).to_pylist():
        yield str(run["values"]), table.slice(start, run["counts"])
        start += run["counts"]


def drop_blank(table: pa.Table, required: Sequence[str]) -> tuple[pa.Table, list[RowIssue]]:
    """Rows with every `required` column filled, and an issue for each row that was not."""
    issues: list[RowIssue] = []
    for column in required:
        blank = pc.is_null(table.column(column))
        issues.extend(issues_for(table.filter(blank), column, "required value is blank"))
        table = table.filter(pc.invert(blank))
    return table, issues


def issues_for(table: pa.Table, column: str | None, reason: str) -> list[RowIssue]:
    """One issue per row of `table` (already filtered to the bad ones)."""
    lines = table.column(LINE).to_pylist()
    files = table.column(FILE).to_pylist()
    values = table.column(column).to_pylist() if column else [None] * table.num_rows
    return [
        RowIssue(f or "", ln or 0, column, reason, None if v is None else str(v))
        for f, ln, v in zip(files, lines, values, strict=True)
    ]
