"""The seeded synthetic B2B market: configuration, the `Market` it produces, and the pipeline.

>>> market = generate_market(MarketConfig(accounts=50, seed=1))
>>> market.truth["companies"].num_rows
50
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from beachhead.demo import hubspot as hs
from beachhead.demo import salesforce_activity as sfa
from beachhead.demo import salesforce_deals as sfd
from beachhead.demo import truth
from beachhead.demo.activities import activities_table
from beachhead.demo.activity_batches import Batch, MarketView
from beachhead.demo.campaigns import Campaigns, generate_campaigns
from beachhead.demo.common import Calendar
from beachhead.demo.companies import Firms, generate_firms
from beachhead.demo.crm import Crm, build_crm
from beachhead.demo.deals import Deals, build_deals
from beachhead.demo.intent import episode_topics, intent_table
from beachhead.demo.people import People, generate_people
from beachhead.demo.salesforce import Users, account_table, build_users
from beachhead.demo.salesforce_people import contact_table, lead_table, person_created
from beachhead.demo.timeline import Timeline, simulate

_STREAMS = (
    "firms",
    "timeline",
    "people",
    "campaigns",
    "deals",
    "crm",
    "users",
    "topics",
    "intent",
    "activities",
    "salesforce",
    "hubspot",
)


@dataclass(frozen=True)
class MarketConfig:
    """What to generate: market size, seed, the market's "today" and the intent window."""

    accounts: int = 2000
    seed: int = 7
    as_of: dt.date = dt.date(2026, 11, 2)
    weeks_of_intent: int = 26
    companies_file: Path | None = None


@dataclass(frozen=True)
class Market:
    """Export tables (exact file columns, typed) and the hidden ground truth.

    Truth tables (keyed by `company_id` "C0000001"..., `person_id` "P00000001"...):

    * ``companies``: firmographics, `technologies`, `fit` (0..1), `is_customer` on `as_of`,
      `p_open_90d` (exact probability of a new-business opportunity opening in the 13 weeks
      after `as_of`, given the hidden state), `opened_within_90d` (the simulated outcome),
      `n_new_business_opps` in the files, `committee_size`, system membership, duplicates.
    * ``contacts``: true seniority, function and buying role; every record id of the person.
    * ``source_ids``: every Salesforce Account Id and HubSpot company id -> `company_id`,
      with `is_duplicate` / `duplicate_style`.
    * ``opportunities``: visible deals (with record id) and the hidden future ones.
    * ``episodes``: in-market episodes: dates, topics, committee members engaged, outcome.

    Dates in the exports never pass `as_of`, except plans: an open deal's forecast close date
    and a running campaign's end date.
    """

    config: MarketConfig
    salesforce: dict[str, pa.Table]  # "Account" -> rows of Account.csv, ...
    hubspot: dict[str, pa.Table]  # "companies", "contacts", "deals"
    intent: pa.Table
    activities: pa.Table
    truth: dict[str, pa.Table]  # "companies", "contacts", "source_ids", "opportunities", ...


@dataclass(frozen=True)
class _World:
    """The simulated market before it is written out as exports."""

    cal: Calendar
    firms: Firms
    timeline: Timeline
    people: People
    campaigns: Campaigns
    deals: Deals
    crm: Crm
    users: Users
    customer: np.ndarray
    topics: np.ndarray


def _first_deal_day(deals: Deals, n: int) -> np.ndarray:
    first = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
    np.minimum.at(first, deals.company, deals.created)
    return first


def _simulate(config: MarketConfig, rngs: dict[str, np.random.Generator]) -> _World:
    cal = Calendar.for_date(config.as_of)
    firms = generate_firms(rngs["firms"], config.accounts, config.companies_file)
    timeline = simulate(rngs["timeline"], cal, firms.fit, firms.employees)
    # Every company has its whole buying committee, whether or not a deal of it is visible:
    # sizing it by the visible deals made history's openers look unlike the future's.
    committee = timeline.committee_size
    people = generate_people(rngs["people"], committee, (firms.domain, firms.alias_domain))
    campaigns = generate_campaigns(rngs["campaigns"], cal, firms.n)
    deals = build_deals(rngs["deals"], cal, timeline, (firms.employees, committee), campaigns)
    crm = build_crm(rngs["crm"], cal, people, _first_deal_day(deals, firms.n))
    users = build_users(rngs["users"], firms.n)
    topics = episode_topics(rngs["topics"], len(timeline.episodes["company"]))
    customer = timeline.customer_from < cal.weeks
    return _World(cal, firms, timeline, people, campaigns, deals, crm, users, customer, topics)


