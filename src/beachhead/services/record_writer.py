"""The generic record writer: place rows on records, merge, then insert and update set-based.

Steps (each entity writer may run them itself to add its own work in between):
`place_rows` → `resolve_plan` → `insert_new` → `record_refs` → `apply_updates` → `tally`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase, Session

from beachhead.connectors.canonical import CanonicalBatch, Row
from beachhead.connectors.tabular import RowIssue
from beachhead.core.identity.book import AccountBook
from beachhead.core.identity.merging import FieldRules
from beachhead.core.identity.plan import Plan, Resolved, TargetKey, stored_id
from beachhead.services.counts import EntityCounts
from beachhead.services.progress import Progress
from beachhead.settings import Settings
from beachhead.store import bulk, queries
from beachhead.store.models import (
    Account,
    Campaign,
    CampaignMember,
    Contact,
    ExternalId,
    Lead,
    Opportunity,
    User,
)

ENTITY_MODELS: dict[str, type[DeclarativeBase]] = {
    "users": User,
    "accounts": Account,
    "contacts": Contact,
    "leads": Lead,
    "campaigns": Campaign,
    "opportunities": Opportunity,
    "campaign_members": CampaignMember,
}
MAX_REF = 64
ADVANCE_EVERY = 500
SYNTHETIC_PREFIX = "~"
Values = dict[str, Any]


@dataclass
class WriteContext:
    """What every entity writer shares during one import."""

    session: Session
    settings: Settings
    batch: CanonicalBatch
    progress: Progress
    book: AccountBook | None = None
    _refs: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.batch.source

    def refs(self, entity: str) -> dict[str, int]:
        """Source id → store id for `entity`: recorded earlier, or written by this import."""
        if entity not in self._refs:
            model = ENTITY_MODELS[entity]
            self._refs[entity] = queries.external_ids(self.session, self.source, entity, model)
        return self._refs[entity]

    def ref_id(self, entity: str, ref: Any) -> int | None:
        key = clean_ref(ref)
        return self.refs(entity).get(key) if key is not None else None

    def issue(self, row: Row, column: str | None, reason: str, value: Any = None) -> None:
        shown = None if value is None else str(value)[:200]
        line = int(row.get("line") or 0)
        self.batch.issues.append(RowIssue(str(row.get("file") or ""), line, column, reason, shown))


Prepare = Callable[[WriteContext, Row], Values | None]
Identify = Callable[[Plan, str | None, Values], TargetKey | None]


@dataclass(frozen=True)
class EntitySpec:
    """How rows of one record kind become rows of one store table."""

    entity: str
    model: type[DeclarativeBase]
    columns: tuple[str, ...]
    prepare: Prepare
    # Rows without a source id are keyed by this (e.g. a campaign's name) instead.
    natural_ref: Callable[[Values], Hashable | None] = lambda _values: None
    unique_email: bool = False  # email is unique in the table: rows find records by it too
    rules: FieldRules = FieldRules()
    defaults: dict[str, Any] = field(default_factory=dict)
    locked: tuple[str, ...] = ()  # fields a person decided; imports leave them alone
    is_locked: Callable[[Values], bool] = lambda _stored: False


@dataclass
class Written:
    """What one entity writer did, for the entity's own follow-up work."""

    counts: EntityCounts
    plan: Plan
    resolved: Resolved
    ids: dict[TargetKey, int]


def clean_ref(value: Any) -> str | None:
    cleaned = str(value).strip() if value is not None else ""
    return cleaned or None


def text(row: Row, key: str) -> str | None:
    value = row.get(key)
    cleaned = str(value).strip() if value is not None else ""
    return cleaned or None


def lower_email(row: Row, key: str = "email") -> str | None:
    value = text(row, key)
    return value.lower() if value else None


def row_values(row: Row, names: tuple[str, ...]) -> Values:
    """The named fields of a row, text stripped, blanks left out."""
    values: Values = {}
    for name in names:
        value = row.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None:
            values[name] = value
    return values


Placed = Callable[[TargetKey, int, Values], None]


def write_entity(
    ctx: WriteContext, spec: EntitySpec, rows: list[Row], placed: Placed | None = None
) -> Written:
    """All steps for a kind with no identity rules beyond source ids and unique emails."""
    counts = EntityCounts(read=len(rows))
    plan = place_rows(ctx, spec, rows, counts, email_identify(ctx, spec, rows), placed)
    resolved = resolve_plan(ctx, spec, plan)
    ids = insert_new(ctx, spec, resolved)
    record_refs(ctx, spec.entity, plan, ids)
    apply_updates(ctx, spec, resolved.updates)
    tally(counts, resolved)
    return Written(counts, plan, resolved, ids)


