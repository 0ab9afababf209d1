"""Importing trigger events (funding, hiring, executive change, platform migration...).

One import is all or nothing: the events are staged as Parquet, the import run is recorded in
the store's transaction, and the files are published only after it commits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from beachhead.connectors.triggers import read_triggers
from beachhead.platform import Platform
from beachhead.services.counts import EntityCounts
from beachhead.services.importing import ImportSummary
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.reports import write_issue_report
from beachhead.store.models import ImportRun
from beachhead.store.signals import StagedSignals

KIND = "triggers"


class _StrictAbort(Exception):
    """Rolls the import back when --strict meets a rejected row."""


def import_triggers(
    platform: Platform, path: Path, strict: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import a trigger file; with `strict`, any rejected row means nothing is written."""
    read = read_triggers(path)
    summary = ImportSummary(KIND, str(path), [read.file], {}, list(read.issues))
    summary.notes.extend(read.notes)
    if strict and summary.issues:
        return _refuse(platform, summary)
    started = _now()
    staged: StagedSignals | None = None
    try:
        with platform.store.unit_of_work() as session:
            staged = platform.signals.stage_triggers(read.rows, progress or NoProgress())
            _merge_staged(summary, staged, rejected_before=read.file.rejected)
            if strict and summary.issues:
                raise _StrictAbort()
            _record_run(session, summary, started)
        staged.publish()
    except _StrictAbort:
        return _refuse(platform, summary)
    finally:
        if staged is not None:
            staged.discard()  # nothing left after a publish; everything after a failure
    return _with_report(platform, summary)


def _merge_staged(summary: ImportSummary, staged: StagedSignals, rejected_before: int) -> None:
    """The store's counts and issues, plus the rows the reader already rejected."""
    summary.issues.extend(staged.issues)
    summary.issues.sort(key=lambda issue: (issue.file, issue.line))
    stored = staged.counts.get(KIND)
    counts = EntityCounts(**stored.as_dict()) if stored is not None else EntityCounts()
    counts.read += rejected_before
    counts.rejected += rejected_before
    summary.counts[KIND] = counts


def _refuse(platform: Platform, summary: ImportSummary) -> ImportSummary:
    summary.written = False
    summary.counts = {}
    summary.notes.append("--strict: rows were rejected, so nothing was imported")
    return _with_report(platform, summary)


def _with_report(platform: Platform, summary: ImportSummary) -> ImportSummary:
    if summary.issues:
        reports = platform.settings.reports_dir
        summary.report_path = write_issue_report(summary.issues, reports, summary.kind)
    return summary


def _record_run(session: Session, summary: ImportSummary, started: dt.datetime) -> None:
    session.add(
        ImportRun(
            kind=summary.kind,
            source_path=summary.source,
            started_at=started,
            finished_at=_now(),
            counts={k: v.as_dict() for k, v in summary.counts.items()},
            rejected_rows=len({(i.file, i.line) for i in summary.issues}),
        )
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
