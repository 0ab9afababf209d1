"""Which record each imported row belongs to, and what writing the rows changes.

A row reaches a record by its source id (`ref`) when an earlier import recorded it, else by an
identity rule (a domain, an email...) the caller applies; otherwise it creates a record. The
outcome of every row is counted once: `inserted` (created a record), `merged` (a new source id
joined a record that exists already), `updated` / `unchanged` (a known record, changed or not).

>>> plan = Plan({"A1": 10})
>>> plan.place(0, "A1", {"name": "Acme"}, plan.locate("A1"))
('id', 10)
>>> plan.place(1, "B7", {"name": "Globex"}, None)
('new', 0)
>>> plan.place(2, "B8", {"name": "GLOBEX", "industry": "Energy"}, ("new", 0))
('new', 0)
>>> done = plan.resolve({10: {"name": "Acme", "source": "crm"}}, "crm", FieldRules())
>>> [done.outcomes[i] for i in range(3)]
['unchanged', 'inserted', 'merged']
>>> done.inserts
[(('new', 0), {'name': 'Globex', 'industry': 'Energy'})]
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from beachhead.core.identity.merging import FieldRules, Values, changed_fields, merge_values

TargetKey = tuple[str, int]
INSERTED = "inserted"
MERGED = "merged"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass
class PlannedRow:
    index: int
    ref: str | None
    values: dict[str, Any]
    keyed: bool  # reached a stored record the way earlier imports did (its ref, or no ref)


@dataclass
class Resolved:
    """What to write: new records, changed fields of stored ones, and each row's outcome."""

    inserts: list[tuple[TargetKey, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    outcomes: dict[int, str] = field(default_factory=dict)
    final: dict[TargetKey, dict[str, Any]] = field(default_factory=dict)


def stored_id(key: TargetKey) -> int | None:
    """The store id of a target that exists already, else None."""
    return key[1] if key[0] == "id" else None


class Plan:
    """Rows grouped by the record they belong to, in the order they were placed."""

    def __init__(self, known: Mapping[str, int]) -> None:
        self.known = known
        self.targets: dict[TargetKey, list[PlannedRow]] = {}
        self._refs: dict[str, TargetKey] = {}
        self._natural: dict[Hashable, TargetKey] = {}
        self._new = 0

    def locate(self, ref: str | None) -> TargetKey | None:
        """The record a source id already points at (from the store or earlier in this batch)."""
        if ref is None:
            return None
        if ref in self.known:
            return ("id", self.known[ref])
        return self._refs.get(ref)

    def find(self, natural: Hashable | None) -> TargetKey | None:
        """A record an earlier row of this batch created or reached with the same natural key."""
        return self._natural.get(natural) if natural is not None else None

    def place(
        self,
        index: int,
        ref: str | None,
        values: dict[str, Any],
        target: TargetKey | None,
        natural: Hashable | None = None,
    ) -> TargetKey:
        """Put a row on `target` (None: a new record) and return the target."""
        if target is None:
            target = ("new", self._new)
            self._new += 1
        keyed = (ref is not None and ref in self.known) or (ref is None and target[0] == "id")
        self.targets.setdefault(target, []).append(PlannedRow(index, ref, values, keyed))
        if ref is not None:
            self._refs.setdefault(ref, target)
        if natural is not None:
            self._natural.setdefault(natural, target)
        return target

    def new_refs(self) -> list[tuple[str, TargetKey]]:
        """Source ids this import sees for the first time, with their record."""
        return [(ref, key) for ref, key in self._refs.items() if ref not in self.known]

    def resolve(self, stored: Mapping[int, Values], source: str, rules: FieldRules) -> Resolved:
        """Merge every target's rows into its stored values (see `merging`)."""
        done = Resolved()
        for key, rows in self.targets.items():
            record_id = stored_id(key)
            original = stored.get(record_id) if record_id is not None else None
            primary = original is None or original.get("source", source) == source
            final = _merge(original, rows, primary, rules)
            done.final[key] = final
            if original is None or record_id is None:
                done.inserts.append((key, final))
            elif changes := changed_fields(original, final):
                done.updates.append((record_id, changes))
            _count(done.outcomes, original, rows, primary, rules)
        return done


def _merge(
    original: Values | None, rows: Sequence[PlannedRow], primary: bool, rules: FieldRules
) -> dict[str, Any]:
    if not primary:
        return merge_values(original, [], [r.values for r in rows], rules)
    # Several rows of one source for one record (duplicates in the CRM): the order must not
    # depend on the file's row order, or re-exports would flip values back and forth.
    ordered = sorted(rows, key=lambda r: (r.ref is None, r.ref or "", r.index))
    return merge_values(original, [r.values for r in ordered], [], rules)


def _count(
    outcomes: dict[int, str],
    original: Values | None,
    rows: Sequence[PlannedRow],
    primary: bool,
    rules: FieldRules,
) -> None:
    keyed = [r for r in rows if r.keyed]
    first_keyed = keyed[0].index if keyed else None
    if keyed and original is not None:
        changed = bool(changed_fields(original, _merge(original, keyed, primary, rules)))
    for position, row in enumerate(rows):
        if original is None and position == 0:
            outcomes[row.index] = INSERTED
        elif not row.keyed:
            outcomes[row.index] = MERGED
        elif row.index == first_keyed and changed:
            outcomes[row.index] = UPDATED
        else:
            outcomes[row.index] = UNCHANGED