def place_rows(
    ctx: WriteContext,
    spec: EntitySpec,
    rows: list[Row],
    counts: EntityCounts,
    identify: Identify,
    placed: Placed | None = None,
) -> Plan:
    """Put every valid row on its record (found by `identify` when its ref is new)."""
    plan = Plan(ctx.refs(spec.entity))
    for index, row in enumerate(rows):
        key = _place(ctx, spec, plan, identify, index, row)
        if key is None:
            counts.rejected += 1
        elif placed is not None:
            placed(key, index, plan.targets[key][-1].values)
        if index % ADVANCE_EVERY == ADVANCE_EVERY - 1:
            ctx.progress.advance(spec.entity, ADVANCE_EVERY)
    ctx.progress.advance(spec.entity, len(rows) % ADVANCE_EVERY)
    return plan


def _place(
    ctx: WriteContext, spec: EntitySpec, plan: Plan, identify: Identify, index: int, row: Row
) -> TargetKey | None:
    ref = clean_ref(row.get("ref"))
    if ref is not None and len(ref) > MAX_REF:
        ctx.issue(row, "ref", f"id longer than {MAX_REF} characters", ref)
        return None
    values = spec.prepare(ctx, row)
    if values is None:
        return None
    ref = ref or synthetic_ref(spec.natural_ref(values))
    if ref is None:
        ctx.issue(row, "ref", f"no id, and nothing else identifies this {spec.entity} row")
        return None
    by_ref = plan.locate(ref)
    found = identify(plan, ref, values) if by_ref is None or spec.unique_email else None
    if by_ref is not None and found is not None and found != by_ref:
        ctx.issue(row, "email", "email already belongs to another record", values.get("email"))
        return None
    natural = values.get("email") if spec.unique_email else None
    return plan.place(index, ref, values, by_ref or found, natural)


def synthetic_ref(natural: Hashable | None) -> str | None:
    """A stable source id for a row that has none, from its natural key."""
    if natural is None:
        return None
    digest = hashlib.sha256(repr(natural).encode("utf-8")).hexdigest()[:40]
    return SYNTHETIC_PREFIX + digest


def email_identify(ctx: WriteContext, spec: EntitySpec, rows: list[Row]) -> Identify:
    """Records found by email (unique in the table) when a row's source id is new."""
    if not spec.unique_email:
        return lambda _plan, _ref, _values: None
    emails = {e for r in rows if (e := lower_email(r)) is not None}
    column = spec.model.email  # type: ignore[attr-defined]
    stored = queries.ids_by_value(ctx.session, column, emails)

    def identify(plan: Plan, _ref: str | None, values: Values) -> TargetKey | None:
        email = values.get("email")
        return plan.find(email) or (("id", stored[email]) if email in stored else None)

    return identify


def resolve_plan(ctx: WriteContext, spec: EntitySpec, plan: Plan) -> Resolved:
    """Load the stored values of the records rows reached, honour locks, merge."""
    ids = [i for key in plan.targets if (i := stored_id(key)) is not None]
    stored = queries.rows_by_id(ctx.session, spec.model, ids, spec.columns)
    if spec.locked:
        for key, planned in plan.targets.items():
            record_id = stored_id(key)
            if record_id is not None and spec.is_locked(stored.get(record_id, {})):
                for row in planned:
                    for name in spec.locked:
                        row.values.pop(name, None)
    return plan.resolve(stored, ctx.source, spec.rules)


def insert_new(ctx: WriteContext, spec: EntitySpec, resolved: Resolved) -> dict[TargetKey, int]:
    """Insert the new records; returns every target's store id."""
    rows = [_insert_row(spec, values, ctx.source) for _, values in resolved.inserts]
    new_ids = bulk.insert_returning_ids(ctx.session, spec.model, rows)
    ids = {key: record_id for (key, _), record_id in zip(resolved.inserts, new_ids, strict=True)}
    for key in resolved.final:
        if (record_id := stored_id(key)) is not None:
            ids[key] = record_id
    return ids


def _insert_row(spec: EntitySpec, values: Values, source: str) -> Values:
    row = {c: values.get(c) for c in spec.columns}
    for name, default in spec.defaults.items():
        if row.get(name) is None:
            row[name] = default() if callable(default) else default
    if "source" in spec.model.__table__.c:
        row["source"] = source
    return row


def record_refs(ctx: WriteContext, entity: str, plan: Plan, ids: dict[TargetKey, int]) -> None:
    """Remember this import's new source ids, so re-imports find the same records."""
    new = {ref: ids[key] for ref, key in plan.new_refs()}
    rows = [
        {"source": ctx.source, "entity": entity, "external_id": ref, "record_id": record_id}
        for ref, record_id in new.items()
    ]
    key = ["source", "entity", "external_id"]
    bulk.upsert_many(ctx.session, cast(Table, ExternalId.__table__), rows, key, ["record_id"])
    ctx.refs(entity).update(new)


def apply_updates(
    ctx: WriteContext, spec: EntitySpec, updates: list[tuple[int, dict[str, Any]]]
) -> None:
    bulk.update_by_id(ctx.session, spec.model, [{"id": i, **changes} for i, changes in updates])


def tally(counts: EntityCounts, resolved: Resolved) -> None:
    for outcome in resolved.outcomes.values():
        setattr(counts, outcome, getattr(counts, outcome) + 1)
