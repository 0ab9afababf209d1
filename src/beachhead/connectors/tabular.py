"""Reading the CSV and Parquet files teams export, whatever their encoding and delimiter.

Rows come out as plain dicts of strings keyed by the *canonical* field name (header aliases
resolved), each with the line it started on, so every later problem can name file and line.
Structural problems (wrong field count, a quote that never closes) become row issues, never
exceptions; only a file that cannot be read at all raises `InputError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from beachhead.core.ingest import RowIssue
from beachhead.errors import InputError

__all__ = ["RawRow", "RawTable", "RowIssue", "decode", "read_table", "sniff_delimiter"]

DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, str | None]


@dataclass
class RawTable:
    """A file read into canonical-named string rows, plus what could not be read."""

    path: Path
    columns: list[str]
    rows: list[RawRow]
    issues: list[RowIssue] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    unmapped_headers: list[str] = field(default_factory=list)


def header_key(name: str) -> str:
    """Headers compare case-, space-, dash- and underscore-insensitively.

    >>> header_key(" Composite_Score "), header_key("composite-score")
    ('compositescore', 'compositescore')
    """
    return re.sub(r"[\s_\-.]+", "", name.strip().lstrip("\ufeff")).lower()


def resolve_headers(
    headers: Iterable[str], aliases: Mapping[str, Iterable[str]]
) -> tuple[dict[str, str], list[str]]:
    """Map each file header to a canonical field; unknown headers keep their own name."""
    lookup: dict[str, str] = {}
    for canonical, names in aliases.items():
        for name in (canonical, *names):
            lookup.setdefault(header_key(name), canonical)
    mapping: dict[str, str] = {}
    unmapped: list[str] = []
    for header in headers:
        found = lookup.get(header_key(header))
        if found is None:
            unmapped.append(header)
        mapping[header] = found or header.strip().lstrip("\ufeff")
    return mapping, unmapped


def read_table(
    path: Path, aliases: Mapping[str, Iterable[str]], required: Iterable[str] = ()
) -> RawTable:
    """Read a CSV or Parquet file. Raises `InputError` when required columns are missing."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    if path.suffix.lower() in (".parquet", ".pq"):
        table = _read_parquet(path, aliases)
    else:
        table = _read_csv(path, aliases)
    _check_required(table, required)
    return table


def _check_required(table: RawTable, required: Iterable[str]) -> None:
    present = set(table.columns)
    missing = [name for name in required if name not in present]
    if missing:
        raise InputError(
            f"{table.path}: line 1: missing required column(s): {', '.join(missing)}",
            hint="rename the column or add an alias in the mapping file",
        )


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(sample: str) -> str:
    """The delimiter of the header line: the candidate it holds most of (ties: comma)."""
    first = sample.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(first, d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, char: str) -> int:
    inside, count = False, 0
    for c in line:
        if c == '"':
            inside = not inside
        elif c == char and not inside:
            count += 1
    return count


def _read_csv(path: Path, aliases: Mapping[str, Iterable[str]]) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot decode text: {exc.reason}") from exc
    if "\x00" in text[:SNIFF_BYTES]:
        raise InputError(f"{path}: looks like a binary file, not CSV")
    delimiter = sniff_delimiter(text[:SNIFF_BYTES])
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        raise InputError(f"{path}: the file is empty")
    headers = next(csv.reader(lines[:1], delimiter=delimiter), [])
    mapping, unmapped = resolve_headers(headers, aliases)
    columns = [mapping[h] for h in headers]
    table = RawTable(path, columns, [], [], encoding, delimiter, unmapped)
    _collect_rows(lines, table)
    return table


def _collect_rows(lines: list[str], table: RawTable) -> None:
    """Parse data lines strictly. A quoting error rejects the row where it starts; the lines it
    swallowed are parsed again on their own, so one stray quote costs one row, not the file."""
    regions = [(2, len(lines))]
    while regions:
        first, last = regions.pop()
        regions.extend(_parse_region(lines, first, last, table))
    table.rows.sort(key=lambda row: row.line)
    table.issues.sort(key=lambda issue: issue.line)


def _parse_region(
    lines: list[str], first: int, last: int, table: RawTable
) -> list[tuple[int, int]]:
    reader = csv.reader(lines[first - 1 : last], delimiter=table.delimiter, strict=True)
    swallowed: list[tuple[int, int]] = []
    line = first
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return swallowed
        except csv.Error as exc:
            end = first - 1 + reader.line_num
            table.issues.append(_quote_issue(table.path, line, end, exc, lines))
            if end > line:
                swallowed.append((line + 1, end))
        else:
            _add_record(table, record, line, first - 1 + reader.line_num)
        line = first + reader.line_num


def _add_record(table: RawTable, record: list[str], line: int, end: int) -> None:
    if not any(cell.strip() for cell in record):
        return
    if len(record) != len(table.columns):
        table.issues.append(_width_issue(table.path, line, end, len(table.columns), record))
        return
    cells = zip(table.columns, record, strict=True)
    table.rows.append(RawRow(line, {col: (cell.strip() or None) for col, cell in cells}))


def _quote_issue(path: Path, line: int, end: int, exc: csv.Error, lines: list[str]) -> RowIssue:
    span = f"line {line}" if end <= line else f"lines {line}-{end}"
    reason = f"broken quoting ({exc}) on {span}; the row is rejected"
    return RowIssue(str(path), line, None, reason, _preview([lines[line - 1].rstrip()]))


def _width_issue(path: Path, line: int, end: int, width: int, record: list[str]) -> RowIssue:
    span = f"lines {line}-{end}" if end > line else f"line {line}"
    reason = f"expected {width} fields, found {len(record)} on {span}"
    return RowIssue(str(path), line, None, reason, _preview(record))


def _preview(record: list[str]) -> str:
    text = ",".join(record)
    return text if len(text) <= 80 else text[:77] + "..."


def _read_parquet(path: Path, aliases: Mapping[str, Iterable[str]]) -> RawTable:
    try:
        arrow = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several unrelated types for corrupt files
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from exc
    mapping, unmapped = resolve_headers(arrow.column_names, aliases)
    columns = [mapping[name] for name in arrow.column_names]
    table = RawTable(path, columns, [], [], "parquet", "", unmapped)
    for index, record in enumerate(arrow.to_pylist()):
        values = {
            col: _cell_text(record[name])
            for col, name in zip(columns, arrow.column_names, strict=True)
        }
        table.rows.append(RawRow(index + 2, values))  # line 1 is the (virtual) header
    return table


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    text = str(value).strip()
    return text or None
