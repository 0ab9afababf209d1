"""Beachhead's generic activities format (CSV or Parquet) → canonical activity rows.

Columns (header aliases in brackets): event_id, occurred_at [timestamp, time, date],
activity_type [type, event_type], channel, contact_email [email], contact_id,
account_domain [domain, company_domain], campaign, url, duration_minutes [duration], source.
See docs/reference/activities-format.md.

Files of millions of events are checked column by column with Arrow compute rather than row by
row; only the rows that fail a check are turned into Python objects, to report them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, SupportsIndex, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from beachhead.connectors.canonical import ACTIVITY_TYPES, CanonicalBatch, FileRead, Row
from beachhead.connectors.fields import parse_datetime, parse_float
from beachhead.connectors.tabular import (
    SNIFF_BYTES,
    RowIssue,
    decode,
    read_table,
    resolve_headers,
    sniff_delimiter,
)
from beachhead.core.identity.domains import registrable_domain
from beachhead.core.identity.freemail import FREE_MAIL_DOMAINS
from beachhead.errors import InputError

COLUMNS = (
    "event_id",
    "occurred_at",
    "activity_type",
    "channel",
    "contact_email",
    "contact_ref",
    "account_domain",
    "account_ref",
    "campaign_ref",
    "url",
    "duration_minutes",
    "source",
)
ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("id", "activity_id"),
    "occurred_at": ("timestamp", "time", "date", "occurred", "activity_date", "datetime"),
    "activity_type": ("type", "event_type", "activity"),
    "channel": ("medium",),
    "contact_email": ("email", "email_address"),
    "contact_ref": ("contact_id",),
    "account_domain": ("domain", "company_domain", "website"),
    "account_ref": ("account_id",),
    "campaign_ref": ("campaign", "campaign_id"),
    "url": ("page_url", "page"),
    "duration_minutes": ("duration", "minutes"),
    "source": (),
}
TEXT_COLUMNS = (
    "event_id",
    "channel",
    "contact_ref",
    "account_ref",
    "campaign_ref",
    "url",
    "source",
)
REQUIRED = ("occurred_at", "activity_type")


class ActivityRows(list[Row]):
    """Canonical activity rows held as one Arrow table: a read-only, list-like view.

    The signal store takes the table itself (`to_arrow()`), so ten million events never become
    ten million dicts; code that iterates gets dicts one record batch at a time.
    """

    def __init__(self, table: pa.Table, file: str) -> None:
        super().__init__()
        self._table = table
        self._file = file

    def to_arrow(self) -> pa.Table:
        return self._table

    def __len__(self) -> int:
        return int(self._table.num_rows)

    def __bool__(self) -> bool:
        return bool(self._table.num_rows > 0)

    def __iter__(self) -> Iterator[Row]:
        for batch in self._table.to_batches():
            for row in batch.to_pylist():
                row["file"] = self._file
                yield row

    @overload
    def __getitem__(self, index: SupportsIndex) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = int(index) + (len(self) if int(index) < 0 else 0)
        if not 0 <= position < len(self):
            raise IndexError("activity row index out of range")
        row: Row = self._table.slice(position, 1).to_pylist()[0]
        row["file"] = self._file
        return row

    def __repr__(self) -> str:
        return f"ActivityRows({len(self)} rows from {self._file})"

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("ActivityRows is read-only; build a new batch instead")

    # Writes would be silently lost (the store reads the table), so they fail loudly.
    append = extend = insert = remove = clear = sort = reverse = _read_only
    __setitem__ = __delitem__ = __iadd__ = _read_only  # type: ignore[assignment]


def read_activities(path: Path, free_mail: frozenset[str] = FREE_MAIL_DOMAINS) -> CanonicalBatch:
    """Read an activities file into a batch for `services.importing.run_import`."""
    raw, lines, encoding, structural = _read(path)
    rows = raw.num_rows
    checks = ColumnChecks(
        dict(zip(raw.column_names, raw.columns, strict=True)), rows, str(path), lines
    )
    del raw  # the checks release each source column once it is normalised
    table = _normalise(checks, free_mail)
    issues = sorted([*structural, *checks.issues()], key=lambda issue: issue.line)
    batch = CanonicalBatch(source="activities")
    batch.activities = ActivityRows(table, str(path))
    batch.issues = issues
    rejected = len({issue.line for issue in issues})
    batch.files = [FileRead(str(path), "activities", encoding, rows + len(structural), rejected)]
    return batch


def _normalise(checks: ColumnChecks, free_mail: frozenset[str]) -> pa.Table:
    steps: list[tuple[str, Callable[[str], pa.ChunkedArray]]] = [
        *((name, checks.text) for name in TEXT_COLUMNS),
        ("occurred_at", checks.timestamp),
        ("activity_type", checks.activity_type),
        ("contact_email", checks.email),
        ("duration_minutes", checks.duration),
    ]
    columns: dict[str, pa.ChunkedArray] = {}
    for name, step in steps:
        columns[name] = step(name)
        checks.release(name)
    columns["account_domain"] = checks.account_domain(
        "account_domain", columns["contact_email"], free_mail
    )
    checks.release("account_domain")
    checks.require_one_of("contact_email", columns["contact_email"], columns["account_domain"])
    table = pa.table({name: columns.pop(name) for name in COLUMNS} | {"line": checks.lines})
    rejected = checks.rejected()
    return table.filter(pa.array(~rejected)) if rejected.any() else table


def _read(path: Path) -> tuple[pa.Table, np.ndarray[Any, Any], str, list[RowIssue]]:
    """(canonical-named columns, line per row, encoding, structural issues)."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    structural: list[RowIssue] = []
    if path.suffix.lower() in (".parquet", ".pq"):
        table = _canonical(_read_parquet(path))
        lines = np.arange(2, table.num_rows + 2)  # line 1 is the (virtual) header
        encoding = "parquet"
    elif (fast := _read_csv_fast(path)) is not None:
        table, lines, encoding = fast
    else:
        table, lines, encoding, structural = _read_csv_by_row(path)
    _check_columns(path, table.column_names)
    return table, lines, encoding, structural


