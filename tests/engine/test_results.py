"""to_arrow/normalise/assert_same: engine differences removed, real differences caught."""

from __future__ import annotations

import datetime as dt
import decimal

import ibis
import pyarrow as pa
import pytest

from beachhead.engine.results import assert_same, normalise, to_arrow


def test_types_are_made_engine_neutral() -> None:
    table = pa.table(
        {
            "n": pa.array([2, 1], pa.int32()),
            "amount": pa.array([decimal.Decimal("1.50"), None], pa.decimal128(10, 2)),
            "at": pa.array(
                [dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), None], pa.timestamp("ns", tz="UTC")
            ),
            "name": pa.array(["b", "a"], pa.large_string()),
        }
    )
    out = normalise(table, "n")
    assert out.schema == pa.schema(
        [
            ("n", pa.int64()),
            ("amount", pa.float64()),
            ("at", pa.timestamp("us")),
            ("name", pa.string()),
        ]
    )
    assert out.column("n").to_pylist() == [1, 2]
    assert out.column("at").to_pylist() == [None, dt.datetime(2026, 1, 1, 12)]


def test_zoned_timestamps_become_utc_wall_clock() -> None:
    zone = dt.timezone(dt.timedelta(hours=2))
    table = pa.table(
        {
            "at": pa.array(
                [dt.datetime(2026, 1, 1, 12, tzinfo=zone)], pa.timestamp("us", tz="+02:00")
            )
        }
    )
    assert normalise(table).column("at").to_pylist() == [dt.datetime(2026, 1, 1, 10)]


def test_to_arrow_sorts_by_key() -> None:
    expr = ibis.memtable({"k": [3, 1, 2], "v": ["c", "a", "b"]})
    assert to_arrow(expr, "k").column("v").to_pylist() == ["a", "b", "c"]


def test_assert_same_tolerates_rounding_only() -> None:
    a = pa.table({"k": [1, 2], "x": [0.1 + 0.2, None], "tags": [["a"], []]})
    b = pa.table({"k": [2, 1], "x": [None, 0.3], "tags": [[], ["a"]]})
    assert_same(a, b, "k")
    with pytest.raises(AssertionError, match="column x, row 0"):
        assert_same(a, pa.table({"k": [1, 2], "x": [0.3001, None], "tags": [["a"], []]}), "k")
    with pytest.raises(AssertionError, match="rows"):
        assert_same(a, a.slice(0, 1), "k")
    with pytest.raises(AssertionError, match="columns"):
        assert_same(a, a.select(["k", "x"]), "k")
