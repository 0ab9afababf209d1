"""Record kinds without identity rules of their own: users, campaigns, deals and their links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import DeclarativeBase

from beachhead.connectors.canonical import Row
from beachhead.core.identity.merging import FieldRules, changed_fields, merge_values
from beachhead.services.counts import EntityCounts
from beachhead.services.identity_people import find_account
from beachhead.services.record_writer import (
    EntitySpec,
    Values,
    WriteContext,
    lower_email,
    row_values,
    text,
    write_entity,
)
from beachhead.store import bulk, queries
from beachhead.store.models import (
    Campaign,
    CampaignMember,
    Opportunity,
    OpportunityContactRole,
    OpportunityStage,
    User,
)


def _prepare_user(ctx: WriteContext, row: Row) -> Values | None:
    values = row_values(row, ("name",))
    if (email := lower_email(row)) is not None:
        values["email"] = email
    return values


USERS = EntitySpec(
    "users",
    User,
    ("name", "email"),
    _prepare_user,
    natural_ref=lambda values: values.get("email"),
    unique_email=True,
)

CAMPAIGN_FIELDS = (
    "name", "campaign_type", "status", "start_date", "end_date", "budgeted_cost", "actual_cost",
)  # fmt: skip


def _prepare_campaign(ctx: WriteContext, row: Row) -> Values | None:
    values = row_values(row, CAMPAIGN_FIELDS)
    if "name" not in values:
        ctx.issue(row, "name", "campaign has no name")
        return None
    return values


CAMPAIGNS = EntitySpec(
    "campaigns",
    Campaign,
    CAMPAIGN_FIELDS,
    _prepare_campaign,
    natural_ref=lambda values: values.get("name"),
)

OPPORTUNITY_FIELDS = (
    "name", "opp_type", "amount", "stage", "is_closed", "is_won", "created_date", "close_date",
    "product", "custom",
)  # fmt: skip


def _prepare_opportunity(ctx: WriteContext, row: Row) -> Values | None:
    values = row_values(row, OPPORTUNITY_FIELDS)
    match = find_account(ctx, row)
    if match.account_id is None and match.hinted is not None:
        value = row.get(match.hinted)
        ctx.issue(row, match.hinted, "no such account (not imported, or not found)", value)
        return None
    if match.account_id is not None:
        values["account_id"] = match.account_id
    for column, entity, ref in (("owner_id", "users", "owner_ref"),
                                ("campaign_id", "campaigns", "campaign_ref")):  # fmt: skip
        if (found := ctx.ref_id(entity, row.get(ref))) is not None:
            values[column] = found
    return values


def _opportunity_key(values: Values) -> Hashable | None:
    name = values.get("name")
    return ("opportunity", name, values.get("account_id")) if name else None


OPPORTUNITIES = EntitySpec(
    "opportunities",
    Opportunity,
    (*OPPORTUNITY_FIELDS, "account_id", "owner_id", "campaign_id"),
    _prepare_opportunity,
    natural_ref=_opportunity_key,
    rules=FieldRules(mapping=frozenset({"custom"})),
    defaults={"opp_type": "new", "is_closed": False, "is_won": False, "custom": dict},
)


def write_opportunities(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    return write_entity(ctx, OPPORTUNITIES, rows).counts


def _prepare_member(ctx: WriteContext, row: Row) -> Values | None:
    campaign = ctx.ref_id("campaigns", row.get("campaign_ref"))
    if campaign is None:
        ctx.issue(row, "campaign_ref", "no such campaign", row.get("campaign_ref"))
        return None
    values = row_values(row, ("status", "has_responded", "first_responded_date"))
    values["campaign_id"] = campaign
    contact = ctx.ref_id("contacts", row.get("contact_ref"))
    lead = ctx.ref_id("leads", row.get("lead_ref"))
    if contact is None and lead is None:
        column = "contact_ref" if text(row, "contact_ref") else "lead_ref"
        ctx.issue(row, column, "no such contact or lead", row.get(column))
        return None
    values.update(contact_id=contact, lead_id=lead)
    return values


CAMPAIGN_MEMBERS = EntitySpec(
    "campaign_members",
    CampaignMember,
    ("campaign_id", "contact_id", "lead_id", "status", "has_responded", "first_responded_date"),
    _prepare_member,
    natural_ref=lambda v: ("member", v["campaign_id"], v.get("contact_id"), v.get("lead_id")),
    defaults={"has_responded": False},
)


def write_campaign_members(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    return write_entity(ctx, CAMPAIGN_MEMBERS, rows).counts


KeyedRows = dict[tuple[Any, ...], Values]


@dataclass(frozen=True)
class _LinkTable:
    """A table whose rows are identified by a composite key instead of a source id."""

    task: str
    model: type[DeclarativeBase]
    key_columns: tuple[str, ...]
    fields: tuple[str, ...]
    defaults: dict[str, Any]


STAGES = _LinkTable(
    "stages", OpportunityStage, ("opportunity_id", "changed_at", "stage"),
    ("amount", "close_date"), {},
)  # fmt: skip
CONTACT_ROLES = _LinkTable(
    "contact_roles", OpportunityContactRole, ("opportunity_id", "contact_id"),
    ("role", "is_primary"), {"is_primary": False},
)  # fmt: skip


def write_stages(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    """Stage history rows, keyed by (opportunity, time, stage)."""

    def key(row: Row) -> tuple[Any, ...] | None:
        opportunity = _required_ref(ctx, row, "opportunity_ref", "opportunities", "opportunity")
        changed_at, stage = _timestamp(row.get("changed_at")), text(row, "stage")
        if opportunity is not None and (changed_at is None or stage is None):
            column = "changed_at" if changed_at is None else "stage"
            ctx.issue(row, column, "stage history row needs a stage and a time")
        if opportunity is None or changed_at is None or stage is None:
            return None
        return (opportunity, changed_at, stage)

    return _write_link_rows(ctx, rows, STAGES, key)


def write_contact_roles(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    """Contact roles on deals, keyed by (opportunity, contact)."""

    def key(row: Row) -> tuple[Any, ...] | None:
        opportunity = _required_ref(ctx, row, "opportunity_ref", "opportunities", "opportunity")
        contact = _required_ref(ctx, row, "contact_ref", "contacts", "contact")
        return (opportunity, contact) if opportunity is not None and contact is not None else None

    return _write_link_rows(ctx, rows, CONTACT_ROLES, key)


def _required_ref(ctx: WriteContext, row: Row, column: str, entity: str, noun: str) -> int | None:
    found = ctx.ref_id(entity, row.get(column))
    if found is None:
        ctx.issue(row, column, f"no such {noun}", row.get(column))
    return found


def _timestamp(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return None


def _write_link_rows(
    ctx: WriteContext,
    rows: list[Row],
    table: _LinkTable,
    key_of: Callable[[Row], tuple[Any, ...] | None],
) -> EntityCounts:
    """Insert the new keys, update the changed ones; duplicate keys in the batch merge."""
    counts = EntityCounts(read=len(rows))
    wanted: KeyedRows = {}
    for row in rows:
        key = key_of(row)
        ctx.progress.advance(table.task, 1)
        if key is None:
            counts.rejected += 1
            continue
        counts.merged += key in wanted
        values = row_values(row, table.fields)
        wanted[key] = merge_values(wanted.get(key), [values], [], FieldRules())
    found = queries.rows_where_in(
        ctx.session, table.model, table.key_columns[0], {k[0] for k in wanted}
    )
    stored = {tuple(r[c] for c in table.key_columns): r for r in found}
    _apply_links(ctx, table, wanted, stored, counts)
    return counts


def _apply_links(
    ctx: WriteContext, table: _LinkTable, wanted: KeyedRows, stored: KeyedRows, counts: EntityCounts
) -> None:
    inserts, updates = [], []
    for key, values in wanted.items():
        identity = dict(zip(table.key_columns, key, strict=True))
        if key not in stored:
            blank = dict.fromkeys(table.fields)
            inserts.append({**blank, **table.defaults, **identity, **values})
            continue
        changes = changed_fields(stored[key], merge_values(stored[key], [values], [], FieldRules()))
        if changes:
            pk = {"id": stored[key]["id"]} if "id" in stored[key] else identity
            updates.append({**pk, **changes})
    counts.inserted += len(inserts)
    counts.updated += len(updates)
    counts.unchanged += len(wanted) - len(inserts) - len(updates)
    if inserts:
        ctx.session.execute(insert(table.model), inserts)
    bulk.update_by_id(ctx.session, table.model, updates)
