"""Intent as Parquet: `intent/provider=NAME/week=YYYY-MM-DD/part-*.parquet`, one row per key.

A row's key is (provider, domain, topic, week_start, metro); `metro` is "" for a company-wide
score. Weeks are history: a key already stored is never rewritten, and a file that disagrees
with what is stored is reported row by row instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from beachhead.core.ingest import EntityCounts, Progress, RowIssue
from beachhead.errors import InputError
from beachhead.store.signals_arrow import (
    as_table,
    drop_blank,
    first_occurrences,
    read_existing,
    slices_by,
    with_batch_columns,
    write_part,
)
from beachhead.store.signals_staging import Staging

INTENT = "intent"
KEY = ["domain", "topic", "metro"]  # within one provider/week partition
INTENT_SCHEMA = pa.schema(
    [
        pa.field("domain", pa.string(), nullable=False),
        ("company_name", pa.string()),
        pa.field("topic", pa.string(), nullable=False),
        ("category", pa.string()),
        ("score", pa.float64()),
        ("bucket_code", pa.string()),
        pa.field("metro", pa.string(), nullable=False),
        ("metro_score", pa.float64()),
        ("metro_bucket_code", pa.string()),
        ("country", pa.string()),
        ("size", pa.string()),
        ("industry", pa.string()),
        pa.field("week_start", pa.date32(), nullable=False),
        ("is_surging", pa.bool_()),
        ("source_file", pa.string()),
    ]
)
BATCH_SCHEMA = with_batch_columns(
    pa.schema([pa.field("provider", pa.string())] + [f.with_nullable(True) for f in INTENT_SCHEMA])
)
PROVIDER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TASK = "Writing intent"
_REQUIRED = ("provider", "domain", "topic", "week_start")


def stage_intent(
    root: Path,
    staging: Staging,
    rows: Sequence[dict[str, Any]] | pa.Table,
    progress: Progress,
) -> tuple[EntityCounts, list[RowIssue]]:
    """Write the intent rows whose key is not stored yet into `staging`."""
    table = as_table(rows, BATCH_SCHEMA)
    counts = EntityCounts(read=table.num_rows)
    table, issues = _drop_incomplete(table)
    _check_providers(table)
    table = _sorted(table)
    progress.start(TASK, table.num_rows)
    for folder, part in slices_by(table, _partition_keys(table)):
        inserted, unchanged, part_issues = _stage_week(root, staging, folder, part)
        counts.inserted += inserted
        counts.unchanged += unchanged
        issues.extend(part_issues)
        progress.advance(TASK, part.num_rows)
    progress.finish(TASK)
    counts.rejected = len({(i.file, i.line) for i in issues})
    return counts, issues


def _drop_incomplete(table: pa.Table) -> tuple[pa.Table, list[RowIssue]]:
    table, issues = drop_blank(table, _REQUIRED)
    metro = pc.fill_null(table.column("metro"), "")
    return table.set_column(table.schema.get_field_index("metro"), "metro", metro), issues


def _check_providers(table: pa.Table) -> None:
    for name in pc.unique(table.column("provider")).to_pylist():
        if not PROVIDER_NAME.match(name):
            raise InputError(
                f"intent provider {name!r} is not a valid name",
                hint="use lower-case letters, digits, '-' or '_' (e.g. bombora)",
            )


def _sorted(table: pa.Table) -> pa.Table:
    order = [(c, "ascending") for c in ("provider", "week_start", *KEY)]
    return table.sort_by(order)


def _partition_keys(table: pa.Table) -> pa.ChunkedArray:
    """`intent/provider=P/week=W` per row (rows are sorted by provider and week)."""
    week = table.column("week_start").cast(pa.string())
    return pc.binary_join_element_wise(
        f"{INTENT}/provider=", table.column("provider"), "/week=", week, ""
    )


def _stage_week(
    root: Path, staging: Staging, folder: str, part: pa.Table
) -> tuple[int, int, list[RowIssue]]:
    """(inserted, unchanged, issues) for one provider/week partition."""
    mask = first_occurrences(part, KEY)
    firsts = part.filter(mask)
    issues, unchanged = _duplicates_in_file(part.filter(pc.invert(pa.array(mask))), firsts)
    stored = read_existing(root / folder, [*KEY, "score"], INTENT_SCHEMA)
    new = firsts.join(stored.select(KEY), keys=KEY, join_type="left anti")
    matched = firsts.join(stored, keys=KEY, join_type="inner", right_suffix="_stored")
    conflicts = matched.filter(
        pc.not_equal(matched.column("score"), matched.column("score_stored"))
    )
    issues.extend(_conflict_issues(conflicts))
    unchanged += matched.num_rows - conflicts.num_rows
    if new.num_rows:
        rows = new.sort_by([(c, "ascending") for c in KEY]).select(INTENT_SCHEMA.names)
        write_part(rows.cast(INTENT_SCHEMA), staging.new_part(folder))
    return new.num_rows, unchanged, issues


def _duplicates_in_file(dups: pa.Table, firsts: pa.Table) -> tuple[list[RowIssue], int]:
    """Repeated keys: the same score is harmless, a different one is reported."""
    if not dups.num_rows:
        return [], 0
    earlier = firsts.select([*KEY, "score", "line"])
    joined = dups.join(earlier, keys=KEY, join_type="inner", right_suffix="_first")
    differs = joined.filter(pc.not_equal(joined.column("score"), joined.column("score_first")))
    issues = [
        RowIssue(
            row["file"] or "",
            row["line"] or 0,
            "score",
            f"same domain, topic and metro as line {row['line_first']} with a different score",
            str(row["score"]),
        )
        for row in differs.select(["file", "line", "score", "line_first"]).to_pylist()
    ]
    return issues, dups.num_rows - differs.num_rows


def _conflict_issues(conflicts: pa.Table) -> list[RowIssue]:
    rows = conflicts.select(["file", "line", "score", "score_stored"]).to_pylist()
    return [
        RowIssue(
            row["file"] or "",
            row["line"] or 0,
            "score",
            "conflicts with the score already stored for this week "
            f"(stored: {_number(row['score_stored'])})",
            _number(row["score"]),
        )
        for row in rows
    ]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
