"""Any CSV or Parquet file → canonical accounts, contacts or opportunities, by a mapping file.

The mapping (YAML, see `docs/how-to/import-any-csv.md`) names the source column of each
canonical field and may translate values, give date formats, scale numbers, set constants and
list allowed values. Values outside an `allowed` list are warnings (or rejected rows with
`unknown_values: reject`), so a known-dirty file still imports and its defects are reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as PydanticField

from beachhead.connectors.canonical import FileRead, Row
from beachhead.connectors.crm_common import (
    CrmBatch,
    canonical_row,
    config_error,
    lines_preview,
    load_yaml,
    opp_type_of,
    parse_email,
    plural,
    validation_error,
)
from beachhead.connectors.fields import (
    Parser,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_list,
    parse_text,
)
from beachhead.connectors.tabular import RawRow, RowIssue, header_key, read_table
from beachhead.core.technographics import normalise_stack
from beachhead.core.yamlfile import Marks
from beachhead.errors import InputError


def _stack(value: str) -> list[str]:
    """A stack cell as canonical technology names ("SFDC; GA4" -> Salesforce, Google Analytics)."""
    return normalise_stack(parse_list(value))


def _each(parser: Parser, names: str) -> dict[str, Parser]:
    return dict.fromkeys(names.split(), parser)


_REF_FIELDS = _each(parse_text, "account_ref account_name account_domain")
ENTITY_FIELDS: dict[str, dict[str, Parser]] = {
    "accounts": {
        **_each(
            parse_text,
            "ref name website domain industry country state city postal_code phone parent_ref "
            "owner_ref account_type",
        ),
        **_each(parse_list, "extra_domains"),
        "technologies": _stack,
        "employees": parse_int,
        "annual_revenue": parse_float,
        "is_customer": parse_bool,
        "created_at": parse_datetime,
    },
    "contacts": {
        **_each(
            parse_text,
            "ref company first_name last_name title department country phone consent_basis "
            "buying_role lifecycle_stage owner_ref",
        ),
        **_REF_FIELDS,
        "email": parse_email,
        **_each(parse_bool, "email_opt_out do_not_call email_bounced"),
    },
    "opportunities": {
        **_each(parse_text, "ref name stage owner_ref campaign_ref product"),
        **_REF_FIELDS,
        "opp_type": opp_type_of,
        "amount": parse_float,
        **_each(parse_bool, "is_closed is_won"),
        **_each(parse_date, "created_date close_date"),
    },
}
ENTITIES = tuple(ENTITY_FIELDS)
_DATE_FIELDS = {"created_at", "created_date", "close_date"}
_NUMBER_FIELDS = {"employees", "annual_revenue", "amount"}


class MappingFile(BaseModel):
    """The YAML a user writes; every scalar is read as text and parsed like a CSV cell."""

    model_config = ConfigDict(extra="forbid")
    entity: Literal["accounts", "contacts", "opportunities"] | None = None
    source: str = PydanticField("csv", pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    columns: dict[str, str]
    values: dict[str, dict[str, str | dict[str, str]]] = {}
    date_format: str | None = None
    date_formats: dict[str, str] = {}
    scale: dict[str, float] = {}
    constants: dict[str, str] = {}
    allowed: dict[str, list[str]] = {}
    unknown_values: Literal["warn", "reject"] = "warn"
    custom: list[str] | None = None


@dataclass
class Mapping:
    """A validated mapping file, ready to apply to rows."""

    path: Path
    entity: str
    spec: MappingFile
    marks: Marks
    parsers: dict[str, Parser] = field(default_factory=dict)
    # Value maps and allowed lists compare case-insensitively; folded once, not per row.
    tables: dict[str, dict[str, str | dict[str, str]]] = field(default_factory=dict)
    allowed: dict[str, set[str]] = field(default_factory=dict)

    def line(self, *loc: str) -> int:
        return self.marks.get(loc, 1)


def load_mapping(path: Path, entity: str) -> Mapping:
    """Read and check `path` for `entity`; every problem names the file, line and field."""
    data, marks = load_yaml(path, loader=yaml.BaseLoader)
    if not isinstance(data, dict):
        raise config_error(path, marks, (), "expected a mapping with a `columns:` section")
    try:
        spec = MappingFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, marks, exc) from exc
    mapping = Mapping(path, entity, spec, marks)
    _check(mapping)
    mapping.parsers = {name: _parser(mapping, name) for name in ENTITY_FIELDS[entity]}
    _check_literals(mapping)
    mapping.tables = {
        column: {key.casefold(): target for key, target in table.items()}
        for column, table in spec.values.items()
    }
    mapping.allowed = {name: {v.casefold() for v in vs} for name, vs in spec.allowed.items()}
    return mapping


def _check(mapping: Mapping) -> None:
    spec, fields = mapping.spec, ENTITY_FIELDS[mapping.entity]
    if spec.entity is not None and spec.entity != mapping.entity:
        _fail(mapping, ("entity",), f"this file maps {spec.entity}, not {mapping.entity}")
    sections: dict[str, Iterable[str]] = {
        "columns": spec.columns,
        "date_formats": spec.date_formats,
        "scale": spec.scale,
        "constants": spec.constants,
        "allowed": spec.allowed,
    }
    for section, entries in sections.items():
        for name in entries:
            if name not in fields:
                known = ", ".join(sorted(fields))
                _fail(mapping, (section, name), f"not a field of {mapping.entity} ({known})")
    for name in spec.date_formats:
        if name not in _DATE_FIELDS:
            _fail(mapping, ("date_formats", name), "not a date field")
    for name in spec.scale:
        if name not in _NUMBER_FIELDS:
            _fail(mapping, ("scale", name), "not a number field")
    _check_required(mapping)


def _check_required(mapping: Mapping) -> None:
    mapped = set(mapping.spec.columns) | set(mapping.spec.constants)
    needs = {
        "accounts": ({"name", "domain", "website"}, "name, domain or website"),
        "contacts": ({"email", "ref"}, "email or ref"),
        "opportunities": ({"ref"}, "ref (so a second import updates instead of duplicating)"),
    }[mapping.entity]
    if not mapped & needs[0]:
        _fail(mapping, ("columns",), f"{mapping.entity} need a column for {needs[1]}")


def _check_literals(mapping: Mapping) -> None:
    """Constants and value-map assignments are parsed now, so a typo fails before any row."""
    for name, value in mapping.spec.constants.items():
        _parse_literal(mapping, ("constants", name), name, value)
    for column, table in mapping.spec.values.items():
        for source_value, target in table.items():
            if isinstance(target, str):
                continue
            for name, value in target.items():
                loc = ("values", column, source_value, name)
                if name not in ENTITY_FIELDS[mapping.entity]:
                    _fail(mapping, loc, f"not a field of {mapping.entity}")
                _parse_literal(mapping, loc, name, value)


def _parse_literal(mapping: Mapping, loc: tuple[str, ...], name: str, value: str) -> None:
    if value == "":
        return
    try:
        mapping.parsers[name](value)
    except ValueError as exc:
        _fail(mapping, loc, str(exc))


def _fail(mapping: Mapping, loc: tuple[str, ...], reason: str) -> None:
    raise config_error(mapping.path, mapping.marks, loc, reason)


def _parser(mapping: Mapping, name: str) -> Parser:
    base = ENTITY_FIELDS[mapping.entity][name]
    spec = mapping.spec
    fmt = spec.date_formats.get(name) or (spec.date_format if name in _DATE_FIELDS else None)
    if fmt is not None:
        return _dated(fmt, as_date=name != "created_at")
    factor = spec.scale.get(name)
    if factor is not None:
        return lambda value: base(value) * factor
    return base


def _dated(fmt: str, as_date: bool) -> Parser:
    def parse(value: str) -> dt.date | dt.datetime:
        try:
            stamp = dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            raise ValueError(f"not a date in the format {fmt}") from None
        return stamp.date() if as_date else stamp

    return parse


# Reading -------------------------------------------------------------------------------------


@dataclass
class _Findings:
    """What the rows said beyond their values: rejected cells and warnings for the summary."""

    issues: list[RowIssue] = field(default_factory=list)
    unknown: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    no_account: list[int] = field(default_factory=list)


def read_mapped(path: Path, entity: str, mapping_file: Path) -> CrmBatch:
    """Read `path` as `entity` rows through `mapping_file`.

    Raises `ConfigError` for a bad mapping and `InputError` when a mapped column is missing.
    """
    if entity not in ENTITY_FIELDS:
        raise InputError(f"cannot import {entity!r}: choose one of {', '.join(ENTITIES)}")
    mapping = load_mapping(mapping_file, entity)
    table = read_table(path, {})
    headers = _resolve_columns(mapping, table.columns, path)
    custom = _custom_columns(mapping, table.columns, headers)
    findings = _Findings(issues=list(table.issues))
    rows = _read_rows(mapping, table.rows, headers, custom, str(path), findings)
    batch = CrmBatch(source=mapping.spec.source)
    batch.add(entity, rows)
    batch.issues.extend(findings.issues)
    batch.notes.extend(_notes(mapping, findings, len(rows), path.name))
    structural = {i.line for i in table.issues}
    rejected = {i.line for i in findings.issues}
    total = len(table.rows) + len(structural)
    batch.files.append(FileRead(str(path), entity, table.encoding, total, len(rejected)))
    return batch


def _resolve_columns(mapping: Mapping, columns: list[str], path: Path) -> dict[str, str]:
    """Mapping column names → the file's headers (compared ignoring case, spaces, _ and -)."""
    by_key = {header_key(c): c for c in columns}
    wanted = [(("columns", f), c) for f, c in mapping.spec.columns.items()]
    wanted += [(("values", c), c) for c in mapping.spec.values]
    wanted += [(("custom", str(i)), c) for i, c in enumerate(mapping.spec.custom or [])]
    headers: dict[str, str] = {}
    for loc, column in wanted:
        header = by_key.get(header_key(column))
        if header is None:
            where = f"{mapping.path.name} line {mapping.line(*loc)}"
            raise InputError(
                f"{path}: line 1: no column {column!r} (named in {where}, {'.'.join(loc)})",
                hint=f"the file's columns are: {', '.join(columns)}",
            )
        headers[column] = header
    return headers


