"""Turn a run's Arrow results into store rows, set-based.

Contributions are grouped per account into one list column with Arrow (sort, then offsets),
not a Python loop per account; stage changes are a join of this run's stages with the previous
run's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.services.pipeline_compute import COMPONENTS

REASON_FIELDS = ("component", "code", "label", "points")
STORED_FIELDS = (
    "account_id",
    "fit",
    "fit_band",
    "intent",
    "in_market",
    "engagement_score",
    "stage",
    "stage_reason",
)


def reasons_by_account(contributions: pa.Table, account_ids: pa.ChunkedArray) -> pa.Array:
    """A list of {component, code, label, points} per account of `account_ids` (same order).

    Within an account, reasons run fit → intent → engagement → stage, largest points first.
    """
    ordered = _ordered(contributions)
    ids = ordered.column("account_id").to_numpy()
    starts = np.flatnonzero(np.diff(ids)) + 1 if len(ids) else np.array([], dtype=np.int64)
    offsets = np.concatenate([[0], starts, [len(ids)]]).astype(np.int32)
    struct = pa.StructArray.from_arrays(
        [ordered.column(f).combine_chunks() for f in REASON_FIELDS], names=list(REASON_FIELDS)
    )
    lists = pa.ListArray.from_arrays(pa.array(offsets), struct)
    owners = pa.array(ids[offsets[:-1]] if len(ids) else [], type=pa.int64())
    positions = pc.index_in(account_ids, value_set=owners)
    taken = lists.take(positions)
    empty = pa.array([[]] * len(taken), type=taken.type)
    return pc.if_else(pc.is_null(taken), empty, taken)


def _ordered(contributions: pa.Table) -> pa.Table:
    rank = pc.index_in(contributions.column("component"), value_set=pa.array(COMPONENTS))
    keyed = contributions.append_column("rank", pc.fill_null(rank, len(COMPONENTS))).append_column(
        "weight", pc.negate(pc.abs(contributions.column("points")))
    )
    keyed = keyed.filter(pc.is_valid(keyed.column("account_id")))
    return keyed.sort_by(
        [("account_id", "ascending"), ("rank", "ascending"), ("weight", "ascending"),
         ("label", "ascending")]
    )  # fmt: skip


def score_rows(scores: pa.Table, reasons: pa.Array, run_id: int) -> list[dict[str, Any]]:
    """AccountScore rows for `run_id` (one per row of `scores`)."""
    table = scores.select(list(STORED_FIELDS)).append_column("reasons", reasons)
    table = table.append_column("run_id", pa.array([run_id] * table.num_rows, type=pa.int64()))
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def stage_change_rows(
    scores: pa.Table, previous: Sequence[tuple[int, str]], run_id: int, as_of: dt.date
) -> list[dict[str, Any]]:
    """A StageChange row for every account whose stage is not the one it had before."""
    before = pa.table(
        {
            "account_id": pa.array([p[0] for p in previous], type=pa.int64()),
            "from_stage": pa.array([p[1] for p in previous], type=pa.string()),
        }
    )
    now = scores.select(["account_id", "stage"])
    joined = now.join(before, "account_id", join_type="left outer")
    from_stage = joined.column("from_stage")
    changed = pc.or_kleene(pc.is_null(from_stage), pc.not_equal(from_stage, joined["stage"]))
    rows = joined.filter(pc.fill_null(changed, True)).sort_by("account_id")
    rows = rows.append_column("run_id", pa.array([run_id] * rows.num_rows, type=pa.int64()))
    rows = rows.append_column("changed_on", pa.array([as_of] * rows.num_rows, type=pa.date32()))
    out: list[dict[str, Any]] = rows.to_pylist()
    return out


def count_by(scores: pa.Table, column: str) -> dict[str, int]:
    """How many accounts per value of `column`, largest first."""
    counts = pc.value_counts(scores.column(column)).to_pylist()
    pairs = sorted(((str(c["values"]), int(c["counts"])) for c in counts), key=lambda p: -p[1])
    return dict(pairs)
