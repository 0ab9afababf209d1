"""Run results as store rows: reasons as the JSON `json.dumps` writes, stage changes by join."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pyarrow as pa

from beachhead.services.pipeline_compute import COMPONENTS
from beachhead.services.pipeline_rows import reasons_json, stage_changes

NAN, INF = float("nan"), float("inf")
CONTRIBUTIONS = [
    (2, "stage", "aware", "Aware", 1.0),
    (2, "fit", "base", "Base", 40.0),
    (2, "fit", "small", "1\u201350 employees", -15.0),
    (2, "fit", "cloud", 'Runs on a "public" cloud\\', 15.0),  # |points| ties: label decides
    (2, "engagement", "web_visit", "Web visit x 3", 0.11209860750194665),
    (2, "engagement", "b", "Same", 2.5),
    (2, "engagement", "a", "Same", 2.5),  # label and points tie: code decides
    (2, "engagement", "c", "Same", -2.5),
    (5, "intent", "topic", None, NAN),
    (5, "intent", "x", "Big", 1e16),
    (5, "intent", "y", "Small", 1e-05),
    (5, "fit", "neg", "Minus zero", -0.0),
    (5, "mystery", "m", "Unknown component", INF),
    (None, "fit", "lost", "No account", 3.0),
]


def _table(rows: list[tuple[Any, ...]]) -> pa.Table:
    names = ["account_id", "component", "code", "label", "points"]
    columns = list(zip(*rows, strict=True))
    types = [pa.int64(), pa.string(), pa.string(), pa.string(), pa.float64()]
    return pa.table([pa.array(c, t) for c, t in zip(columns, types, strict=True)], names=names)


def _expected(account: int) -> str:
    """The documented order, then json.dumps of the list of dicts."""
    mine = [r for r in CONTRIBUTIONS if r[0] == account]

    def key(r: tuple[Any, ...]) -> tuple[Any, ...]:
        rank = COMPONENTS.index(r[1]) if r[1] in COMPONENTS else len(COMPONENTS)
        weight = -abs(r[4]) if not math.isnan(r[4]) else INF
        return (rank, weight, r[3] is None, r[3] or "", r[2], r[4])

    rows = sorted(mine, key=key)
    fields = ["component", "code", "label", "points"]
    return json.dumps([dict(zip(fields, r[1:], strict=True)) for r in rows])


def test_reasons_are_exactly_json_dumps_in_the_documented_order() -> None:
    accounts = pa.chunked_array([pa.array([5, 9], pa.int64()), pa.array([2], pa.int64())])
    texts = reasons_json(_table(CONTRIBUTIONS), accounts).to_pylist()
    assert texts == [_expected(5), "[]", _expected(2)]
    assert json.loads(texts[2])[0] == {
        "component": "fit", "code": "base", "label": "Base", "points": 40.0
    }  # fmt: skip
    assert '"points": -0.0}' in texts[0] and '"points": NaN}' in texts[0]


def test_no_contributions_give_empty_lists() -> None:
    empty = _table([(1, "fit", "x", "X", 1.0)]).slice(0, 0)
    assert reasons_json(empty, pa.chunked_array([pa.array([1, 2])])).to_pylist() == ["[]", "[]"]


def test_stage_changes_against_the_previous_run() -> None:
    scores = pa.table({"account_id": [3, 1, 2], "stage": ["aware", "engaged", "mqa"]})
    previous = pa.table({"account_id": [1, 2, 7], "stage": ["aware", "mqa", "aware"]})
    day = dt.date(2026, 11, 2)
    changes = stage_changes(scores, previous, 4, day).to_pylist()
    assert changes == [
        {
            "account_id": 1,
            "stage": "engaged",
            "from_stage": "aware",
            "run_id": 4,
            "changed_on": day,
        },
        {"account_id": 3, "stage": "aware", "from_stage": None, "run_id": 4, "changed_on": day},
    ]
    first = stage_changes(scores, None, 1, day)
    assert first.column("account_id").to_pylist() == [1, 2, 3]
    assert first.column("from_stage").null_count == 3
