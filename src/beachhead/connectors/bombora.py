"""Bombora Company Surge exports (CSV or Parquet) → canonical intent rows.

Both layouts Bombora has shipped are read: "All Domains All Topics" (one row per domain × topic
× metro, with `Metro Area` and `Metro Composite Score` columns) and "Master Surge" (one row per
domain × topic, metros as `name[score]|name[score]` in one cell). Either way each output row is
one domain × topic × metro; `score` is the company-wide Composite Score, `metro_score` the
metro's, and `metro` is "" where no metro is named. Rows without a topic (Bombora lists
companies with no surging topic that way) are skipped and counted, not rejected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from beachhead.connectors.canonical import FileRead, Row
from beachhead.connectors.fields import (
    Field,
    ParsedRow,
    Schema,
    parse_date,
    parse_float,
    parse_rows,
)
from beachhead.connectors.tabular import RawTable, RowIssue, read_table
from beachhead.core.identity.domains import registrable_domain
from beachhead.errors import InputError

PROVIDER = "bombora"
WEEK_ALIASES = ("Week Start", "Week", "Date", "Report Date", "Week Of", "Week Start Date")
SCHEMA = Schema(
    [
        Field(
            "domain", aliases=("Domain", "Company Domain", "Domain Name", "Website"), required=True
        ),
        Field("company_name", aliases=("Company Name", "Company")),
        Field("topic", aliases=("Topic", "Topic Name")),
        Field("category", aliases=("Category", "Topic Category", "Category Name")),
        Field(
            "score",
            parse_float,
            ("Composite Score", "Score", "Surge Score", "Topic Score"),
            required=True,
        ),
        Field("bucket_code", aliases=("Bucket Code",)),
        Field("metro", aliases=("Metro Area", "Metro", "Metro Areas", "Metros")),
        Field("metro_score", parse_float, ("Metro Composite Score", "Metro Score")),
        Field("metro_bucket_code", aliases=("Metro Bucket Code",)),
        Field("country", aliases=("Domain Origin Country", "Country", "Domain Country")),
        Field("size", aliases=("Size", "Company Size", "Employees")),
        Field("industry", aliases=("Industry", "Company Industry")),
        Field("week_start", parse_date, WEEK_ALIASES),
    ],
    keep_custom=False,
)
_METRO_ENTRY = re.compile(r"^(?P<name>[^\[\]]*)\[(?P<score>[^\[\]]*)\]$")


# Canonical intent rows as Arrow: a weekly file of millions of rows is converted a chunk at a
# time instead of being held as millions of dicts.
ROW_SCHEMA = pa.schema(
    [
        ("provider", pa.string()),
        ("domain", pa.string()),
        ("company_name", pa.string()),
        ("topic", pa.string()),
        ("category", pa.string()),
        ("score", pa.float64()),
        ("bucket_code", pa.string()),
        ("metro", pa.string()),
        ("metro_score", pa.float64()),
        ("metro_bucket_code", pa.string()),
        ("country", pa.string()),
        ("size", pa.string()),
        ("industry", pa.string()),
        ("week_start", pa.date32()),
        ("is_surging", pa.bool_()),
        ("source_file", pa.string()),
        ("line", pa.int64()),
        ("file", pa.string()),
    ]
)
CHUNK_ROWS = 50_000


@dataclass
class IntentRead:
    """One intent file as canonical rows (`ROW_SCHEMA`), with what was rejected and skipped."""

    rows: pa.Table
    issues: list[RowIssue]
    file: FileRead
    skipped_without_topic: int = 0
    notes: list[str] = field(default_factory=list)


def monday(day: dt.date) -> dt.date:
    """The Monday starting `day`'s week (Bombora weeks are labelled by any day in them).

    >>> monday(dt.date(2024, 5, 8))
    datetime.date(2024, 5, 6)
    """
    return day - dt.timedelta(days=day.weekday())


def read_bombora(
    path: Path,
    surge_threshold: float,
    week: dt.date | None = None,
    provider: str = PROVIDER,
) -> IntentRead:
    """Read a Company Surge file; `week` fills rows whose file has no (or a blank) week."""
    table = read_table(path, SCHEMA.aliases(), required=("domain", "topic", "score"))
    if "week_start" not in table.columns and week is None:
        raise InputError(
            f"{path}: line 1: no week column ({', '.join(WEEK_ALIASES)}) and no --week given",
            hint="pass the report week, e.g. --week 2024-05-06",
        )
    with_topic = [r for r in table.rows if r.values.get("topic")]
    skipped = len(table.rows) - len(with_topic)
    context = _Context(str(path), path.name, provider, surge_threshold, week)
    chunks: list[pa.RecordBatch] = []
    issues: list[RowIssue] = []
    for start in range(0, len(with_topic), CHUNK_ROWS):
        chunk = _with_rows(table, with_topic[start : start + CHUNK_ROWS])
        rows, chunk_issues = _canonical_rows(chunk, context)
        chunks.append(pa.RecordBatch.from_pylist(rows, schema=ROW_SCHEMA))
        issues.extend(chunk_issues)
    issues = sorted([*table.issues, *issues], key=lambda issue: issue.line)
    rejected = len({issue.line for issue in issues})
    read = FileRead(
        str(path), "intent", table.encoding, len(table.rows) + len(table.issues), rejected
    )
    notes = [f"{skipped} row(s) without a topic skipped"] if skipped else []
    return IntentRead(pa.Table.from_batches(chunks, ROW_SCHEMA), issues, read, skipped, notes)


def _canonical_rows(table: RawTable, context: _Context) -> tuple[list[Row], list[RowIssue]]:
    parsed, issues = parse_rows(table, SCHEMA)
    rows: list[Row] = []
    for row in parsed:
        made = context.rows(row)
        issues.extend(i for i in made if isinstance(i, RowIssue))
        rows.extend(r for r in made if isinstance(r, dict))
    return rows, issues


def _with_rows(table: RawTable, rows: list[Any]) -> RawTable:
    return RawTable(table.path, table.columns, rows, [], table.encoding, table.delimiter)


@dataclass
class _Context:
    file: str
    name: str
    provider: str
    threshold: float
    week: dt.date | None
    _domains: dict[str, str | None] = field(default_factory=dict)

    def issue(self, row: ParsedRow, column: str, reason: str, value: Any) -> RowIssue:
        return RowIssue(self.file, row.line, column, reason, None if value is None else str(value))

    def domain(self, value: str) -> str | None:
        if value not in self._domains:  # the same company appears once per topic
            self._domains[value] = registrable_domain(value)
        return self._domains[value]

    def rows(self, row: ParsedRow) -> list[Row | RowIssue]:
        """The canonical rows of one file row (several for a metro list), or its issues."""
        v = row.values
        problems: list[Row | RowIssue] = []
        domain = self.domain(v["domain"])
        if domain is None:
            problems.append(self.issue(row, "domain", "not a domain", v["domain"]))
        if not 0 <= v["score"] <= 100:
            problems.append(
                self.issue(row, "score", "score must be between 0 and 100", f"{v['score']:g}")
            )
        week = v.get("week_start") or self.week
        if week is None:
            problems.append(self.issue(row, "week_start", "required value is blank", None))
        metros = self.metros(row)
        if problems or isinstance(metros, RowIssue):
            return problems + ([metros] if isinstance(metros, RowIssue) else [])
        assert domain is not None and week is not None
        base = self.base(v, domain, monday(week), row.line)
        return [{**base, "metro": name, "metro_score": score} for name, score in metros]

    def base(self, v: dict[str, Any], domain: str, week: dt.date, line: int) -> Row:
        return {
            "provider": self.provider,
            "domain": domain,
            "company_name": v.get("company_name"),
            "topic": v["topic"],
            "category": v.get("category"),
            "score": v["score"],
            "bucket_code": v.get("bucket_code"),
            "metro_bucket_code": v.get("metro_bucket_code"),
            "country": v.get("country"),
            "size": v.get("size"),
            "industry": v.get("industry"),
            "week_start": week,
            "is_surging": v["score"] >= self.threshold,
            "source_file": self.name,
            "line": line,
            "file": self.file,
        }

    def metros(self, row: ParsedRow) -> list[tuple[str, float | None]] | RowIssue:
        """[(metro, metro score)]: one entry, or the parsed `name[score]|...` list."""
        text = row.values.get("metro") or ""
        if "[" not in text:
            return [(text.lower(), row.values.get("metro_score"))]
        found: dict[str, float] = {}
        for entry in text.split("|"):
            match = _METRO_ENTRY.match(entry.strip())
            score = _score(match.group("score")) if match else None
            if match is None or score is None:
                reason = "not a metro list like 'greater boston area[77]|[52]'"
                return self.issue(row, "metro", reason, entry)
            name = match.group("name").strip().lower()
            found[name] = max(score, found.get(name, score))  # "[77]|[80]": keep the highest
        return list(found.items())


def _score(text: str) -> float | None:
    try:
        score = parse_float(text)
    except ValueError:
        return None
    return score if 0 <= score <= 100 else None
