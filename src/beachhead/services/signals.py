"""Importing signals (intent, activities) and describing what the workspace holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from beachhead.connectors.activities import read_activities
from beachhead.connectors.bombora import PROVIDER, read_bombora
from beachhead.connectors.canonical import CanonicalBatch
from beachhead.core.identity.freemail import free_mail_set
from beachhead.errors import InputError
from beachhead.platform import Platform
from beachhead.services.counts import EntityCounts
from beachhead.services.importing import ImportSummary, import_staged_signals, run_import
from beachhead.services.progress import NoProgress, Progress
from beachhead.store.signals import DatasetStats, StagedSignals

INTENT_PROVIDERS = (PROVIDER,)


def import_intent(
    platform: Platform,
    path: Path,
    provider: str = PROVIDER,
    week: dt.date | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import an intent file; with `strict`, any rejected row means nothing is written."""
    if provider not in INTENT_PROVIDERS:
        raise InputError(
            f"unknown intent provider {provider!r}",
            hint=f"supported: {', '.join(INTENT_PROVIDERS)}",
        )
    read = read_bombora(path, platform.settings.intent.surge_threshold, week, provider)
    summary = ImportSummary("intent", str(path), [read.file], {}, list(read.issues))
    summary.notes.extend(read.notes)

    def stage() -> StagedSignals:
        return platform.signals.stage_intent(read.rows, progress or NoProgress())

    return import_staged_signals(platform, summary, stage, read.file.rejected, strict)


def import_activities(
    platform: Platform, path: Path, strict: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import a generic activities file (docs/reference/activities-format.md)."""
    identity = platform.settings.identity
    batch = read_activities(path, free_mail_set(identity.extra_free_mail_domains))
    summary = run_import(platform, batch, "activities", path, strict, progress)
    _count_file_rejects(summary, batch)
    return summary


def signal_stats(platform: Platform) -> dict[str, DatasetStats]:
    """Rows, files, partitions and date range of each signal dataset."""
    return platform.signals.stats()


def _count_file_rejects(summary: ImportSummary, batch: CanonicalBatch) -> None:
    """Rows the reader rejected never reach the store; count them so the table adds up."""
    rejected = sum(f.rejected for f in batch.files)
    if summary.written and rejected:
        counts = summary.counts.setdefault("activities", EntityCounts())
        counts.read += rejected
        counts.rejected += rejected
