"""Importing signals (intent, activities) and describing what the workspace holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from beachhead.connectors.activities import read_activities
from beachhead.connectors.bombora import PROVIDER, read_bombora
from beachhead.connectors.canonical import CanonicalBatch
from beachhead.core.identity.freemail import free_mail_set
from beachhead.errors import InputError
from beachhead.platform import Platform
from beachhead.services.counts import EntityCounts
from beachhead.services.importing import ImportSummary, run_import
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.reports import write_issue_report
from beachhead.store.models import ImportRun
from beachhead.store.signals import DatasetStats, StagedSignals

INTENT_PROVIDERS = (PROVIDER,)


class _StrictAbort(Exception):
    """Rolls the import back when --strict meets a rejected row."""


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
    if strict and summary.issues:
        return _refuse(platform, summary)
    started = _now()
    staged: StagedSignals | None = None
    try:
        with platform.store.unit_of_work() as session:
            staged = platform.signals.stage_intent(read.rows, progress or NoProgress())
            _merge_staged(summary, staged, "intent", rejected_before=read.file.rejected)
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


def _merge_staged(
    summary: ImportSummary, staged: StagedSignals, kind: str, rejected_before: int
) -> None:
    """The store's counts and issues, plus the rows the reader already rejected."""
    summary.issues.extend(staged.issues)
    summary.issues.sort(key=lambda issue: (issue.file, issue.line))
    counts = EntityCounts(**staged.counts[kind].as_dict()) if kind in staged.counts else None
    counts = counts or EntityCounts()
    counts.read += rejected_before
    counts.rejected += rejected_before
    summary.counts[kind] = counts


def _count_file_rejects(summary: ImportSummary, batch: CanonicalBatch) -> None:
    """Rows the reader rejected never reach the store; count them so the table adds up."""
    rejected = sum(f.rejected for f in batch.files)
    if summary.written and rejected:
        counts = summary.counts.setdefault("activities", EntityCounts())
        counts.read += rejected
        counts.rejected += rejected


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
