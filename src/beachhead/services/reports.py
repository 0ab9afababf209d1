"""Row-level problem reports, written as CSV next to the store so nothing is lost on screen."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from beachhead.connectors.tabular import RowIssue

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CWE-1236).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("ok"), safe_cell(None)
    ("'=HYPERLINK(1)", 'ok', '')
    """
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_issue_report(issues: Sequence[RowIssue], reports_dir: Path, kind: str) -> Path:
    """Write `issues` to `reports/import-<kind>-<UTC time>.csv` and return its path."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = reports_dir / f"import-{kind}-{stamp}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "column", "reason", "value"])
        for issue in issues:
            row = [issue.file, issue.line, issue.column, issue.reason, issue.value]
            writer.writerow([safe_cell(v) for v in row])
    return path
