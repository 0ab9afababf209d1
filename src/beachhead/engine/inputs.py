"""Records (store) and signals (Parquet) read into Arrow: the inputs every engine receives.

Reads are set-based: one SELECT per table through SQLAlchemy Core, columns built straight
from the result rows; signals are read from the partitioned datasets with the `as_of`
cut-off pushed down to partitions and row groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from sqlalchemy import select
from sqlalchemy.orm import QueryableAttribute, Session

from beachhead.core.committee.titles import classify_titles, role_from_crm
from beachhead.core.geo import region_of
from beachhead.core.industries import canonical_industry
from beachhead.store.models import (
    Account,
    AccountDomain,
    Contact,
    Opportunity,
    OpportunityContactRole,
    OpportunityStage,
)
from beachhead.store.signals import SignalStore

STR, I64, F64, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
TS, DATE = pa.timestamp("us"), pa.date32()

ACCOUNTS = pa.schema(
    [
        ("account_id", I64), ("domain", STR), ("name", STR), ("industry", STR),
        ("employees", I64), ("annual_revenue", F64), ("country", STR), ("region", STR),
        ("is_customer", BOOL), ("technologies", pa.list_(STR)), ("created_at", TS),
    ]
)  # fmt: skip
ACCOUNT_DOMAINS = pa.schema([("domain", STR), ("account_id", I64)])
CONTACTS = pa.schema(
    [
        ("contact_id", I64), ("account_id", I64), ("email", STR), ("title", STR),
        ("department", STR), ("country", STR), ("seniority", STR), ("function", STR),
        ("buying_role", STR), ("role_source", STR),
    ]
)  # fmt: skip
OPPORTUNITIES = pa.schema(
    [
        ("opportunity_id", I64), ("account_id", I64), ("opp_type", STR), ("amount", F64),
        ("stage", STR), ("is_closed", BOOL), ("is_won", BOOL), ("created_date", DATE),
        ("close_date", DATE),
    ]
)  # fmt: skip
STAGE_HISTORY = pa.schema([("opportunity_id", I64), ("stage", STR), ("changed_at", TS)])
ACTIVITY_COLUMNS = (
    "event_id", "occurred_at", "activity_type", "channel", "contact_email", "account_domain",
    "campaign_ref", "url", "duration_minutes", "source",
)  # fmt: skip
INTENT_COLUMNS = (
    "provider", "domain", "topic", "category", "score", "week_start", "is_surging", "metro"
)  # fmt: skip


def select_table(
    session: Session, columns: Sequence[QueryableAttribute[Any]], schema: pa.Schema
) -> pa.Table:
    """One SELECT, returned as an Arrow table with `schema` (columns in the same order).

    Run on the session's connection, so rows skip the ORM's per-row loading.
    """
    rows = session.connection().execute(select(*columns)).all()
    data = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.table(
        [pa.array(col, type=f.type) for col, f in zip(data, schema, strict=True)], schema=schema
    )


def read_accounts(session: Session) -> pa.Table:
    a = Account
    cols = [a.id, a.domain, a.name, a.industry, a.employees, a.annual_revenue, a.country]
    rest = [a.is_customer, a.technologies, a.created_at]
    raw = select_table(session, [*cols, *rest], ACCOUNTS.remove(ACCOUNTS.get_field_index("region")))
    regions = pa.array([region_of(c) for c in raw.column("country").to_pylist()], STR)
    tech = pc.if_else(
        pc.is_null(raw.column("technologies")),
        pa.scalar([], pa.list_(STR)),
        raw.column("technologies"),
    )
    table = raw.set_column(raw.schema.get_field_index("technologies"), "technologies", tech)
    industry = raw.column("industry")
    mapping = {v: canonical_industry(v) for v in pc.unique(industry).to_pylist() if v is not None}
    canonical = pa.array(
        [mapping.get(v) if v is not None else None for v in industry.to_pylist()], STR
    )
    table = table.set_column(raw.schema.get_field_index("industry"), "industry", canonical)
    table = table.add_column(ACCOUNTS.get_field_index("region"), "region", regions)
    return table.cast(ACCOUNTS)


def _canonical_industries(column: pa.ChunkedArray) -> pa.Array:
    """Each source's industry spelling mapped to one vocabulary (once per distinct value)."""
    mapping = {v: canonical_industry(v) for v in pc.unique(column).to_pylist() if v is not None}
    return pa.array([mapping.get(v) for v in column.to_pylist()], STR)


def read_account_domains(session: Session) -> pa.Table:
    return select_table(session, [AccountDomain.domain, AccountDomain.account_id], ACCOUNT_DOMAINS)


def read_opportunities(session: Session) -> pa.Table:
    o = Opportunity
    cols = [o.id, o.account_id, o.opp_type, o.amount, o.stage, o.is_closed, o.is_won]
    return select_table(session, [*cols, o.created_date, o.close_date], OPPORTUNITIES)


def read_stage_history(session: Session, as_of: dt.datetime | None) -> pa.Table:
    s = OpportunityStage
    table = select_table(session, [s.opportunity_id, s.stage, s.changed_at], STAGE_HISTORY)
    if as_of is None:
        return table
    return table.filter(pc.less(table.column("changed_at"), pa.scalar(as_of, TS)))