def _custom_columns(mapping: Mapping, columns: list[str], headers: dict[str, str]) -> list[str]:
    if mapping.spec.custom is not None:
        return [headers[c] for c in mapping.spec.custom]
    used = {headers[c] for c in mapping.spec.columns.values()}
    return [c for c in columns if c not in used]


def _read_rows(
    mapping: Mapping,
    raws: list[RawRow],
    headers: dict[str, str],
    custom: list[str],
    file: str,
    findings: _Findings,
) -> list[Row]:
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for raw in raws:
        row, issues = _row(mapping, raw, headers, custom, file)
        ref = row.get("ref")
        if not issues and ref is not None and ref in seen:
            column = mapping.spec.columns["ref"]
            reason = f"duplicate {column}: already on line {seen[ref]}"
            issues = [RowIssue(file, raw.line, column, reason, str(ref))]
        issues.extend(_check_allowed(mapping, row, file, findings) if not issues else [])
        findings.issues.extend(issues)
        if issues:
            continue
        if ref is not None:
            seen[ref] = raw.line
        if mapping.entity != "accounts" and not _has_account(row):
            findings.no_account.append(raw.line)
        rows.append(row)
    return rows


def _row(
    mapping: Mapping, raw: RawRow, headers: dict[str, str], custom: list[str], file: str
) -> tuple[Row, list[RowIssue]]:
    cells, assigned = _translate(mapping, raw, headers)
    values: dict[str, Any] = {}
    issues: list[RowIssue] = []
    for name, column in mapping.spec.columns.items():
        values[name], issue = _parse_cell(mapping, name, cells.get(headers[column]), column)
        issues.extend([_at(issue, file, raw.line)] if issue else [])
    for name, value in mapping.spec.constants.items():
        if values.get(name) is None and value != "":
            values[name] = mapping.parsers[name](value)
    for name, value in assigned.items():
        values[name] = mapping.parsers[name](value) if value != "" else None
    values["custom"], custom_issues = _custom(raw, custom, file)
    issues.extend(custom_issues)
    return _canonical(mapping.entity, values, file, raw.line), issues


