"""Typed fields for connector schemas: parsing cells and naming what is wrong with them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from beachhead.connectors.tabular import RawRow, RawTable, RowIssue

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s().,/-]*$")
_SF_ID = re.compile(r"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")
_SF_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def parse_text(value: str) -> str:
    """Text cells are refused when a spreadsheet would run them as a formula (CWE-1236)."""
    if value[0] in "=@\t\r\n\0" or (value[0] in "+-" and not _NUMBER_LIKE.match(value)):
        raise ValueError(f"starts with {value[0]!r}: looks like a spreadsheet formula")
    return value


def parse_bool(value: str) -> bool:
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("not a true/false value")


def parse_float(value: str) -> float:
    cleaned = value.replace(",", "").replace("$", "").replace("€", "").replace("£", "").strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError("not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number


def parse_int(value: str) -> int:
    number = parse_float(value)
    if not number.is_integer():
        raise ValueError("not a whole number")
    return int(number)


def parse_date(value: str) -> dt.date:
    """ISO dates, ISO datetimes (date part), and US `M/D/YYYY` as Salesforce reports write."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.split(" ")[0], fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date (use YYYY-MM-DD)")


def parse_datetime(value: str) -> dt.datetime:
    """ISO-8601 timestamps, normalised to naive UTC; a bare date means midnight."""
    text = value.strip().replace("Z", "+00:00")
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return dt.datetime.combine(parse_date(value), dt.time())
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def parse_sf_id(value: str) -> str:
    """Salesforce ids, normalised to the 18-character case-insensitive form.

    >>> parse_sf_id("001A0000006Vm9r")
    '001A0000006Vm9rIAC'
    >>> parse_sf_id("001A0000006Vm9rIAC")
    '001A0000006Vm9rIAC'
    """
    text = value.strip()
    if not _SF_ID.match(text):
        raise ValueError("not a 15- or 18-character Salesforce id")
    if len(text) == 18:
        return text[:15] + text[15:].upper()
    suffix = ""
    for start in (0, 5, 10):
        chunk = text[start : start + 5]
        bits = sum(1 << i for i, c in enumerate(chunk) if c.isupper())
        suffix += _SF_SUFFIX[bits]
    return text + suffix


def parse_list(value: str) -> list[str]:
    """Semicolon- (or pipe-) separated lists, as CRMs export multi-select fields."""
    parts = re.split(r"[;|]", value)
    return [parse_text(p.strip()) for p in parts if p.strip()]


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Field:
    """One canonical field of a connector schema."""

    name: str
    parse: Parser = parse_text
    aliases: Sequence[str] = ()
    required: bool = False


@dataclass(frozen=True)
class Schema:
    """The fields of one file kind; unknown columns are kept as text in `custom`."""

    fields: Sequence[Field]
    keep_custom: bool = True
    custom_pattern: str = r".*"

    def aliases(self) -> dict[str, Sequence[str]]:
        return {f.name: f.aliases for f in self.fields}

    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]
    custom: dict[str, str] = field(default_factory=dict)


def parse_rows(table: RawTable, schema: Schema) -> tuple[list[ParsedRow], list[RowIssue]]:
    """Typed rows, and one issue per bad cell; a row with any bad cell is rejected whole."""
    known = {f.name: f for f in schema.fields}
    rows: list[ParsedRow] = []
    issues: list[RowIssue] = []
    custom_re = re.compile(schema.custom_pattern)
    for raw in table.rows:
        row, row_issues = _parse_row(table, raw, known, custom_re if schema.keep_custom else None)
        issues.extend(row_issues)
        if not row_issues:
            rows.append(row)
    return rows, issues


def _parse_row(
    table: RawTable, raw: RawRow, known: dict[str, Field], custom_re: re.Pattern[str] | None
) -> tuple[ParsedRow, list[RowIssue]]:
    row = ParsedRow(raw.line, {})
    issues: list[RowIssue] = []
    for column, cell in raw.values.items():
        spec = known.get(column)
        if spec is None:
            issue = _keep_custom(row, column, cell, custom_re)
            if issue:
                issues.append(RowIssue(str(table.path), raw.line, column, issue, cell))
            continue
        if cell is None:
            if spec.required:
                reason = "required value is blank"
                issues.append(RowIssue(str(table.path), raw.line, column, reason))
            row.values[column] = None
            continue
        try:
            row.values[column] = spec.parse(cell)
        except ValueError as exc:
            issues.append(RowIssue(str(table.path), raw.line, column, str(exc), cell[:80]))
    return row, issues


def _keep_custom(
    row: ParsedRow, column: str, cell: str | None, pattern: re.Pattern[str] | None
) -> str | None:
    """Keep an unmapped column's text; returns a reason when the cell is refused."""
    if pattern is None or cell is None or not pattern.fullmatch(column):
        return None
    try:
        row.custom[column] = parse_text(cell)
    except ValueError as exc:
        return str(exc)
    return None


def duplicate_key_issues(
    rows: Iterable[ParsedRow], key: str, file: str
) -> tuple[list[ParsedRow], list[RowIssue]]:
    """Keep the first row of each key; later rows with the same key are reported, not merged."""
    seen: dict[Any, int] = {}
    kept: list[ParsedRow] = []
    issues: list[RowIssue] = []
    for row in rows:
        value = row.values.get(key)
        if value is not None and value in seen:
            reason = f"duplicate {key}: already on line {seen[value]}"
            issues.append(RowIssue(file, row.line, key, reason, str(value)))
            continue
        if value is not None:
            seen[value] = row.line
        kept.append(row)
    return kept, issues
