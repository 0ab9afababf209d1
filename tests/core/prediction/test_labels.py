"""Labels: deals created in the horizon, and the snapshot days whose horizon has passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import pytest

from beachhead.core.prediction.labels import outcomes, training_days
from beachhead.engine.inputs import OPPORTUNITIES
from beachhead.errors import ConfigError

from .test_features import arrow

START = dt.date(2026, 1, 1)


def deal(account: int | None, kind: str | None, created: int | None, amount: float | None) -> Any:
    """A deal created `created` days after START (negative: before it)."""
    when = None if created is None else START + dt.timedelta(days=created)
    return {"account_id": account, "opp_type": kind, "created_date": when, "amount": amount}


def labelled(rows: list[dict[str, Any]], horizon: int = 90) -> dict[int, dict[str, Any]]:
    table = outcomes(ibis.memtable(arrow(OPPORTUNITIES, rows)), START, horizon)
    return {row["account_id"]: row for row in table.to_pyarrow().to_pylist()}


def test_the_horizon_includes_its_first_day_and_excludes_its_end() -> None:
    got = labelled(
        [
            deal(1, "new", 0, 100.0),  # the first day counts
            deal(2, "new", 89, 50.0),  # the last day counts
            deal(3, "new", 90, 70.0),  # the day after the horizon does not
            deal(4, "new", -1, 70.0),  # nor the day before it
            deal(5, "new", None, 70.0),  # nor an undated deal
            deal(None, "new", 10, 70.0),  # nor one without an account
        ]
    )
    assert set(got) == {1, 2}
    assert got[1] == {
        "account_id": 1, "opened_new_business": True, "opened_expansion": False,
        "new_business_value": 100.0, "expansion_value": 0.0,
    }  # fmt: skip
    assert got[2]["new_business_value"] == 50.0


def test_values_add_up_by_kind() -> None:
    got = labelled(
        [
            deal(1, "new", 3, 100.0),
            deal(1, "new", 4, None),  # an unknown amount counts 0
            deal(1, "Expansion", 5, 40.0),
            deal(1, "expansion", 6, 2.5),
            deal(2, "expansion", 7, None),
            deal(3, None, 8, 9.0),  # no type: new business
        ]
    )
    one = got[1]
    assert (one["opened_new_business"], one["opened_expansion"]) == (True, True)
    assert (one["new_business_value"], one["expansion_value"]) == (100.0, 42.5)
    assert (got[2]["opened_new_business"], got[2]["opened_expansion"]) == (False, True)
    assert (got[2]["new_business_value"], got[2]["expansion_value"]) == (0.0, 0.0)
    assert got[3]["opened_new_business"] is True


def test_a_short_horizon() -> None:
    assert set(labelled([deal(1, "new", 0, 1.0), deal(2, "new", 1, 1.0)], horizon=1)) == {1}


def test_types() -> None:
    table = outcomes(ibis.memtable(arrow(OPPORTUNITIES, [])), START, 90)
    schema = table.schema()
    assert [str(schema[c]) for c in table.columns] == [
        "int64", "boolean", "boolean", "float64", "float64",
    ]  # fmt: skip
    assert table.to_pyarrow().num_rows == 0


def test_training_days_end_their_horizon_by_as_of() -> None:
    as_of = dt.date(2026, 11, 2)
    days = training_days(as_of, 90)
    assert len(days) == 6
    assert days == sorted(days)
    assert days[-1] == as_of - dt.timedelta(days=90)
    gaps = {later - earlier for earlier, later in zip(days, days[1:], strict=False)}
    assert gaps == {dt.timedelta(days=30)}
    assert all(d + dt.timedelta(days=90) <= as_of for d in days)


def test_training_days_take_a_datetime_and_their_own_step() -> None:
    days = training_days(dt.datetime(2026, 11, 2, 15), 30, snapshots=2, step_days=7)
    assert days == [dt.date(2026, 9, 26), dt.date(2026, 10, 3)]


@pytest.mark.parametrize("bad", [{"horizon_days": 0}, {"snapshots": 0}, {"step_days": -1}])
def test_training_days_refuse_empty_windows(bad: dict[str, int]) -> None:
    arguments = {"horizon_days": 90, **bad}
    with pytest.raises(ConfigError, match=f"{next(iter(bad))} must be at least 1"):
        training_days(dt.date(2026, 1, 1), **arguments)
