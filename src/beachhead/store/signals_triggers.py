"""Trigger events as Parquet: `triggers/month=YYYY-MM/part-*.parquet`, deduplicated by event_id.

Triggers are history, never edited. An event_id already stored anywhere is skipped (not just
in its month: a source that corrects a date must not create a second event). Events without an
id get a stable one, a hash of their content, so re-importing the same file finds them again.
Trigger files are small next to activities, so reading every stored id is cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from beachhead.core.ingest import EntityCounts, Progress, RowIssue
from beachhead.store.signals_arrow import (
    PART_GLOB,
    as_table,
    drop_blank,
    first_occurrences,
    slices_by,
    with_batch_columns,
    write_part,
)
from beachhead.store.signals_staging import Staging

if TYPE_CHECKING:
    from beachhead.store.signals import SignalStore

TRIGGERS = "triggers"
TRIGGER_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("occurred_on", pa.date32(), nullable=False),
        pa.field("trigger_type", pa.string(), nullable=False),
        pa.field("account_domain", pa.string(), nullable=False),
        ("company", pa.string()),
        ("title", pa.string()),
        ("details", pa.string()),
        ("technology_from", pa.string()),
        ("technology_to", pa.string()),
        ("amount", pa.float64()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("source_file", pa.string()),
    ]
)
TRIGGER_PARTITIONS = pa.schema([("month", pa.string())])
BATCH_SCHEMA = with_batch_columns(pa.schema([f.with_nullable(True) for f in TRIGGER_SCHEMA]))
# Which file a row came from is not part of what happened: the same event from a renamed
# export must hash the same.
_HASHED = [f.name for f in TRIGGER_SCHEMA if f.name not in ("event_id", "source_file")]
_REQUIRED = ("occurred_on", "trigger_type", "account_domain")
ID_PREFIX = "t-"
_SEPARATOR = "\x1f"
TASK = "Writing triggers"


def stage_triggers(
    root: Path,
    staging: Staging,
    rows: Sequence[dict[str, Any]] | pa.Table,
    progress: Progress,
) -> tuple[EntityCounts, list[RowIssue]]:
    """Write the trigger events not stored yet into `staging`, one part file per month."""
    table = as_table(rows, BATCH_SCHEMA)
    counts = EntityCounts(read=table.num_rows)
    table, issues = drop_blank(table, _REQUIRED)
    counts.rejected = len(issues)
    table = with_trigger_ids(table)
    fresh = table.filter(first_occurrences(table, ["event_id"]))
    stored = stored_ids(root)
    if len(stored):
        fresh = fresh.filter(pc.invert(pc.is_in(fresh.column("event_id"), value_set=stored)))
    counts.inserted = fresh.num_rows
    counts.unchanged = table.num_rows - fresh.num_rows
    fresh = fresh.sort_by([("occurred_on", "ascending"), ("event_id", "ascending")])
    progress.start(TASK, fresh.num_rows)
    for folder, part in slices_by(fresh, _month_folders(fresh)):
        out = part.select(TRIGGER_SCHEMA.names).cast(TRIGGER_SCHEMA)
        write_part(out, staging.new_part(folder))
        progress.advance(TASK, part.num_rows)
    progress.finish(TASK)
    return counts, issues


def _month_folders(table: pa.Table) -> pa.ChunkedArray:
    """`triggers/month=YYYY-MM` per row."""
    month = pc.utf8_slice_codeunits(table.column("occurred_on").cast(pa.string()), 0, 7)
    return pc.binary_join_element_wise(f"{TRIGGERS}/month=", month, "")


def trigger_files(root: Path) -> list[Path]:
    return sorted((root / TRIGGERS).glob(f"month=*/{PART_GLOB}"))


def stored_ids(root: Path) -> pa.ChunkedArray:
    """Every stored event_id (one column of every part file)."""
    files = [str(f) for f in trigger_files(root)]
    if not files:
        return pa.chunked_array([], pa.string())
    dataset = ds.dataset(files, format="parquet", schema=TRIGGER_SCHEMA)
    return dataset.to_table(columns=["event_id"]).column("event_id")


def with_trigger_ids(table: pa.Table) -> pa.Table:
    """Fill blank event ids with `t-` + 128 bits of SHA-256 over the event's content."""
    ids = table.column("event_id")
    missing = pc.is_null(ids)
    if not table.num_rows or not pc.any(missing).as_py():
        return table
    index = table.schema.get_field_index("event_id")
    return table.set_column(index, "event_id", pc.if_else(missing, _content_ids(table), ids))


def _content_ids(table: pa.Table) -> pa.ChunkedArray:
    parts = [table.column(name).cast(pa.string()) for name in _HASHED]
    content = pc.binary_join_element_wise(
        *parts, _SEPARATOR, null_handling="replace", null_replacement=""
    )
    with duckdb.connect() as con:
        con.execute("SET preserve_insertion_order = true")
        con.register("frame", pa.table({"content": content}))
        query = f"SELECT '{ID_PREFIX}' || substr(sha256(content), 1, 32) AS id FROM frame"
        result = con.sql(query).arrow()  # a Table before DuckDB 1.4, a reader since
        hashed = result if isinstance(result, pa.Table) else result.read_all()
        return hashed.column("id")


def trigger_table(signals: SignalStore, as_of: dt.datetime | None = None) -> pa.Table:
    """Stored trigger events (the stored columns), those dated before `as_of` when given.

    A trigger dated D counts once D has started, as intent weeks do: `as_of` at midnight of D
    leaves it out, any later moment of D keeps it. Sorted by date, then event_id.
    """
    dataset = signals.triggers_dataset()
    where = None
    if as_of is not None:
        where = ds.field("occurred_on") < pa.scalar(_first_day_not_started(as_of), pa.date32())
    table = dataset.to_table(columns=TRIGGER_SCHEMA.names, filter=where)
    return table.sort_by([("occurred_on", "ascending"), ("event_id", "ascending")])


def _first_day_not_started(as_of: dt.datetime) -> dt.date:
    midnight = dt.datetime.combine(as_of.date(), dt.time())
    return as_of.date() if as_of == midnight else as_of.date() + dt.timedelta(days=1)