def _read_csv_by_row(path: Path) -> tuple[pa.Table, np.ndarray[Any, Any], str, list[RowIssue]]:
    """The careful reader: any encoding, quoted line breaks, ragged rows reported by line."""
    raw = read_table(path, ALIASES)
    present = [c for c in COLUMNS if c in raw.columns]
    values = {c: pa.array([r.values.get(c) for r in raw.rows], pa.string()) for c in present}
    lines = np.array([r.line for r in raw.rows], dtype=np.int64)
    return pa.table(values), lines, raw.encoding, raw.issues


def _read_csv_fast(path: Path) -> tuple[pa.Table, np.ndarray[Any, Any], str] | None:
    """Arrow's CSV reader, when every row is exactly one line (so line numbers are exact).

    Returns None for anything unusual (UTF-16, ragged rows, line breaks inside quotes, a
    duplicated header): the careful reader then reports those row by row.
    """
    with path.open("rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\n" not in sample:
        return None
    text, encoding = decode(sample[: sample.rindex(b"\n")])  # never split a character
    delimiter = sniff_delimiter(text)
    header = next(csv.reader([text.split("\n", 1)[0].rstrip("\r")], delimiter=delimiter))
    if len(set(header)) != len(header):
        return None
    options = (
        pacsv.ReadOptions(encoding="utf8" if encoding.startswith("utf-8") else encoding),
        pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
        pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )
    try:
        table = pacsv.read_csv(path, *options)
    except (pa.ArrowInvalid, UnicodeError):
        return None
    if table.num_rows + 1 != _physical_lines(path):
        return None
    lines = np.arange(2, table.num_rows + 2)
    blank = _blank_rows(table)
    return _canonical(table.filter(pa.array(~blank))), lines[~blank], encoding


def _physical_lines(path: Path) -> int:
    count, last = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last not in (b"\n", b""))


