"""How the values of several source rows become one record's values.

Rows of the record's *primary* source (the source that created it) override the stored values
with their non-blank ones; rows of other sources only fill blanks. Blank never erases. Lists
(technologies) are unioned, dicts (custom fields) merged key by key, and compliance flags are
sticky: once any source says a person opted out, no import clears it.

>>> rules = FieldRules(sticky=frozenset({"email_opt_out"}))
>>> stored = {"name": "Acme", "industry": None, "email_opt_out": True}
>>> merge_values(stored, [{"name": "ACME", "email_opt_out": False}], [{"industry": "Software"}],
...              rules)
{'name': 'ACME', 'industry': 'Software', 'email_opt_out': True}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Values = Mapping[str, Any]


def is_blank(value: Any) -> bool:
    """None, empty text, empty list or empty dict.

    >>> is_blank(""), is_blank([]), is_blank(0), is_blank(False)
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict | tuple | set):
        return not value
    return False


@dataclass(frozen=True)
class FieldRules:
    """Fields with a merge rule other than "primary overrides, others fill blanks"."""

    union: frozenset[str] = frozenset()
    mapping: frozenset[str] = frozenset()
    sticky: frozenset[str] = frozenset()
    # Fields that belong together: an account match (id, method, score) is one decision, an
    # address (country, city...) one place. A row's group replaces the stored one when they
    # disagree on a field both know; when they agree, it only fills the blanks.
    groups: tuple[tuple[str, ...], ...] = ()


def merge_values(
    stored: Values | None, primary: Sequence[Values], secondary: Sequence[Values], rules: FieldRules
) -> dict[str, Any]:
    """The record's values after applying `primary` then `secondary` rows to `stored`."""
    result = dict(stored or {})
    grouped = {f for group in rules.groups for f in group}
    names = _field_names([*primary, *secondary])
    for name in names:
        if name in grouped:
            continue
        result[name] = _merge_field(name, result.get(name), primary, secondary, rules)
    for group in rules.groups:
        if any(f in row for row in (*primary, *secondary) for f in group):
            result.update(_merge_group(group, result, primary, secondary))
    return result


def changed_fields(stored: Values, merged: Values) -> dict[str, Any]:
    """The fields whose merged value differs from the stored one."""
    return {k: v for k, v in merged.items() if k not in stored or stored[k] != v}


def _field_names(rows: Sequence[Values]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _merge_field(
    name: str,
    current: Any,
    primary: Sequence[Values],
    secondary: Sequence[Values],
    rules: FieldRules,
) -> Any:
    values = [row[name] for row in (*primary, *secondary) if name in row]
    if name in rules.sticky:
        return bool(current) or any(bool(v) for v in values)
    if name in rules.union:
        return _union(current, values)
    if name in rules.mapping:
        return _merge_mapping(current, [row.get(name) for row in primary], values)
    for row in primary:
        if not is_blank(row.get(name)):
            return row[name]
    if is_blank(current):
        for row in secondary:
            if not is_blank(row.get(name)):
                return row[name]
    return current


def _union(current: Any, values: Sequence[Any]) -> list[Any]:
    merged: dict[Any, None] = dict.fromkeys(current or [])
    for value in values:
        merged.update(dict.fromkeys(value or []))
    return list(merged)


def _merge_mapping(current: Any, primary: Sequence[Any], every: Sequence[Any]) -> dict[str, Any]:
    merged = dict(current or {})
    for value in primary:
        merged.update({k: v for k, v in (value or {}).items() if not is_blank(v)})
    for value in every:
        for k, v in (value or {}).items():
            if is_blank(merged.get(k)) and not is_blank(v):
                merged[k] = v
    return merged


def _merge_group(
    group: tuple[str, ...], current: Values, primary: Sequence[Values], secondary: Sequence[Values]
) -> dict[str, Any]:
    merged = {f: current.get(f) for f in group}
    for row in primary:
        if any(not is_blank(row.get(f)) for f in group):
            if not _agree(group, merged, row):
                return {f: row.get(f) for f in group}
            return {f: merged[f] if is_blank(row.get(f)) else row.get(f) for f in group}
    for row in secondary:
        if _agree(group, merged, row):
            merged = {f: row.get(f) if is_blank(merged[f]) else merged[f] for f in group}
    return merged


def _agree(group: tuple[str, ...], a: Values, b: Values) -> bool:
    """True when no field of the group has a different known value on the two sides."""
    return all(
        _same(a.get(f), b.get(f))
        for f in group
        if not is_blank(a.get(f)) and not is_blank(b.get(f))
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lower() == b.strip().lower()
    return bool(a == b)