def _salesforce(
    rng: np.random.Generator, w: _World, batch: Batch
) -> tuple[dict[str, pa.Table], sfd.SfDeals]:
    account_type = np.where(w.customer, 1, np.where(rng.random(w.firms.n) < 0.02, 2, 0))
    created = person_created(rng, w.cal, w.crm, w.people.company)
    sf = sfd.select_sf_deals(rng, w.deals, w.crm)
    tables = {
        "User": w.users.table,
        "Account": account_table(rng, w.firms, w.crm, w.users, account_type),
        "Contact": contact_table(rng, w.firms, w.people, w.crm, w.users, created),
        "Lead": lead_table(rng, w.cal, w.firms, w.people, w.crm, created),
        "Opportunity": sfd.opportunity_table(
            rng, w.firms, w.deals, sf, w.crm, (w.users, w.campaigns)
        ),
        "OpportunityHistory": sfd.history_table(rng, w.deals, sf),
        "OpportunityContactRole": sfd.contact_role_table(rng, w.deals, sf, w.people, w.crm),
        "Campaign": w.campaigns.table,
        "CampaignMember": sfa.campaign_member_table(rng, batch, w.campaigns, w.crm),
        "Task": sfa.task_table(rng, w.cal, w.deals, sf, w.crm, (w.people, w.firms.fit)),
        "Event": sfa.event_table(rng, w.cal, w.deals, sf, w.crm, w.people),
    }
    return tables, sf


def _hubspot(rng: np.random.Generator, w: _World) -> dict[str, pa.Table]:
    open_deal = np.zeros(w.firms.n, bool)
    open_deal[w.deals.company[~w.deals.closed]] = True
    stage = hs.company_stage(rng, w.customer, open_deal)
    return {
        "companies": hs.companies_table(rng, w.firms, w.crm, w.users, stage),
        "contacts": hs.contacts_table(rng, w.firms, w.people, w.crm, stage),
        "deals": hs.deals_table(rng, w.firms, w.deals, w.crm, w.users),
    }


def _deal_ids(w: _World, sf: sfd.SfDeals, hs_deals: pa.Table) -> pa.Array:
    hs_rows = np.flatnonzero(~w.crm.in_sf[w.deals.company])
    position = np.empty(w.deals.n, dtype=np.int64)
    position[np.r_[sf.rows, hs_rows]] = np.arange(w.deals.n)
    ids = pa.concat_arrays([sf.id, hs_deals["hs_object_id"].combine_chunks()])
    return ids.take(pa.array(position))


def _truth(w: _World, sf: sfd.SfDeals, hubspot: dict[str, pa.Table]) -> dict[str, pa.Table]:
    inputs = truth.TruthInputs(
        w.firms,
        w.timeline,
        w.people,
        w.crm,
        w.deals,
        w.customer,
        _deal_ids(w, sf, hubspot["deals"]),
        w.topics,
        w.cal,
    )
    return {
        "companies": truth.companies(inputs),
        "contacts": truth.contacts(inputs),
        "source_ids": truth.source_ids(
            inputs, hubspot["companies"]["hs_object_id"].combine_chunks()
        ),
        "opportunities": truth.opportunities(inputs),
        "episodes": truth.episodes(inputs),
    }


def generate_market(config: MarketConfig) -> Market:
    """Simulate the market for `config` and build every export and truth table (no I/O)."""
    seeds = np.random.SeedSequence(config.seed).spawn(len(_STREAMS))
    rngs = {name: np.random.default_rng(s) for name, s in zip(_STREAMS, seeds, strict=True)}
    w = _simulate(config, rngs)
    converted = np.zeros(len(w.timeline.episodes["company"]), bool)
    converted[w.timeline.opps["episode"]] = True
    view = MarketView(
        w.cal, w.firms, w.people, w.timeline.episodes, w.topics, converted, w.customer
    )
    intent = intent_table(
        rngs["intent"], w.cal, w.firms, w.timeline.episodes, w.topics, config.weeks_of_intent
    )
    activities, batch = activities_table(rngs["activities"], view, w.campaigns)
    salesforce, sf = _salesforce(rngs["salesforce"], w, batch)
    hubspot = _hubspot(rngs["hubspot"], w)
    return Market(config, salesforce, hubspot, intent, activities, _truth(w, sf, hubspot))