def _blank_rows(table: pa.Table) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Rows whose every cell is blank: skipped, as the careful reader skips blank lines."""
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        blank &= _mask(pc.equal(pc.utf8_trim_whitespace(column), ""))
    return blank


def _read_parquet(path: Path) -> pa.Table:
    try:
        return pq.read_table(path)
    except Exception as exc:  # pyarrow raises several unrelated types for corrupt files
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from exc


def _canonical(table: pa.Table) -> pa.Table:
    """Columns renamed to canonical names via the aliases; unknown ones dropped."""
    mapping, _ = resolve_headers(table.column_names, ALIASES)
    chosen: dict[str, pa.ChunkedArray] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        chosen.setdefault(mapping[name], column)  # the first of two aliased columns wins
    return pa.table({c: chosen[c] for c in COLUMNS if c in chosen})


def _check_columns(path: Path, present: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in present]
    if "contact_email" not in present and "account_domain" not in present:
        missing.append("contact_email or account_domain")
    if missing:
        raise InputError(
            f"{path}: line 1: missing required column(s): {', '.join(missing)}",
            hint="see docs/reference/activities-format.md for the columns and their aliases",
        )


Mask = np.ndarray[Any, np.dtype[np.bool_]]
_FORMULA = r"^([=@\t\r\n\x00]|[+-].*[^\d\s().,/-])"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class ColumnChecks:
    """Normalises one column at a time, remembering which rows failed and why.

    Each source column is released once normalised, and a bad cell's text is kept when it is
    flagged, so a large file is never held twice over.
    """

    def __init__(
        self, raw: dict[str, pa.ChunkedArray], rows: int, file: str, lines: np.ndarray[Any, Any]
    ) -> None:
        self.raw = raw
        self.file = file
        self.lines = lines
        self.rows = rows
        self._masks: list[tuple[str, Mask]] = []
        self._issues: list[RowIssue] = []

    def flag(self, column: str, mask: Mask, reason: str) -> None:
        if not mask.any():
            return
        self._masks.append((column, mask))
        where = np.flatnonzero(mask)
        values = self._cells(column, where)
        self._issues.extend(
            RowIssue(self.file, int(self.lines[i]), column, reason, v)
            for i, v in zip(where, values, strict=True)
        )

    def release(self, column: str) -> None:
        self.raw.pop(column, None)

    def rejected(self) -> Mask:
        bad = np.zeros(self.rows, dtype=bool)
        for _, mask in self._masks:
            bad |= mask
        return bad

    def issues(self) -> list[RowIssue]:
        return list(self._issues)

    def _cells(self, column: str, where: np.ndarray[Any, Any]) -> list[str | None]:
        if column not in self.raw:
            return [None] * len(where)
        cells = self.raw[column].take(pa.array(where)).to_pylist()
        return [None if c is None else str(c)[:80] for c in cells]

    def strings(self, column: str) -> pa.ChunkedArray:
        """The column as trimmed text, blanks as null."""
        if column not in self.raw:
            return pa.chunked_array([pa.nulls(self.rows, pa.string())])
        text = pc.utf8_trim_whitespace(self.raw[column].cast(pa.string()))
        return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)

    def text(self, column: str) -> pa.ChunkedArray:
        values = self.strings(column)
        formula = _mask(pc.match_substring_regex(values, _FORMULA))
        self.flag(column, formula, "starts like a spreadsheet formula (= + - @)")
        return values

    def activity_type(self, column: str) -> pa.ChunkedArray:
        lowered = pc.utf8_lower(self.strings(column))
        values = pc.replace_substring_regex(lowered, r"[\s-]+", "_")
        blank = _mask(pc.is_null(values))
        self.flag(column, blank, "required value is blank")
        known = _mask(pc.is_in(values, value_set=pa.array(ACTIVITY_TYPES)))
        allowed = ", ".join(ACTIVITY_TYPES)
        self.flag(column, ~known & ~blank, f"unknown activity type (allowed: {allowed})")
        return values

    def timestamp(self, column: str) -> pa.ChunkedArray:
        source = self.raw[column]
        if pa.types.is_timestamp(source.type) or pa.types.is_date(source.type):
            values = source.cast(pa.timestamp("us"))  # zoned stamps keep their UTC instant
        else:
            values = self._parse_stamps(column, self.strings(column))
        self.flag(
            column, _mask(pc.is_null(values)) & ~self._failed(column), "required value is blank"
        )
        return values

    def _parse_stamps(self, column: str, text: pa.ChunkedArray) -> pa.ChunkedArray:
        for kind in (pa.timestamp("us"), pa.timestamp("us", tz="UTC")):
            try:
                return text.cast(kind).cast(pa.timestamp("us"))
            except pa.ArrowInvalid:
                continue
        parsed = _parse_each(text.to_pylist(), parse_datetime)
        bad = np.array([p is _BAD for p in parsed], dtype=bool)
        self.flag(column, bad, "not a date/time (use ISO 8601, e.g. 2024-05-06T14:30:00Z)")
        return pa.chunked_array(
            [pa.array([None if p is _BAD else p for p in parsed], pa.timestamp("us"))]
        )

    def _failed(self, column: str) -> Mask:
        failed = np.zeros(self.rows, dtype=bool)
        for name, mask in self._masks:
            if name == column:
                failed |= mask
        return failed

    def email(self, column: str) -> pa.ChunkedArray:
        values = pc.utf8_lower(self.strings(column))
        valid = pc.match_substring_regex(values, _EMAIL)
        self.flag(column, _mask(pc.invert(valid)), "not an email address")
        return values

    def account_domain(
        self, column: str, emails: pa.ChunkedArray, free_mail: frozenset[str]
    ) -> pa.ChunkedArray:
        """The registrable domain given, else the company domain of the contact's email."""
        given = self.strings(column)
        domains = _map_unique(given, registrable_domain)
        bad = _mask(pc.and_(pc.is_valid(given), pc.is_null(domains)))
        self.flag(column, bad, "not a domain")
        from_email = pc.struct_field(pc.extract_regex(emails, r"@(?P<d>[^@]+)$"), "d")
        derived = _map_unique(from_email, registrable_domain)
        free = pa.array(sorted(free_mail), pa.string())
        company = pc.coalesce(_drop(domains, free), _drop(derived, free))
        return company

    def duration(self, column: str) -> pa.ChunkedArray:
        if column not in self.raw:
            return pa.chunked_array([pa.nulls(self.rows, pa.float64())])
        source = self.raw[column]
        if pa.types.is_integer(source.type) or pa.types.is_floating(source.type):
            values = source.cast(pa.float64())
        else:
            values = self._parse_numbers(column, self.strings(column))
        self.flag(column, _mask(pc.less(values, 0)), "must not be negative")
        return values

    def _parse_numbers(self, column: str, text: pa.ChunkedArray) -> pa.ChunkedArray:
        try:
            return text.cast(pa.float64())
        except pa.ArrowInvalid:
            pass
        parsed = _parse_each(text.to_pylist(), parse_float)
        self.flag(column, np.array([p is _BAD for p in parsed], dtype=bool), "not a number")
        return pa.chunked_array(
            [pa.array([None if p is _BAD else p for p in parsed], pa.float64())]
        )

    def require_one_of(self, column: str, *values: pa.ChunkedArray) -> None:
        present = np.zeros(self.rows, dtype=bool)
        for value in values:
            present |= _mask(pc.is_valid(value))
        self.flag(column, ~present, "needs a contact_email or a company account_domain")


_BAD = object()


def _parse_each(cells: list[Any], parse: Callable[[str], Any]) -> list[Any]:
    """The slow path for columns Arrow cannot cast in one go: each cell, bad ones marked."""
    out: list[Any] = []
    for cell in cells:
        if cell is None:
            out.append(None)
            continue
        try:
            out.append(parse(cell))
        except ValueError:
            out.append(_BAD)
    return out


def _mask(values: pa.ChunkedArray | pa.Array) -> Mask:
    """A boolean array as NumPy, null counting as False."""
    filled = pc.fill_null(values, False)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)


def _map_unique(values: pa.ChunkedArray, fn: Callable[[str], str | None]) -> pa.ChunkedArray:
    """`fn` applied once per distinct value (domains repeat across millions of events)."""
    distinct = pc.unique(values).drop_null()
    mapped = pa.array([fn(v) for v in distinct.to_pylist()], pa.string())
    return pc.take(mapped, pc.index_in(values, value_set=distinct))


def _drop(values: pa.ChunkedArray, excluded: pa.Array) -> pa.ChunkedArray:
    return pc.if_else(pc.is_in(values, value_set=excluded), pa.scalar(None, pa.string()), values)
