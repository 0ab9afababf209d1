"""Score runs written in bulk from Arrow read back exactly as rows written one by one."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
import pytest
from sqlalchemy import select

from beachhead.platform import Platform
from beachhead.store import results
from beachhead.store.bulk import insert_arrow, select_arrow
from beachhead.store.models import ScoreRun, StageChange

DAY = dt.date(2026, 11, 2)
REASONS = [
    [{"component": "fit", "code": "base", "label": '1\u201350 "employees"', "points": 40.0}],
    [],
    [{"component": "engagement", "code": "x", "label": "a,b\nc", "points": 2.030630990890589}],
]


def _run(session: Any) -> int:
    return results.start_run(
        session,
        {"as_of": DAY, "started_at": dt.datetime(2026, 11, 2, 3), "engine": "duckdb",
         "config_hash": "h", "icp_regime": "rules", "accounts_scored": 0},
    )  # fmt: skip


def _rows(run_id: int) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "account_id": i + 1, "fit": 70.5 - i, "fit_band": "strong",
         "intent": 0.0, "in_market": i == 0, "engagement_score": 1e-7 * i,
         "stage": "aware", "stage_reason": None if i == 1 else "Aware: x, \"y\"",
         "reasons": reasons}
        for i, reasons in enumerate(REASONS)
    ]  # fmt: skip


def _as_arrow(rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as the pipeline hands them over: reasons already JSON text."""
    return pa.Table.from_pylist([{**r, "reasons": json.dumps(r["reasons"])} for r in rows])


def test_arrow_rows_read_back_like_dict_rows(platform: Platform) -> None:
    with platform.store.unit_of_work() as session:
        by_rows, by_arrow = _run(session), _run(session)
        results.insert_scores(session, _rows(by_rows))
        results.insert_scores(session, _as_arrow(_rows(by_arrow)))
    with platform.store.reader() as session:
        expected, got = results.run_rows(session, by_rows), results.run_rows(session, by_arrow)
        latest = results.latest_account_score(session, 3)
    assert got == expected
    assert [r["reasons"] for r in got] == REASONS
    assert latest is not None and latest["run_id"] == by_arrow


def test_stage_changes_and_stages_round_trip(platform: Platform) -> None:
    changes = pa.table(
        {
            "account_id": pa.array([1, 2], pa.int64()),
            "stage": ["aware", "engaged"],
            "from_stage": [None, "aware"],
            "run_id": pa.array([0, 0], pa.int64()),
            "changed_on": pa.array([DAY, DAY], pa.date32()),
        }
    )
    with platform.store.unit_of_work() as session:
        run_id = _run(session)
        results.insert_scores(session, _as_arrow(_rows(run_id)))
        changes = changes.set_column(3, "run_id", pa.array([run_id] * 2, pa.int64()))
        results.insert_stage_changes(session, changes)
    with platform.store.reader() as session:
        history = results.stage_history(session, 2)
        stages = results.run_stages(session, run_id)
        ids = session.scalars(select(StageChange.id).order_by(StageChange.id)).all()
    assert history == [{"changed_on": DAY, "from_stage": "aware", "stage": "engaged"}]
    assert stages.sort_by("account_id").to_pylist() == [
        {"account_id": i, "stage": "aware"} for i in (1, 2, 3)
    ]
    assert len(ids) == 2


@pytest.mark.parametrize("moment", [dt.datetime(2026, 1, 2, 3, 4, 5, 60), dt.datetime(2026, 1, 2)])
def test_timestamps_and_empty_tables(platform: Platform, moment: dt.datetime) -> None:
    run = {"id": 7, "as_of": DAY, "started_at": moment, "engine": "duckdb", "config_hash": "h",
           "icp_regime": "rules", "accounts_scored": 0}  # fmt: skip
    table = pa.Table.from_pylist([run]).cast(
        pa.schema([("id", pa.int64()), ("as_of", pa.date32()), ("started_at", pa.timestamp("us")),
                   ("engine", pa.string()), ("config_hash", pa.string()),
                   ("icp_regime", pa.string()), ("accounts_scored", pa.int64())])
    )  # fmt: skip
    with platform.store.unit_of_work() as session:
        insert_arrow(session, ScoreRun.__table__, table)  # type: ignore[arg-type]
        insert_arrow(session, ScoreRun.__table__, table.slice(0, 0))  # type: ignore[arg-type]
    with platform.store.reader() as session:
        stored = session.get(ScoreRun, 7)
        assert stored is not None
        started, day = stored.started_at, stored.as_of
        ids = pa.schema([("id", pa.int64())])
        empty = select_arrow(session, select(ScoreRun.id).where(ScoreRun.id < 0), ids)
        found = select_arrow(session, select(ScoreRun.id), ids)
    assert started == moment and day == DAY
    assert empty.num_rows == 0 and empty.schema == ids
    assert found.column("id").to_pylist() == [7]
