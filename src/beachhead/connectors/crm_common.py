"""What the CRM connectors (Salesforce, HubSpot, mapped CSV) share.

Each reads files into canonical rows (see `connectors/canonical.py`); this module holds the
steps they all take: read a file, check its required columns by the names users know, parse,
drop duplicate keys, and turn parsed rows into canonical dicts with `file` and `line`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from beachhead.connectors.canonical import CanonicalBatch, FileRead, Row
from beachhead.connectors.fields import ParsedRow, Schema, duplicate_key_issues, parse_rows
from beachhead.connectors.tabular import RawTable, RowIssue, read_table
from beachhead.core.yamlfile import Marks, YamlLoader, line_of, parse_yaml
from beachhead.errors import ConfigError, InputError

CANONICAL_KEYS: dict[str, tuple[str, ...]] = {
    kind: tuple(keys.split())
    for kind, keys in {
        "users": "ref name email",
        "accounts": "ref name website domain extra_domains industry employees annual_revenue "
        "country state city postal_code phone parent_ref owner_ref is_customer account_type "
        "technologies created_at custom",
        "contacts": "ref account_ref company email first_name last_name title department country "
        "phone email_opt_out do_not_call email_bounced consent_basis buying_role lifecycle_stage "
        "owner_ref custom",
        "leads": "ref company email first_name last_name title country website status "
        "email_opt_out is_converted converted_contact_ref",
        "opportunities": "ref account_ref name opp_type amount stage is_closed is_won "
        "created_date close_date owner_ref campaign_ref product custom",
        "stages": "opportunity_ref stage changed_at amount close_date",
        "contact_roles": "opportunity_ref contact_ref role is_primary",
        "campaigns": "ref name campaign_type status start_date end_date budgeted_cost actual_cost",
        "campaign_members": "ref campaign_ref contact_ref lead_ref status has_responded "
        "first_responded_date",
        "activities": "event_id occurred_at activity_type channel contact_email contact_ref "
        "account_domain account_ref campaign_ref url duration_minutes source",
    }.items()
}
_KEY_SETS = {kind: frozenset(keys) for kind, keys in CANONICAL_KEYS.items()}
_CONTAINER_KEYS = {
    kind: tuple(k for k in keys if k in ("extra_domains", "technologies", "custom"))
    for kind, keys in CANONICAL_KEYS.items()
}
_EXPANSION_WORDS = ("existing", "upsell", "renewal", "expansion", "upgrade", "cross")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class CrmBatch(CanonicalBatch):
    """A canonical batch plus notes for the summary (warnings that reject no row)."""

    notes: list[str] = field(default_factory=list)


@dataclass
class ObjectRead:
    """One file parsed against its schema: the good rows, and the table they came from."""

    table: RawTable
    rows: list[ParsedRow]
    issues: list[RowIssue]

    @property
    def file(self) -> str:
        return str(self.table.path)


def read_object(path: Path, schema: Schema, label: str, key: str | None = "ref") -> ObjectRead:
    """Read, check required columns, parse cells and drop duplicate keys (later row loses)."""
    table = read_table(path, schema.aliases())
    require_columns(table, schema, label)
    rows, issues = parse_rows(table, schema)
    if key is not None:
        rows, duplicates = duplicate_key_issues(rows, key, str(path))
        issues.extend(duplicates)
    return ObjectRead(table, rows, [*table.issues, *source_names(issues, api_names(schema))])


def api_names(schema: Schema) -> dict[str, str]:
    """Canonical key → the column name users know (a field's first alias)."""
    return {f.name: f.aliases[0] for f in schema.fields if f.aliases}


def source_names(issues: Iterable[RowIssue], names: dict[str, str]) -> list[RowIssue]:
    """Issues name columns as the user's file does (`Id`), not by canonical key (`ref`)."""
    renamed: list[RowIssue] = []
    for issue in issues:
        column = names.get(issue.column or "", issue.column)
        reason = issue.reason
        if issue.column and reason.startswith(f"duplicate {issue.column}:"):
            reason = f"duplicate {column}:" + reason.split(":", 1)[1]
        renamed.append(replace(issue, column=column, reason=reason))
    return renamed


def require_columns(table: RawTable, schema: Schema, label: str) -> None:
    """Refuse the file when a required column is missing, naming it as the source does."""
    present = set(table.columns)
    for spec in schema.fields:
        if spec.required and spec.name not in present:
            shown = spec.aliases[0] if spec.aliases else spec.name
            others = ", ".join(repr(a) for a in spec.aliases[1:])
            also = f" (also accepted: {others})" if others else ""
            raise InputError(
                f"{table.path}: line 1: missing required column {shown!r}{also} in {label}",
                hint="re-export with that column, or rename the header",
            )


def canonical_row(kind: str, values: dict[str, Any], file: str, line: int) -> Row:
    """A canonical row with every documented key present (lists empty, dicts empty, else None)."""
    row: Row = dict.fromkeys(CANONICAL_KEYS[kind])
    keys = _KEY_SETS[kind]
    for key, value in values.items():
        if value is not None and key in keys:
            row[key] = value
    for key in _CONTAINER_KEYS[kind]:
        if row[key] is None:
            row[key] = {} if key == "custom" else []
    row["file"] = file
    row["line"] = line
    return row


def file_read(read: ObjectRead, kind: str, extra_issues: Sequence[RowIssue] = ()) -> FileRead:
    """The summary line for one file: records read (good or bad) and distinct rejected lines."""
    structural = {i.line for i in read.table.issues}
    rejected = {i.line for i in (*read.issues, *extra_issues) if i.file == read.file}
    return FileRead(
        read.file, kind, read.table.encoding, len(read.table.rows) + len(structural), len(rejected)
    )


def add_object(
    batch: CanonicalBatch,
    read: ObjectRead,
    kind: str,
    convert: Callable[[ParsedRow, str], Row | RowIssue],
    target: list[Row] | None = None,
) -> None:
    """Convert each parsed row (a RowIssue rejects it) and add rows, issues and the file line."""
    rows: list[Row] = []
    issues: list[RowIssue] = []
    for parsed in read.rows:
        result = convert(parsed, read.file)
        if isinstance(result, RowIssue):
            issues.append(result)
        else:
            rows.append(result)
    if target is None:
        batch.add(kind, rows)
    else:
        target.extend(rows)
    batch.issues.extend([*read.issues, *issues])
    batch.files.append(file_read(read, kind, issues))


def skipped_file(path: Path) -> FileRead:
    return FileRead(str(path), "skipped", "", 0, 0)


def opp_type_of(value: str | None) -> str:
    """'expansion' for business with an existing customer, else 'new'.

    >>> opp_type_of("Existing Business"), opp_type_of("newbusiness"), opp_type_of(None)
    ('expansion', 'new', 'new')
    """
    low = (value or "").lower()
    return "expansion" if any(word in low for word in _EXPANSION_WORDS) else "new"


def parse_email(value: str) -> str:
    """An email address, trimmed; free-mail addresses are kept (identity decides about them)."""
    text = value.strip()
    if not _EMAIL.match(text):
        raise ValueError("not an email address")
    return text


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def lines_preview(lines: Iterable[int], limit: int = 5) -> str:
    """'lines 2, 9, 15 and 9 more' for notes that point at rows without listing them all."""
    ordered = sorted(set(lines))
    shown = ", ".join(str(n) for n in ordered[:limit])
    more = len(ordered) - limit
    word = "line" if len(ordered) == 1 else "lines"
    return f"{word} {shown}" + (f" and {more:,} more" if more > 0 else "")


def dedupe(
    rows: Sequence[ParsedRow], keys: tuple[str, ...], file: str, names: dict[str, str]
) -> tuple[list[ParsedRow], list[RowIssue]]:
    """Like `duplicate_key_issues`, for a key made of several columns (first row wins)."""
    labels = [names.get(k, k) for k in keys]
    seen: dict[tuple[Any, ...], int] = {}
    kept: list[ParsedRow] = []
    issues: list[RowIssue] = []
    for row in rows:
        value = tuple(row.values.get(k) for k in keys)
        if value in seen:
            reason = f"duplicate {' + '.join(labels)}: already on line {seen[value]}"
            issues.append(RowIssue(file, row.line, labels[0], reason, " / ".join(map(str, value))))
            continue
        seen[value] = row.line
        kept.append(row)
    return kept, issues


def load_yaml(path: Path, loader: YamlLoader = yaml.SafeLoader) -> tuple[Any, Marks]:
    """A YAML file's data, and the line of every key path (for messages naming the line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_yaml(text, path, loader)


def config_error(path: Path, marks: Marks, loc: Sequence[object], reason: str) -> ConfigError:
    field_name = ".".join(str(p) for p in loc) or "(top level)"
    return ConfigError(f"{path}: line {line_of(marks, loc)}: {field_name}: {reason}")


def validation_error(path: Path, marks: Marks, exc: ValidationError) -> ConfigError:
    """The first pydantic error as one line naming file, line and field."""
    errors = exc.errors()
    first = errors[0]
    error = config_error(path, marks, first["loc"], first["msg"])
    if len(errors) > 1:
        error.message += f" (and {plural(len(errors) - 1, 'more problem')})"
    return error
