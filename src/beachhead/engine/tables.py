"""The tables every score is computed from: one contract, on every engine.

`load_tables(platform, con, as_of)` reads the workspace's records (store) and signals
(Parquet) into Arrow once and registers them in the engine `con` (see `engine.backends`).
Timestamps are naive UTC; ids are int64; a column is null when the source had no value.

``accounts`` — one row per account
    account_id int64, domain string, name string, industry string, employees int64,
    annual_revenue float64, country string (as imported), region string (NA, EMEA, APAC,
    LATAM or unknown, from `core.geo.region_of(country)`), is_customer boolean,
    technologies array<string> (empty, never null, when none are known),
    created_at timestamp.
``account_domains`` — every domain an account is known by
    domain string, account_id int64.
``contacts`` — one row per contact
    contact_id int64, account_id int64 (null: not matched), email, title, department,
    country, seniority, function (from `core.committee.titles.classify_titles`; a department
    decides the function), buying_role (null: none), role_source ('crm' when the contact's
    CRM role field or a Salesforce opportunity contact role names a role, which then wins
    over the title; else 'inferred'). The contact's own field comes first; among deal
    roles a primary role beats others, then the latest deal's.
``opportunities`` — one row per deal
    opportunity_id int64, account_id int64, opp_type ('new' | 'expansion'), amount float64,
    stage, is_closed boolean, is_won boolean, created_date date, close_date date.
``stage_history`` — opportunity stage changes (only before `as_of`)
    opportunity_id int64, stage string, changed_at timestamp.
``activities`` — engagement events (only those with occurred_at < `as_of`)
    event_id, occurred_at timestamp, activity_type, channel, contact_email, account_domain,
    campaign_ref, url, duration_minutes float64, source, account_id int64 (the contact's
    account when the email matches a contact that has one, else the account owning
    account_domain; null when neither), contact_id int64 (by email, case-insensitive).
``intent`` — third-party intent (only weeks starting before `as_of`)
    provider, domain, account_id int64 (via account_domains; null: unknown domain), topic,
    category, score float64, week_start date, is_surging boolean, metro.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields

import ibis.expr.types as ir
import pyarrow as pa
from ibis import BaseBackend

from beachhead.engine import inputs
from beachhead.engine.campaign_touches import read_campaign_responses, without_recorded
from beachhead.engine.register import register
from beachhead.platform import Platform


@dataclass(frozen=True)
class EngineTables:
    """The registered Ibis tables (see the module docstring for every column)."""

    accounts: ir.Table
    account_domains: ir.Table
    contacts: ir.Table
    opportunities: ir.Table
    stage_history: ir.Table
    activities: ir.Table
    intent: ir.Table

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class ArrowInputs:
    """The same tables as Arrow, before they reach an engine."""

    accounts: pa.Table
    account_domains: pa.Table
    contacts: pa.Table
    opportunities: pa.Table
    stage_history: pa.Table
    activities: pa.Table
    intent: pa.Table


def utc_naive(moment: dt.datetime | None) -> dt.datetime | None:
    """`moment` as naive UTC (an aware datetime is converted; a naive one is taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def read_inputs(
    platform: Platform, as_of: dt.datetime | None = None, since: dt.datetime | None = None
) -> ArrowInputs:
    """Records and signals of `platform` as Arrow, signals cut at `as_of` (exclusive);
    activities also from `since` on, when the caller knows older ones cannot matter."""
    cutoff = utc_naive(as_of)
    activities = inputs.read_activities(platform.signals, cutoff, utc_naive(since))
    with platform.store.reader() as session:
        accounts = inputs.read_accounts(session)
        domains = inputs.read_account_domains(session)
        contacts = inputs.read_contacts(session)
        opportunities = inputs.read_opportunities(session)
        stages = inputs.read_stage_history(session, cutoff)
        responses = read_campaign_responses(session, activities.schema, cutoff, utc_naive(since))
    activities = pa.concat_tables([activities, without_recorded(responses, activities)])
    intent = inputs.read_intent(platform.signals, cutoff)
    return ArrowInputs(
        accounts=accounts,
        account_domains=domains,
        contacts=contacts,
        opportunities=opportunities,
        stage_history=stages,
        activities=inputs.resolve_activities(activities, contacts, domains),
        intent=inputs.resolve_intent(intent, domains),
    )


def register_inputs(con: BaseBackend, data: ArrowInputs) -> EngineTables:
    """Every input table registered in `con` under a name unique to this load."""
    suffix = uuid.uuid4().hex[:8]
    tables = {
        name: register(con, f"bh_{name}_{suffix}", getattr(data, name))
        for name in EngineTables.names()
    }
    return EngineTables(**tables)


def load_tables(
    platform: Platform,
    con: BaseBackend,
    as_of: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> EngineTables:
    """The workspace's records and signals as Ibis tables in `con` (see the module docs)."""
    return register_inputs(con, read_inputs(platform, as_of, since))
