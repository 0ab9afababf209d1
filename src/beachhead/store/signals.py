"""Signals (DESIGN §3): append-only, partitioned Parquet in the workspace's `signals/` folder.

    signals/activities/month=YYYY-MM/part-*.parquet
    signals/intent/provider=NAME/week=YYYY-MM-DD/part-*.parquet
    signals/triggers/month=YYYY-MM/part-*.parquet

Hive-style folders, so DuckDB (`read_parquet(..., hive_partitioning=true)`), Spark and Ibis
discover the partition columns. Writes are staged (see `signals_staging`) and deduplicated
against the touched partitions only, reading just their key columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeAlias

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from beachhead.core.ingest import EntityCounts, NoProgress, Progress, RowIssue
from beachhead.store.signals_activities import ACTIVITIES, ACTIVITY_SCHEMA, stage_activities
from beachhead.store.signals_arrow import (
    PART_GLOB,
)
from beachhead.store.signals_intent import INTENT, INTENT_SCHEMA, stage_intent
from beachhead.store.signals_staging import Staging, WriteLock, recover, recover_if_idle
from beachhead.store.signals_triggers import (
    TRIGGER_PARTITIONS,
    TRIGGER_SCHEMA,
    TRIGGERS,
    stage_triggers,
    trigger_files,
)

Rows: TypeAlias = Sequence[dict[str, Any]] | pa.Table
Writer = Callable[[Path, Staging, Rows, Progress], tuple[EntityCounts, list[RowIssue]]]
ACTIVITY_PARTITIONS = pa.schema([("month", pa.string())])
INTENT_PARTITIONS = pa.schema([("provider", pa.string()), ("week", pa.date32())])


class StagedSignals:
    """New part files, written but invisible until `publish()`; `discard()` drops them.

    `counts` has the shape of `services.counts.EntityCounts` per entity ("activities" or
    "intent"); `issues` are rows the store refused (e.g. an intent score that contradicts
    the stored week). Used as a context manager it discards whatever was not published.
    """

    def __init__(
        self,
        staging: Staging | None,
        counts: dict[str, EntityCounts],
        issues: list[RowIssue],
    ) -> None:
        self._staging = staging
        self.counts: dict[str, Any] = dict(counts)
        self.issues = issues

    @property
    def files(self) -> int:
        return self._staging.files if self._staging else 0

    def publish(self) -> None:
        if self._staging is not None:
            self._staging.publish()

    def discard(self) -> None:
        if self._staging is not None:
            self._staging.discard()

    def __enter__(self) -> StagedSignals:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()  # a no-op after publish()


@dataclass(frozen=True)
class DatasetStats:
    name: str
    rows: int
    files: int
    partitions: int
    first: str | None
    last: str | None


class SignalStore:
    """The signal files of one workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root
        recover_if_idle(root)

    def stage_activities(self, rows: Rows, progress: Progress | None = None) -> StagedSignals:
        """Stage activity events (canonical rows or an Arrow table) not stored yet."""
        return self._stage(ACTIVITIES, stage_activities, rows, progress)

    def stage_intent(self, rows: Rows, progress: Progress | None = None) -> StagedSignals:
        """Stage intent rows whose (provider, domain, topic, week_start, metro) is new."""
        return self._stage(INTENT, stage_intent, rows, progress)

    def stage_triggers(self, rows: Rows, progress: Progress | None = None) -> StagedSignals:
        """Stage trigger events whose event_id is not stored yet."""
        return self._stage(TRIGGERS, stage_triggers, rows, progress)

    def _stage(
        self, kind: str, writer: Writer, rows: Rows, progress: Progress | None
    ) -> StagedSignals:
        if len(rows) == 0:
            return StagedSignals(None, {}, [])
        lock = WriteLock(self.root)
        lock.acquire()
        try:
            recover(self.root)
            staging = Staging(self.root, lock)
        except BaseException:
            lock.release()
            raise
        try:
            counts, issues = writer(self.root, staging, rows, progress or NoProgress())
        except BaseException:
            staging.discard()
            raise
        return StagedSignals(staging, {kind: counts}, issues)

    def activities_files(self) -> list[Path]:
        return sorted((self.root / ACTIVITIES).glob(f"month=*/{PART_GLOB}"))

    def intent_files(self) -> list[Path]:
        return sorted((self.root / INTENT).glob(f"provider=*/week=*/{PART_GLOB}"))

    def triggers_files(self) -> list[Path]:
        return trigger_files(self.root)

    def activities_dataset(self) -> ds.Dataset:
        """Every stored event, with `month` from the folder names."""
        return _dataset(
            self.root / ACTIVITIES, self.activities_files(), ACTIVITY_SCHEMA, ACTIVITY_PARTITIONS
        )

    def intent_dataset(self) -> ds.Dataset:
        """Every stored intent row, with `provider` and `week` from the folder names."""
        return _dataset(self.root / INTENT, self.intent_files(), INTENT_SCHEMA, INTENT_PARTITIONS)

    def triggers_dataset(self) -> ds.Dataset:
        """Every stored trigger event, with `month` from the folder names."""
        files = self.triggers_files()
        return _dataset(self.root / TRIGGERS, files, TRIGGER_SCHEMA, TRIGGER_PARTITIONS)

    def stats(self) -> dict[str, DatasetStats]:
        """Rows, files, partitions and date range per dataset, from Parquet footers only."""
        return {
            ACTIVITIES: _stats(ACTIVITIES, self.activities_files(), "occurred_at"),
            INTENT: _stats(INTENT, self.intent_files(), "week_start"),
            TRIGGERS: _stats(TRIGGERS, self.triggers_files(), "occurred_on"),
        }


def _dataset(base: Path, files: list[Path], schema: pa.Schema, parts: pa.Schema) -> ds.Dataset:
    return ds.dataset(
        [str(f) for f in files],
        schema=pa.unify_schemas([schema, parts]),
        format="parquet",
        partitioning=ds.partitioning(parts, flavor="hive"),
        partition_base_dir=str(base),
    )


def _stats(name: str, files: list[Path], column: str) -> DatasetStats:
    rows, low, high = 0, None, None
    for path in files:
        meta = pq.read_metadata(path)
        rows += meta.num_rows
        index = meta.schema.names.index(column)
        for group in range(meta.num_row_groups):
            stats = meta.row_group(group).column(index).statistics
            if stats is None or not stats.has_min_max:
                continue
            low = stats.min if low is None else min(low, stats.min)
            high = stats.max if high is None else max(high, stats.max)
    partitions = len({p.parent for p in files})
    return DatasetStats(name, rows, len(files), partitions, _iso(low), _iso(high))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)
