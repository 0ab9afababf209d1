"""Importing trigger events (funding, hiring, executive change, platform migration...).

One import is all or nothing: the events are staged as Parquet, the import run is recorded in
the store's transaction, and the files are published only after it commits.
"""

from __future__ import annotations

from pathlib import Path

from beachhead.connectors.triggers import read_triggers
from beachhead.platform import Platform
from beachhead.services.importing import ImportSummary, import_staged_signals
from beachhead.services.progress import NoProgress, Progress
from beachhead.store.signals import StagedSignals

KIND = "triggers"


def import_triggers(
    platform: Platform, path: Path, strict: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import a trigger file; with `strict`, any rejected row means nothing is written."""
    read = read_triggers(path)
    summary = ImportSummary(KIND, str(path), [read.file], {}, list(read.issues))
    summary.notes.extend(read.notes)

    def stage() -> StagedSignals:
        return platform.signals.stage_triggers(read.rows, progress or NoProgress())

    return import_staged_signals(platform, summary, stage, read.file.rejected, strict)
