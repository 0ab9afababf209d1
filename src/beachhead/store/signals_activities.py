"""Activities as Parquet: `activities/month=YYYY-MM/part-*.parquet`, deduplicated by event_id.

Events are never edited: an event_id already stored is skipped. Events without an id get a
stable one, a hash of all their columns, so re-importing the same export finds them again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.core.ingest import EntityCounts, Progress, RowIssue
from beachhead.store.signals_arrow import (
    as_table,
    first_occurrences,
    issues_for,
    read_existing,
    with_batch_columns,
    write_part,
)
from beachhead.store.signals_staging import Staging

ACTIVITIES = "activities"
ACTIVITY_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("occurred_at", pa.timestamp("us"), nullable=False),
        ("activity_type", pa.string()),
        ("channel", pa.string()),
        ("contact_email", pa.string()),
        ("contact_ref", pa.string()),
        ("account_domain", pa.string()),
        ("account_ref", pa.string()),
        ("campaign_ref", pa.string()),
        ("url", pa.string()),
        ("duration_minutes", pa.float64()),
        ("source", pa.string()),
    ]
)
# Incoming rows may lack ids (filled here) and carry line/file for issues.
BATCH_SCHEMA = with_batch_columns(pa.schema([f.with_nullable(True) for f in ACTIVITY_SCHEMA]))
ID_PREFIX = "h-"
_SEPARATOR = "\x1f"
TASK = "Writing activities"


def stage_activities(
    root: Path,
    staging: Staging,
    rows: Sequence[dict[str, Any]] | pa.Table,
    progress: Progress,
) -> tuple[EntityCounts, list[RowIssue]]:
    """Write the events not yet stored into `staging`, one part file per month touched."""
    table = as_table(rows, BATCH_SCHEMA)
    counts = EntityCounts(read=table.num_rows)
    undated = pc.is_null(table.column("occurred_at"))
    issues = issues_for(table.filter(undated), "occurred_at", "required value is blank")
    if issues:
        table = table.filter(pc.invert(undated))
    counts.rejected = len(issues)
    progress.start(TASK, table.num_rows)
    for month, part in _months(table):
        inserted = _stage_month(root, staging, month, part)
        counts.inserted += inserted
        counts.unchanged += part.num_rows - inserted
        progress.advance(TASK, part.num_rows)
    progress.finish(TASK)
    return counts, issues


def _months(table: pa.Table) -> Iterator[tuple[str, pa.Table]]:
    """(YYYY-MM, that month's rows) — one month copied at a time, never the whole batch."""
    months = pc.strftime(table.column("occurred_at"), "%Y-%m").combine_chunks()
    encoded = months.dictionary_encode()
    codes = encoded.indices.to_numpy()
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(encoded.dictionary)))
    for code in np.argsort(encoded.dictionary.to_numpy(zero_copy_only=False)):
        start = ends[code - 1] if code else 0
        yield str(encoded.dictionary[code]), table.take(pa.array(order[start : ends[code]]))


def _stage_month(root: Path, staging: Staging, month: str, part: pa.Table) -> int:
    """Stage the month's new events; returns how many there were."""
    folder = f"{ACTIVITIES}/month={month}"
    part = with_event_ids(part)
    part = part.filter(first_occurrences(part, ["event_id"]))
    stored = read_existing(root / folder, ["event_id"], ACTIVITY_SCHEMA).column("event_id")
    if len(stored):
        part = part.filter(pc.invert(pc.is_in(part.column("event_id"), value_set=stored)))
    if part.num_rows:
        rows = part.sort_by("occurred_at").select(ACTIVITY_SCHEMA.names).cast(ACTIVITY_SCHEMA)
        write_part(rows, staging.new_part(folder))
    return int(part.num_rows)


def with_event_ids(table: pa.Table) -> pa.Table:
    """Fill blank event ids with `h-` + 128 bits of SHA-256 over every other column."""
    ids = table.column("event_id")
    missing = pc.is_null(ids)
    if not table.num_rows or not pc.any(missing).as_py():
        return table
    hashes = content_hashes(table)
    index = table.schema.get_field_index("event_id")
    return table.set_column(index, "event_id", pc.if_else(missing, hashes, ids))


def content_hashes(table: pa.Table) -> pa.ChunkedArray:
    """A stable id per row from its content (timestamps as integer microseconds)."""
    parts = [_as_text(table.column(f.name)) for f in ACTIVITY_SCHEMA if f.name != "event_id"]
    content = pc.binary_join_element_wise(
        *parts, _SEPARATOR, null_handling="replace", null_replacement=""
    )
    frame = pa.table({"content": content})
    with duckdb.connect() as con:
        con.execute("SET preserve_insertion_order = true")
        con.register("frame", frame)
        query = f"SELECT '{ID_PREFIX}' || substr(sha256(content), 1, 32) AS id FROM frame"
        result = con.sql(query).arrow()  # a Table before DuckDB 1.4, a reader since
        table = result if isinstance(result, pa.Table) else result.read_all()
        return table.column("id")


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type):
        column = column.cast(pa.int64())
    return column.cast(pa.string())
