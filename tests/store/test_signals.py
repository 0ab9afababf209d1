"""Signal files: idempotent appends, hive layout, staged writes, intent history."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from beachhead.connectors.canonical import CanonicalBatch
from beachhead.errors import InputError
from beachhead.platform import Platform
from beachhead.services import importing
from beachhead.store.signals import SignalStore
from beachhead.store.signals_staging import PUBLISH_MARKER, STAGING_DIR


def _event(n: int, month: int = 1, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "occurred_at": dt.datetime(2024, month, 1 + n % 28, 9, 30),
        "activity_type": "web_visit",
        "contact_email": f"p{n}@acme.com",
        "account_domain": "acme.com",
        "url": f"https://acme-vendor.com/page/{n}",
        "line": n + 2,
        "file": "events.csv",
    }
    row.update(extra)
    return row


def _intent(domain: str, topic: str, score: float, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "provider": "bombora",
        "domain": domain,
        "topic": topic,
        "score": score,
        "week_start": dt.date(2024, 5, 6),
        "is_surging": score >= 60,
        "line": 2,
        "file": "surge.csv",
    }
    row.update(extra)
    return row


def _publish(store: SignalStore, rows: list[dict[str, Any]], kind: str = "activities") -> Any:
    stage = store.stage_activities if kind == "activities" else store.stage_intent
    staged = stage(rows)
    staged.publish()
    return staged


def test_activities_append_is_idempotent(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    rows = [_event(n) for n in range(10)] + [_event(n, month=2) for n in range(5)]
    first = _publish(store, rows)
    counts = first.counts["activities"]
    assert (counts.read, counts.inserted, counts.unchanged, counts.rejected) == (15, 15, 0, 0)
    files = store.activities_files()
    assert {f.parent.name for f in files} == {"month=2024-01", "month=2024-02"}

    again = _publish(store, rows)
    assert again.counts["activities"].inserted == 0
    assert again.counts["activities"].unchanged == 15
    assert store.activities_files() == files  # nothing new written
    assert not any((tmp_path / STAGING_DIR).iterdir())


def test_given_event_ids_dedupe_within_and_across_imports(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, [_event(1, event_id="e1"), _event(2, event_id="e1")])
    staged = _publish(store, [_event(3, event_id="e1"), _event(4, event_id="e2")])
    assert (staged.counts["activities"].inserted, staged.counts["activities"].unchanged) == (1, 1)
    ids = store.activities_dataset().to_table(columns=["event_id"]).column("event_id")
    assert sorted(ids.to_pylist()) == ["e1", "e2"]


def test_content_hash_ids_are_stable_and_content_sensitive(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, [_event(1), _event(1, line=9), _event(1, duration_minutes=3.0)])
    ids = store.activities_dataset().to_table().column("event_id").to_pylist()
    assert len(ids) == 2  # line/file are provenance, not content
    assert all(i.startswith("h-") and len(i) == 34 for i in ids)
    other = SignalStore(tmp_path / "other")
    _publish(other, [_event(1)])
    assert other.activities_dataset().to_table().column("event_id").to_pylist()[0] in ids


def test_undated_events_are_rejected_with_their_line(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    staged = _publish(store, [_event(1), _event(2, occurred_at=None)])
    assert staged.counts["activities"].rejected == 1
    assert [(i.file, i.line, i.column) for i in staged.issues] == [("events.csv", 4, "occurred_at")]


def test_arrow_tables_are_accepted(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    table = pa.Table.from_pylist([_event(n) for n in range(3)])
    staged = _publish(store, table)  # type: ignore[arg-type]
    assert staged.counts["activities"].inserted == 3


def test_duckdb_reads_the_hive_layout(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, [_event(n, month=m) for m in (1, 3) for n in range(4)])
    _publish(store, [_intent("acme.com", "crm", 72), _intent("beta.io", "crm", 40)], "intent")
    activities = str(tmp_path / "activities" / "*" / "*.parquet")
    months = duckdb.sql(
        f"SELECT month, count(*) FROM read_parquet('{activities}', hive_partitioning=true) "
        "GROUP BY month ORDER BY month"
    ).fetchall()
    assert months == [("2024-01", 4), ("2024-03", 4)]
    intent = str(tmp_path / "intent" / "*" / "*" / "*.parquet")
    rows = duckdb.sql(
        f"SELECT provider, week, domain, score FROM read_parquet('{intent}', "
        "hive_partitioning=true) ORDER BY domain"
    ).fetchall()
    assert rows == [
        ("bombora", dt.date(2024, 5, 6), "acme.com", 72.0),
        ("bombora", dt.date(2024, 5, 6), "beta.io", 40.0),
    ]


def test_pyarrow_datasets_carry_partition_columns(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    assert store.activities_dataset().count_rows() == 0
    _publish(store, [_intent("acme.com", "crm", 72)], "intent")
    table = store.intent_dataset().to_table()
    assert table.column("provider").to_pylist() == ["bombora"]
    assert table.column("week").to_pylist() == [dt.date(2024, 5, 6)]
    assert table.column("metro").to_pylist() == [""]


def test_discard_and_context_manager_leave_nothing(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    store.stage_activities([_event(1)]).discard()
    with pytest.raises(RuntimeError), store.stage_activities([_event(2)]):
        raise RuntimeError("transaction failed")
    assert store.activities_files() == []
    assert not any((tmp_path / STAGING_DIR).iterdir())


def test_a_dropped_stage_is_discarded_and_releases_the_lock(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    staged = store.stage_activities([_event(1)])
    del staged
    gc.collect()
    assert not any((tmp_path / STAGING_DIR).iterdir())
    assert _publish(store, [_event(1)]).counts["activities"].inserted == 1


def test_leftover_stages_are_rolled_forward_or_dropped_on_open(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    published = store.stage_activities([_event(1)])
    staged_dir = next((tmp_path / STAGING_DIR).iterdir())
    (staged_dir / PUBLISH_MARKER).touch()
    published._staging._finalizer.detach()  # type: ignore[union-attr]  # as if the process died
    published._staging._lock.release()  # type: ignore[union-attr]
    half = tmp_path / STAGING_DIR / "deadbeef" / "activities" / "month=2024-01"
    half.mkdir(parents=True)
    (half / "part-x.parquet").write_bytes(b"incomplete")

    reopened = SignalStore(tmp_path)
    assert [f.parent.name for f in reopened.activities_files()] == ["month=2024-01"]
    assert reopened.activities_dataset().count_rows() == 1
    assert not any((tmp_path / STAGING_DIR).iterdir())


def test_intent_history_is_kept_and_conflicts_reported(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, [_intent("acme.com", "crm", 72)], "intent")
    next_week = _intent("acme.com", "crm", 80, week_start=dt.date(2024, 5, 13))
    changed = _intent("acme.com", "crm", 75, line=7)
    staged = _publish(store, [changed, next_week], "intent")
    counts = staged.counts["intent"]
    assert (counts.read, counts.inserted, counts.unchanged, counts.rejected) == (2, 1, 0, 1)
    issue = staged.issues[0]
    assert (issue.file, issue.line, issue.column, issue.value) == ("surge.csv", 7, "score", "75")
    assert issue.reason.startswith("conflicts with the score already stored for this week")
    scores = store.intent_dataset().to_table(columns=["week", "score"]).to_pylist()
    assert sorted((r["week"].isoformat(), r["score"]) for r in scores) == [
        ("2024-05-06", 72.0),
        ("2024-05-13", 80.0),
    ]
    same = _publish(store, [_intent("acme.com", "crm", 72)], "intent").counts["intent"]
    assert (same.inserted, same.unchanged, same.rejected) == (0, 1, 0)


def test_intent_duplicates_in_one_file(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    rows = [
        _intent("acme.com", "crm", 72, line=2),
        _intent("acme.com", "crm", 72, line=3),
        _intent("acme.com", "crm", 50, line=4),
        _intent("acme.com", "crm", 50, line=5, metro="greater boston area"),
    ]
    staged = _publish(store, rows, "intent")
    counts = staged.counts["intent"]
    assert (counts.inserted, counts.unchanged, counts.rejected) == (2, 1, 1)
    assert [(i.line, i.reason) for i in staged.issues] == [
        (4, "same domain, topic and metro as line 2 with a different score")
    ]


def test_invalid_provider_is_refused_before_writing(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    with pytest.raises(InputError, match="provider"):
        store.stage_intent([_intent("acme.com", "crm", 72, provider="../etc")])
    assert store.intent_files() == []


def test_stats_from_footers(tmp_path: Path) -> None:
    store = SignalStore(tmp_path)
    _publish(store, [_event(n, month=m) for m in (1, 2) for n in range(3)])
    stats = store.stats()
    assert stats["activities"].rows == 6
    assert stats["activities"].partitions == 2
    assert stats["activities"].first == "2024-01-01T09:30:00"
    assert stats["activities"].last == "2024-02-03T09:30:00"
    assert stats["intent"].rows == 0 and stats["intent"].first is None


def test_failed_record_transaction_leaves_no_signal_files(
    tmp_path: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = CanonicalBatch(source="activities", activities=[_event(1)])

    def broken(*args: object) -> None:
        raise RuntimeError("the record transaction failed")

    monkeypatch.setattr(importing, "_record_run", broken)
    with pytest.raises(RuntimeError):
        importing.run_import(platform, batch, "activities", tmp_path / "events.csv")
    gc.collect()
    signals = platform.settings.signals_dir
    assert platform.signals.activities_files() == []
    assert not any((signals / STAGING_DIR).iterdir())
    monkeypatch.undo()
    summary = importing.run_import(platform, batch, "activities", tmp_path / "events.csv")
    assert summary.counts["activities"].inserted == 1