def _translate(
    mapping: Mapping, raw: RawRow, headers: dict[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Apply `values:`: a text target replaces the cell, a mapping target sets fields."""
    cells = dict(raw.values)
    assigned: dict[str, str] = {}
    for column, table in mapping.tables.items():
        header = headers[column]
        cell = cells.get(header)
        if cell is None:
            continue
        target = table.get(cell.casefold())
        if isinstance(target, str):
            cells[header] = target or None
        elif target is not None:
            assigned.update(target)
    return cells, assigned


def _parse_cell(
    mapping: Mapping, name: str, cell: str | None, column: str
) -> tuple[Any, RowIssue | None]:
    if cell is None:
        return None, None
    try:
        return mapping.parsers[name](cell), None
    except ValueError as exc:
        return None, RowIssue("", 0, column, str(exc), cell[:80])


def _at(issue: RowIssue, file: str, line: int) -> RowIssue:
    return RowIssue(file, line, issue.column, issue.reason, issue.value)


def _custom(raw: RawRow, columns: list[str], file: str) -> tuple[dict[str, str], list[RowIssue]]:
    kept: dict[str, str] = {}
    issues: list[RowIssue] = []
    for column in columns:
        cell = raw.values.get(column)
        if cell is None:
            continue
        try:
            kept[column] = parse_text(cell)
        except ValueError as exc:
            issues.append(RowIssue(file, raw.line, column, str(exc), cell[:80]))
    return kept, issues


def _canonical(entity: str, values: dict[str, Any], file: str, line: int) -> Row:
    if entity == "accounts" and values.get("name") is None:
        values["name"] = values.get("domain") or values.get("website")
    if entity == "opportunities":
        values["opp_type"] = values.get("opp_type") or "new"
    row = canonical_row(entity, values, file, line)
    if entity != "accounts":
        row["account_name"] = values.get("account_name")
        row["account_domain"] = values.get("account_domain")
    return row


def _has_account(row: Row) -> bool:
    return any(row.get(k) is not None for k in ("account_ref", "account_name", "account_domain"))


def _check_allowed(mapping: Mapping, row: Row, file: str, findings: _Findings) -> list[RowIssue]:
    issues: list[RowIssue] = []
    for name, allowed in mapping.allowed.items():
        value = row.get(name)
        if value is None or str(value).casefold() in allowed:
            continue
        if mapping.spec.unknown_values == "reject":
            column = mapping.spec.columns.get(name, name)
            reason = f"{str(value)!r} is not an allowed {name}"
            issues.append(RowIssue(file, row["line"], column, reason, str(value)))
        else:
            findings.unknown[(name, str(value))].append(row["line"])
    return issues


def _notes(mapping: Mapping, findings: _Findings, rows: int, file_name: str) -> list[str]:
    notes: list[str] = []
    for (name, value), lines in sorted(findings.unknown.items()):
        notes.append(
            f"{name} {value!r} is not in the allowed list: {plural(len(lines), 'row')} "
            f"({file_name} {lines_preview(lines)}); imported as is, fix it under `values:`"
        )
    if findings.no_account:
        count = len(findings.no_account)
        notes.append(
            f"{count:,} of {rows:,} {mapping.entity} have no account (no account_ref, "
            f"account_name or account_domain value; {file_name} "
            f"{lines_preview(findings.no_account)}); imported without one"
        )
    return notes
