"""The summary every `beachhead import ...` command prints: files, counts, first row issues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from beachhead.cli.common import console, open_platform, print_json, render_table, run_command
from beachhead.cli.progress import RichProgress
from beachhead.platform import Platform
from beachhead.services.importing import ImportSummary, raise_if_rejected
from beachhead.services.progress import Progress

ImportAction = Callable[[Platform, Progress], ImportSummary]

MAX_ISSUES_SHOWN = 20
COUNT_COLUMNS = ("read", "inserted", "updated", "unchanged", "merged", "rejected")


def run_import_command(workspace: Path | None, as_json: bool, action: ImportAction) -> None:
    """Run one import with a progress bar, print its summary, exit 1 if rows were rejected."""
    with open_platform(workspace) as platform, RichProgress(enabled=not as_json) as progress:
        summary = action(platform, progress)
    render_summary(summary, as_json)
    run_command(lambda: raise_if_rejected(summary))


def render_summary(summary: ImportSummary, as_json: bool) -> None:
    """Print `summary` as JSON (stdout, nothing else) or as Rich tables."""
    if as_json:
        print_json(summary.as_dict())
        return
    _render_files(summary)
    _render_counts(summary)
    _render_outcome(summary)
    _render_issues(summary)


def _render_files(summary: ImportSummary) -> None:
    if not summary.files:
        return
    rows = [(f.path, f.kind, f.encoding, f.rows, f.rejected) for f in summary.files]
    render_table("Files read", ("file", "kind", "encoding", "rows", "rejected"), rows)


def _render_counts(summary: ImportSummary) -> None:
    if not summary.counts:
        return
    rows = [
        (entity, *(getattr(counts, column) for column in COUNT_COLUMNS))
        for entity, counts in summary.counts.items()
    ]
    render_table(f"Import {summary.kind}", ("entity", *COUNT_COLUMNS), rows)


def _render_outcome(summary: ImportSummary) -> None:
    for note in summary.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if not summary.written:
        console.print("[bold]Nothing was written.[/]")
    elif not summary.changed:
        console.print("[bold]Nothing changed:[/] every row was already in the workspace.")


def _render_issues(summary: ImportSummary) -> None:
    if not summary.issues:
        return
    shown = summary.issues[:MAX_ISSUES_SHOWN]
    rows = [(Path(i.file).name, i.line, i.column, i.reason, i.value) for i in shown]
    rejected = len({(i.file, i.line) for i in summary.issues})
    title = f"Row issues ({rejected} row(s) rejected)"
    render_table(title, ("file", "line", "column", "reason", "value"), rows)
    hidden = len(summary.issues) - len(shown)
    if hidden > 0:
        console.print(f"... and {hidden} more issue(s) in the report.")
    if summary.report_path is not None:
        console.print(f"Report: {summary.report_path}", highlight=False, soft_wrap=True)
