"""One import, all or nothing: read (connector) → resolve identity → write records and signals.

Records are written in one transaction; signal files are staged and published only after that
transaction commits, so a failed import leaves neither half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from beachhead.connectors.canonical import CanonicalBatch, FileRead
from beachhead.connectors.tabular import RowIssue
from beachhead.errors import RejectedRowsError
from beachhead.platform import Platform
from beachhead.services.counts import EntityCounts
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.records import write_records
from beachhead.services.reports import write_issue_report
from beachhead.store.models import ImportRun
from beachhead.store.signals import StagedSignals


@dataclass
class ImportSummary:
    kind: str
    source: str
    files: list[FileRead]
    counts: dict[str, EntityCounts]
    issues: list[RowIssue]
    report_path: Path | None = None
    written: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "source": self.source,
            "written": self.written,
            "changed": self.changed,
            "files": [vars(f) for f in self.files],
            "counts": {k: v.as_dict() for k, v in self.counts.items()},
            "rejected_rows": len({(i.file, i.line) for i in self.issues}),
            "issues": [vars(i) for i in self.issues[:200]],
            "report": str(self.report_path) if self.report_path else None,
            "notes": self.notes,
        }


def run_import(
    platform: Platform,
    batch: CanonicalBatch,
    kind: str,
    source: Path,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write `batch`; with `strict`, any rejected row means nothing is written."""
    sink = progress or NoProgress()
    summary = ImportSummary(kind, str(source), batch.files, {}, list(batch.issues))
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if strict and summary.issues:
        return _refuse(platform, summary)
    staged: StagedSignals | None = None
    try:
        with platform.store.unit_of_work() as session:
            summary.counts = write_records(session, platform.settings, batch, sink)
            staged = platform.signals.stage_activities(batch.activities, sink)
            summary.counts.update(staged.counts)
            summary.issues = [*batch.issues, *staged.issues]
            if strict and summary.issues:
                raise _StrictAbort()
            _record_run(session, summary, started)
        staged.publish()
    except _StrictAbort:
        return _refuse(platform, summary)
    finally:
        if staged is not None:
            staged.discard()  # a no-op after publish; frees the stage after any failure
    if summary.issues:
        summary.report_path = write_issue_report(
            summary.issues, platform.settings.reports_dir, kind
        )
    return summary


def import_staged_signals(
    platform: Platform,
    summary: ImportSummary,
    stage: Callable[[], StagedSignals],
    rejected_before: int,
    strict: bool = False,
) -> ImportSummary:
    """A signals-only import (intent, triggers): `stage` writes Parquet parts aside, the import
    run is recorded in the store's transaction, and the parts are published after it commits."""
    if strict and summary.issues:
        return _refuse(platform, summary)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    staged: StagedSignals | None = None
    try:
        with platform.store.unit_of_work() as session:
            staged = stage()
            _merge_staged(summary, staged, rejected_before)
            if strict and summary.issues:
                raise _StrictAbort()
            _record_run(session, summary, started)
        staged.publish()
    except _StrictAbort:
        return _refuse(platform, summary)
    finally:
        if staged is not None:
            staged.discard()  # a no-op after publish; frees the stage after any failure
    if summary.issues:
        reports = platform.settings.reports_dir
        summary.report_path = write_issue_report(summary.issues, reports, summary.kind)
    return summary


def _merge_staged(summary: ImportSummary, staged: StagedSignals, rejected_before: int) -> None:
    """The store's counts and issues, plus the rows the reader already rejected."""
    summary.issues.extend(staged.issues)
    summary.issues.sort(key=lambda issue: (issue.file, issue.line))
    stored = staged.counts.get(summary.kind)
    counts = EntityCounts(**stored.as_dict()) if stored is not None else EntityCounts()
    counts.read += rejected_before
    counts.rejected += rejected_before
    summary.counts[summary.kind] = counts


class _StrictAbort(Exception):
    """Rolls the transaction back when --strict meets a rejected row."""


def _refuse(platform: Platform, summary: ImportSummary) -> ImportSummary:
    summary.written = False
    summary.counts = {}
    summary.report_path = write_issue_report(
        summary.issues, platform.settings.reports_dir, summary.kind
    )
    summary.notes.append("--strict: rows were rejected, so nothing was imported")
    return summary


def _record_run(session: Session, summary: ImportSummary, started: dt.datetime) -> None:
    session.add(
        ImportRun(
            kind=summary.kind,
            source_path=summary.source,
            started_at=started,
            finished_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            counts={k: v.as_dict() for k, v in summary.counts.items()},
            rejected_rows=len({(i.file, i.line) for i in summary.issues}),
        )
    )


def raise_if_rejected(summary: ImportSummary) -> None:
    """For the edges: rejected rows make the command exit non-zero, after the summary."""
    if summary.issues:
        rows = len({(i.file, i.line) for i in summary.issues})
        raise RejectedRowsError(
            f"{rows} row(s) rejected; details in {summary.report_path}",
            hint="fix the rows and import again (good rows are already in)"
            if summary.written
            else "fix the rows and import again; nothing was written (--strict)",
        )
