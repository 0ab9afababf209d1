"""Turn a run's Arrow results into store rows, set-based.

Contributions are grouped per account with Arrow (sort, then offsets), not a Python loop per
account, and written as the JSON text the store keeps: exactly what `json.dumps` gives for the
account's list of {component, code, label, points}, assembled from the JSON of each distinct
value. Stage changes are a join of this run's stages with the previous run's.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
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


def reasons_json(contributions: pa.Table, account_ids: pa.ChunkedArray) -> pa.Array:
    """Each account's reasons as JSON text, for the accounts `account_ids` (same order).

    Within an account, reasons run fit → intent → engagement → stage, largest points first
    (then by label, code and points); an account without any is `[]`. The text is ~1 kB per
    account, so no step copies it more than it must.
    """
    rows = contributions
    if rows.column("account_id").null_count:
        rows = rows.filter(pc.is_valid(rows.column("account_id")))
    rows = rows.take(_order(rows))  # also leaves every column in one chunk
    ids = rows.column("account_id").to_numpy()
    offsets = np.concatenate([[0], np.flatnonzero(np.diff(ids)) + 1, [len(ids)]])
    if not len(ids):
        offsets = np.array([0])
    lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), _objects(rows, offsets))
    texts = pc.binary_join(lists, ", ")
    owners = pa.array(ids[offsets[:-1]], type=pa.int64())
    if owners.equals(_array(account_ids)):
        return texts  # every account has reasons, in the order asked: nothing to move
    return _array(pc.fill_null(texts.take(pc.index_in(account_ids, value_set=owners)), "[]"))


def _order(rows: pa.Table) -> pa.Array:
    """Row order: account, component (as COMPONENTS), -|points|, label, code, points."""
    component = pc.index_in(rows.column("component"), value_set=pa.array(COMPONENTS))
    points = pc.cast(rows.column("points"), pa.float64())
    keys = {
        "account_id": rows.column("account_id"),
        "component": pc.fill_null(component, len(COMPONENTS)),
        "weight": pc.negate(pc.abs(points)),
        # Strings sort as their rank among the distinct values: numeric keys sort fast.
        "label": _ranks(rows.column("label")),
        "code": _ranks(rows.column("code")),
        "points": points,
    }
    return pc.sort_indices(pa.table(keys), sort_keys=[(k, "ascending") for k in keys])


def _ranks(column: pa.ChunkedArray) -> pa.Array:
    """Each value's place among the sorted distinct values (nulls last), from one hash pass."""
    encoded = pc.dictionary_encode(_array(column))
    places = pc.rank(encoded.dictionary, sort_keys="ascending", tiebreaker="dense")
    return pc.fill_null(places.take(encoded.indices), len(encoded.dictionary) + 1)


def _objects(rows: pa.Table, offsets: np.ndarray[Any, Any]) -> pa.Array:
    """One JSON object per row: {"component": …, "code": …, "label": …, "points": …}, the
    first of each account's run (`offsets`) opening its list with "[", the last closing it.

    The text before the points is the same for every (component, code, label), so it is
    written once per distinct triple; the numbers are formatted column-wise.
    """
    key = np.zeros(rows.num_rows, dtype=np.int64)
    for name in REASON_FIELDS[:3]:  # one integer per triple; a null is a value of its own
        encoded = pc.dictionary_encode(_array(rows.column(name)))
        size = len(encoded.dictionary) + 1
        key = key * size + pc.fill_null(encoded.indices, size - 1).to_numpy(zero_copy_only=False)
    _, first, where = np.unique(key, return_index=True, return_inverse=True)
    triples = zip(
        *(rows.column(n).take(pa.array(first)).to_pylist() for n in REASON_FIELDS[:3]),
        strict=True,
    )
    heads = [
        "{" + ", ".join(f'"{n}": {json.dumps(v)}' for n, v in zip(REASON_FIELDS, t, strict=False))
        + ', "points": '
        for t in triples
    ]  # fmt: skip
    first, last = np.zeros(rows.num_rows, bool), np.zeros(rows.num_rows, bool)
    first[offsets[:-1]], last[offsets[1:] - 1] = True, True
    opens = pc.if_else(pa.array(first), "[", "")
    closes = pc.if_else(pa.array(last), "}]", "}")
    head = pa.array(heads, pa.string()).take(pa.array(where))
    numbers = _numbers(rows.column("points"))
    return _array(pc.binary_join_element_wise(opens, head, numbers, closes, ""))


def _numbers(points: pa.ChunkedArray) -> pa.Array:
    """Each number as `json.dumps` writes it: `repr`, NaN, Infinity, -Infinity; null as null.

    DuckDB's cast of a double to text is the shortest round-trip form laid out as Python's
    `repr` (tested), and it makes no Python object per value.
    """
    sql = """
        SELECT CASE WHEN isnan(v) THEN 'NaN' WHEN v = 'inf' THEN 'Infinity'
                    WHEN v = '-inf' THEN '-Infinity' ELSE coalesce(CAST(v AS VARCHAR), 'null')
               END AS text
        FROM numbers
    """
    with duckdb.connect() as duck:
        duck.register("numbers", pa.table({"v": pc.cast(points, pa.float64())}))
        return _array(duck.sql(sql).to_arrow_table().column("text"))


def _array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def score_table(scores: pa.Table, reasons: pa.Array, run_id: int) -> pa.Table:
    """AccountScore rows for `run_id` (one per row of `scores`), reasons as JSON text."""
    table = scores.select(list(STORED_FIELDS)).append_column("reasons", reasons)
    return table.append_column("run_id", pa.array([run_id] * table.num_rows, type=pa.int64()))


def stage_changes(
    scores: pa.Table, previous: pa.Table | None, run_id: int, as_of: dt.date
) -> pa.Table:
    """A StageChange row for every account whose stage is not the one it had in `previous`
    (`account_id, stage` of the run before; None when there was none)."""
    before = (
        pa.table({"account_id": pa.array([], pa.int64()), "stage": pa.array([], pa.string())})
        if previous is None
        else previous.select(["account_id", "stage"])
    ).rename_columns(["account_id", "from_stage"])
    now = scores.select(["account_id", "stage"])
    joined = now.join(before, "account_id", join_type="left outer")
    from_stage = joined.column("from_stage")
    changed = pc.or_kleene(pc.is_null(from_stage), pc.not_equal(from_stage, joined["stage"]))
    rows = joined.filter(pc.fill_null(changed, True)).sort_by("account_id")
    rows = rows.append_column("run_id", pa.array([run_id] * rows.num_rows, type=pa.int64()))
    return rows.append_column("changed_on", pa.array([as_of] * rows.num_rows, type=pa.date32()))


def count_by(scores: pa.Table, column: str) -> dict[str, int]:
    """How many accounts per value of `column`, largest first."""
    counts = pc.value_counts(scores.column(column)).to_pylist()
    pairs = sorted(((str(c["values"]), int(c["counts"])) for c in counts), key=lambda p: -p[1])
    return dict(pairs)
