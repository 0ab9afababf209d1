"""Trigger-event files (CSV or Parquet) → canonical trigger rows.

A trigger is something that happened at a company on a day: a funding round, hiring in a
relevant role, an executive change, a platform migration... Each row names the company by its
website or domain (kept as the registrable domain, the account key), a `trigger_type` from
`TRIGGER_TYPES` and the date. Platform migrations may name the technologies moved from and to;
they are stored under their catalog names, and read from `details` ("Teradata → Snowflake")
when the columns are blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beachhead.connectors.canonical import FileRead, Row
from beachhead.connectors.fields import (
    Field,
    ParsedRow,
    Schema,
    parse_date,
    parse_float,
    parse_rows,
)
from beachhead.connectors.tabular import RowIssue, read_table
from beachhead.core.identity.domains import registrable_domain
from beachhead.core.technographics import name_key, normalise_stack

TRIGGER_TYPES = (
    "funding",
    "hiring",
    "executive_change",
    "platform_migration",
    "acquisition",
    "expansion",
    "layoffs",
    "other",
)
# Spellings vendors and spreadsheets use for the same types (compared by `name_key`).
_SYNONYMS = {
    "fundinground": "funding",
    "funding_round": "funding",
    "investment": "funding",
    "hire": "hiring",
    "jobposting": "hiring",
    "execchange": "executive_change",
    "leadershipchange": "executive_change",
    "newexecutive": "executive_change",
    "migration": "platform_migration",
    "techmigration": "platform_migration",
    "acquired": "acquisition",
    "merger": "acquisition",
    "layoff": "layoffs",
}
_TYPE_KEYS = {name_key(t): t for t in TRIGGER_TYPES} | _SYNONYMS
_VERBS = frozenset({"migrating", "migration", "moving", "moved", "switching", "from"})
_ARROW = re.compile(r"\s*(?:→|->|=>)\s*")
SCHEMA = Schema(
    [
        Field("event_id", aliases=("id", "trigger_id", "Event ID")),
        Field(
            "account_domain",
            aliases=("domain", "website", "company_domain", "company_website"),
            required=True,
        ),
        Field("company", aliases=("company_name", "account_name")),
        Field("trigger_type", aliases=("type", "event_type", "trigger"), required=True),
        Field(
            "occurred_on",
            parse_date,
            ("date", "event_date", "occurred_at", "announced_on"),
            required=True,
        ),
        Field("title", aliases=("description", "headline")),
        Field("details", aliases=("detail", "notes")),
        Field("technology_from", aliases=("from_technology", "migrating_from")),
        Field("technology_to", aliases=("to_technology", "migrating_to")),
        Field("amount", parse_float, ("amount_usd",)),
        Field("source", aliases=("provider",)),
        Field("url", aliases=("link", "source_url")),
    ],
    keep_custom=False,
)
REQUIRED_COLUMNS = ("account_domain", "trigger_type", "occurred_on")


@dataclass
class TriggerRead:
    """One trigger file as canonical rows (with `line` and `file`), and what it rejected."""

    rows: list[Row]
    issues: list[RowIssue]
    file: FileRead
    notes: list[str] = field(default_factory=list)


def read_triggers(path: Path) -> TriggerRead:
    """Read a trigger file; bad cells become row issues, missing columns an `InputError`."""
    table = read_table(path, SCHEMA.aliases(), required=REQUIRED_COLUMNS)
    parsed, issues = parse_rows(table, SCHEMA)
    rows: list[Row] = []
    for row in parsed:
        made = _canonical(row, str(path))
        if isinstance(made, RowIssue):
            issues.append(made)
        else:
            rows.append(made)
    issues = sorted([*table.issues, *issues], key=lambda issue: issue.line)
    rejected = len({issue.line for issue in issues})
    read = FileRead(
        str(path), "triggers", table.encoding, len(table.rows) + len(table.issues), rejected
    )
    notes = []
    if table.unmapped_headers:
        notes.append(f"column(s) ignored: {', '.join(table.unmapped_headers)}")
    return TriggerRead(rows, issues, read, notes)


def trigger_type(text: str) -> str | None:
    """The canonical type for a cell ("Executive Change" → executive_change), else None.

    >>> trigger_type("Executive Change"), trigger_type("tech-migration"), trigger_type("x")
    ('executive_change', 'platform_migration', None)
    """
    return _TYPE_KEYS.get(name_key(text))


def _canonical(row: ParsedRow, file: str) -> Row | RowIssue:
    values: dict[str, Any] = dict(row.values)
    domain = registrable_domain(values["account_domain"])
    if domain is None:
        reason = "not a website or domain"
        return RowIssue(file, row.line, "account_domain", reason, values["account_domain"])
    kind = trigger_type(values["trigger_type"])
    if kind is None:
        reason = f"unknown trigger type (allowed: {', '.join(TRIGGER_TYPES)})"
        return RowIssue(file, row.line, "trigger_type", reason, values["trigger_type"])
    values["account_domain"], values["trigger_type"] = domain, kind
    values["technology_from"], values["technology_to"] = _technologies(values)
    return {**values, "source_file": Path(file).name, "line": row.line, "file": file}


def _technologies(values: dict[str, Any]) -> tuple[str | None, str | None]:
    """Catalog names for the migration's ends; from `details` when both columns are blank."""
    start, end = values.get("technology_from"), values.get("technology_to")
    details = values.get("details")
    if start is None and end is None and values["trigger_type"] == "platform_migration":
        parts = _ARROW.split(details or "")
        if len(parts) == 2:
            start, end = _after_verb(parts[0]), parts[1]
    return _canonical_name(start), _canonical_name(end)


def _after_verb(text: str) -> str:
    """'migrating from Teradata' → 'Teradata': the words after leading verbs."""
    words = text.split()
    while len(words) > 1 and words[0].lower() in _VERBS:
        words = words[1:]
    return " ".join(words)


def _canonical_name(value: str | None) -> str | None:
    if value is None:
        return None
    names = normalise_stack(re.split(r"[;|]", value))
    return "; ".join(names) or None
