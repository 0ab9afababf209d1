"""Trigger signals: staged and published once, idempotent by event_id, read as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from beachhead.store.signals import SignalStore
from beachhead.store.signals_staging import STAGING_DIR
from beachhead.store.signals_triggers import trigger_table


def _trigger(day: dt.date, event_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "occurred_on": day,
        "trigger_type": "funding",
        "account_domain": "acme.com",
        "details": f"round of {day.isoformat()}",
        "line": 2,
        "file": "t.csv",
        **extra,
    }


ROWS = [
    _trigger(dt.date(2024, 5, 2), "f-1"),
    _trigger(dt.date(2024, 5, 20)),
    _trigger(dt.date(2024, 6, 3), trigger_type="hiring"),
]


def _publish(store: SignalStore, rows: list[dict[str, Any]]) -> dict[str, int]:
    staged = store.stage_triggers(rows)
    staged.publish()
    return dict(staged.counts["triggers"].as_dict())


def test_reimport_writes_nothing(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    first = _publish(store, ROWS)
    assert (first["inserted"], first["unchanged"]) == (3, 0)
    assert sorted(p.parent.name for p in store.triggers_files()) == [
        "month=2024-05",
        "month=2024-06",
    ]
    again = store.stage_triggers(ROWS)
    assert again.files == 0
    assert again.counts["triggers"].inserted == 0 and again.counts["triggers"].unchanged == 3
    again.publish()
    assert len(store.triggers_files()) == 2


def test_event_id_is_unique_across_months(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, ROWS)
    moved = _trigger(dt.date(2024, 7, 1), "f-1")  # the source corrected the date
    assert _publish(store, [moved, moved])["inserted"] == 0
    assert store.stats()["triggers"].rows == 3


def test_content_ids_are_stable(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, ROWS)
    ids = trigger_table(store).column("event_id").to_pylist()
    assert ids[0] == "f-1" and all(i.startswith("t-") and len(i) == 34 for i in ids[1:])
    renamed = [{**row, "file": "other.csv", "line": 9} for row in ROWS]
    assert _publish(store, renamed)["inserted"] == 0


def test_blank_required_values_are_issues(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    staged = store.stage_triggers([_trigger(dt.date(2024, 5, 2), trigger_type=None)])
    assert [(i.line, i.column) for i in staged.issues] == [(2, "trigger_type")]
    assert staged.counts["triggers"].rejected == 1
    staged.discard()


def test_discarded_stage_leaves_nothing(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    with store.stage_triggers(ROWS) as staged:
        assert staged.files == 2
    assert store.triggers_files() == []
    assert not any((tmp_path / STAGING_DIR).iterdir())


def test_trigger_table_as_of(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, ROWS)
    assert trigger_table(store).num_rows == 3
    assert trigger_table(store, dt.datetime(2024, 6, 3)).num_rows == 2  # 3 June not started
    assert trigger_table(store, dt.datetime(2024, 6, 3, 9)).num_rows == 3
    empty = trigger_table(SignalStore(tmp_path / "none"), dt.datetime(2024, 1, 1))
    assert empty.num_rows == 0 and "occurred_on" in empty.column_names


def test_dataset_has_month_partition_and_stats(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, ROWS)
    dataset = store.triggers_dataset()  # noqa: F841 (read by DuckDB below)
    query = "SELECT month, count(*) FROM dataset GROUP BY 1 ORDER BY 1"
    months = duckdb.execute(query).fetchall()
    assert months == [("2024-05", 2), ("2024-06", 1)]
    stats = store.stats()["triggers"]
    assert (stats.rows, stats.partitions, stats.first, stats.last) == (
        3,
        2,
        "2024-05-02",
        "2024-06-03",
    )