def read_contacts(session: Session) -> pa.Table:
    """Contacts with seniority, function and buying role: a CRM role beats the title's."""
    c = Contact
    base = pa.schema(list(CONTACTS)[:6]).append(pa.field("crm_role", STR))
    cols = [c.id, c.account_id, c.email, c.title, c.department, c.country, c.buying_role]
    raw = select_table(session, cols, base)
    deal_roles = _deal_roles(session)
    profiles = classify_titles(
        raw.column("title").to_pylist(), raw.column("department").to_pylist()
    )
    roles, sources = [], []
    for contact_id, own, profile in zip(
        raw.column("contact_id").to_pylist(),
        raw.column("crm_role").to_pylist(),
        profiles,
        strict=True,
    ):
        crm = role_from_crm(own) or deal_roles.get(contact_id)
        roles.append(crm or profile.buying_role)
        sources.append("crm" if crm else "inferred")
    extra = {
        "seniority": [p.seniority for p in profiles],
        "function": [p.function for p in profiles],
        "buying_role": roles,
        "role_source": sources,
    }
    table = raw.drop_columns(["crm_role"])
    for name, values in extra.items():
        table = table.append_column(name, pa.array(values, STR))
    return table.cast(CONTACTS)


def _deal_roles(session: Session) -> dict[int, str]:
    """Each contact's role on its deals: the primary role first, then the latest deal's."""
    r = OpportunityContactRole
    query = select(r.contact_id, r.role).order_by(r.is_primary, r.opportunity_id)
    roles: dict[int, str] = {}
    for contact_id, value in session.execute(query):
        role = role_from_crm(value)
        if role is not None:
            roles[contact_id] = role  # later rows (primary, newer deals) win
    return roles


def read_activities(
    signals: SignalStore, as_of: dt.datetime | None, since: dt.datetime | None = None
) -> pa.Table:
    """Stored events (the columns of the contract) in [since, as_of) when those are given."""
    dataset = signals.activities_dataset()
    where = None if as_of is None else ds.field("occurred_at") < pa.scalar(as_of, TS)
    if since is not None:
        # Month partitions before `since` are skipped without being opened.
        early = ds.field("occurred_at") >= pa.scalar(since, TS)
        where = early if where is None else where & early
    return dataset.to_table(columns=list(ACTIVITY_COLUMNS), filter=where)


def read_intent(signals: SignalStore, as_of: dt.datetime | None) -> pa.Table:
    """Stored intent rows of weeks that started before `as_of` when given."""
    dataset = signals.intent_dataset()
    where = None
    if as_of is not None:
        cutoff = pa.scalar(_first_day_not_started(as_of), DATE)
        where = (ds.field("week") < cutoff) & (ds.field("week_start") < cutoff)
    return dataset.to_table(columns=list(INTENT_COLUMNS), filter=where)


def _first_day_not_started(as_of: dt.datetime) -> dt.date:
    """The first date whose midnight is not before `as_of`."""
    midnight = dt.datetime.combine(as_of.date(), dt.time())
    return as_of.date() if as_of == midnight else as_of.date() + dt.timedelta(days=1)


def resolve_activities(
    activities: pa.Table, contacts: pa.Table, account_domains: pa.Table
) -> pa.Table:
    """Events with `contact_id` (by email) and `account_id` (the contact's, else the domain's)."""
    people = _first_per_key(contacts, "email", "contact_id")
    people = people.join(contacts.select(["contact_id", "account_id"]), "contact_id")
    people = people.rename_columns({"account_id": "__by_contact"})
    events = activities.append_column("__key", _key(activities.column("contact_email")))
    events = events.join(people, "__key", join_type="left outer").drop_columns(["__key"])
    domains = _first_per_key(account_domains, "domain", "account_id")
    domains = domains.rename_columns({"account_id": "__by_domain"})
    events = events.append_column("__key", _key(events.column("account_domain")))
    events = events.join(domains, "__key", join_type="left outer")
    account = pc.coalesce(events.column("__by_contact"), events.column("__by_domain"))
    events = events.append_column("account_id", account)
    return events.select([*ACTIVITY_COLUMNS, "account_id", "contact_id"])


def resolve_intent(intent: pa.Table, account_domains: pa.Table) -> pa.Table:
    """Intent rows with the `account_id` their domain belongs to (null when unknown)."""
    domains = _first_per_key(account_domains, "domain", "account_id")
    rows = intent.append_column("__key", _key(intent.column("domain")))
    rows = rows.join(domains, "__key", join_type="left outer")
    columns = ["provider", "domain", "account_id", *INTENT_COLUMNS[2:]]
    return rows.select(columns).sort_by([("provider", "ascending"), ("week_start", "ascending")])


def _key(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """The join form of an email or domain: trimmed, lower case."""
    return pc.utf8_lower(pc.utf8_trim_whitespace(values))


def _first_per_key(table: pa.Table, column: str, id_column: str) -> pa.Table:
    """(key, lowest id) per distinct key, so a join never multiplies rows."""
    keyed = pa.table({"__key": _key(table.column(column)), id_column: table.column(id_column)})
    keyed = keyed.filter(pc.is_valid(keyed.column("__key")))
    grouped = keyed.group_by("__key", use_threads=False).aggregate([(id_column, "min")])
    return grouped.select(["__key", f"{id_column}_min"]).rename_columns(["__key", id_column])
