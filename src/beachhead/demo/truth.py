"""The hidden ground truth, as tables: what the exports really describe and what happens next."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import Calendar, dates, take
from beachhead.demo.companies import SECTOR_LABELS, Firms
from beachhead.demo.crm import DUP_STYLES, Crm
from beachhead.demo.deals import Deals
from beachhead.demo.intent import TOPICS
from beachhead.demo.people import FUNCTION_KEYS, ROLES, People
from beachhead.demo.salesforce import technologies_column
from beachhead.demo.timeline import Timeline
from beachhead.demo.vocab_people import SENIORITIES


def company_ids(n: int) -> pa.Array:
    """Stable ids of the true companies: C0000001, C0000002, ..."""
    return pa.array([f"C{i:07d}" for i in range(1, n + 1)])


@dataclass(frozen=True)
class TruthInputs:
    """Everything the truth tables are drawn from."""

    firms: Firms
    timeline: Timeline
    people: People
    crm: Crm
    deals: Deals
    customer: np.ndarray  # per company, at as_of
    deal_ids: pa.Array  # per visible deal: its Salesforce or HubSpot id
    episode_topics: np.ndarray
    cal: Calendar


def companies(t: TruthInputs) -> pa.Table:
    """One row per true company, with its latent fit and future outcome."""
    f, n = t.firms, t.firms.n
    sf_dups = np.bincount(t.crm.accounts.company[t.crm.accounts.is_duplicate], minlength=n)
    nb = t.deals.kind == 0
    return pa.table(
        {
            "company_id": company_ids(n),
            "name": pa.array(f.name),
            "domain": pa.array(f.domain),
            "alias_domain": blank_alias(f.alias_domain),
            "industry": pa.array(f.industry),
            "sector": take(SECTOR_LABELS, f.sector),
            "employees": pa.array(f.employees),
            "revenue": pa.array(f.revenue),
            "country": pa.array(f.country),
            "region": pa.array(f.region),
            "technologies": pc.split_pattern(technologies_column(f.tech), ";"),
            "is_customer": pa.array(t.customer),
            "fit": pa.array(f.fit),
            "p_open_90d": pa.array(t.timeline.p_open_90d),
            "opened_within_90d": pa.array(t.timeline.opened_within_90d),
            "n_new_business_opps": pa.array(np.bincount(t.deals.company[nb], minlength=n)),
            "committee_size": pa.array(t.people.committee),
            "in_salesforce": pa.array(t.crm.in_sf),
            "in_hubspot": pa.array(t.crm.in_hs),
            "salesforce_duplicates": pa.array(sf_dups),
        }
    )


def blank_alias(alias: list[str]) -> pa.Array:
    """Alias domains with nulls for companies that have none."""
    return pa.array([a or None for a in alias], type=pa.string())


def contacts(t: TruthInputs) -> pa.Table:
    """One row per true person, with true seniority, function and buying role."""
    p = t.people
    return pa.table(
        {
            "person_id": pa.array([f"P{i:08d}" for i in range(1, p.n + 1)]),
            "company_id": company_ids(t.firms.n).take(pa.array(p.company)),
            "first_name": p.first,
            "last_name": p.last,
            "email": p.email,
            "title": p.title,
            "seniority": take(SENIORITIES, p.seniority),
            "function": take(FUNCTION_KEYS, p.function),
            "buying_role": take(ROLES, p.role),
            "is_freemail": pa.array(p.is_freemail),
            "sf_contact_id": t.crm.contact_id,
            "sf_lead_id": t.crm.lead_id,
            "lead_converted": pa.array(t.crm.lead_converted),
            "hs_contact_id": t.crm.hs_contact_id,
        }
    )


def source_ids(t: TruthInputs, hs_companies: pa.Array) -> pa.Table:
    """Every Salesforce Account Id and HubSpot company id written, with its true company."""
    acc, ids = t.crm.accounts, company_ids(t.firms.n)
    hs_rows = np.flatnonzero(t.crm.in_hs)
    n_sf, n_hs = len(acc.company), hs_rows.size
    style = take(DUP_STYLES, np.maximum(acc.dup_style, 0))
    return pa.table(
        {
            "system": take(
                ("salesforce", "hubspot"), np.r_[np.zeros(n_sf, int), np.ones(n_hs, int)]
            ),
            "object": take(("Account", "company"), np.r_[np.zeros(n_sf, int), np.ones(n_hs, int)]),
            "record_id": pa.concat_arrays([acc.id, hs_companies]),
            "company_id": ids.take(pa.array(np.r_[acc.company, hs_rows])),
            "is_duplicate": pa.array(np.r_[acc.is_duplicate, np.zeros(n_hs, bool)]),
            "duplicate_style": pa.concat_arrays(
                [
                    pc.if_else(pa.array(acc.is_duplicate), style, pa.nulls(n_sf, pa.string())),
                    pa.nulls(n_hs, pa.string()),
                ]
            ),
        }
    )


def opportunities(t: TruthInputs) -> pa.Table:
    """Every opportunity: the visible ones with their record id, and the hidden future ones."""
    d, opps, ids = t.deals, t.timeline.opps, company_ids(t.firms.n)
    future = np.flatnonzero(opps["created"] >= t.cal.weeks)
    created = np.r_[d.created, t.cal.day_of_week(opps["created"][future])]
    return pa.table(
        {
            "record_id": pa.concat_arrays([t.deal_ids, pa.nulls(future.size, pa.string())]),
            "company_id": ids.take(pa.array(np.r_[d.company, opps["company"][future]])),
            "type": take(("new_business", "expansion"), np.r_[d.kind, opps["kind"][future]]),
            "episode_id": pa.array(np.r_[d.episode, opps["episode"][future]]),
            "created": dates(created),
            "in_files": pa.array(np.r_[np.ones(d.n, bool), np.zeros(future.size, bool)]),
            "is_closed": pa.array(np.r_[d.closed, np.zeros(future.size, bool)]),
            # The eventual outcome, also for deals still open on as_of.
            "won": pa.array(np.r_[d.won, opps["won"][future]]),
        }
    )


def episodes(t: TruthInputs) -> pa.Table:
    """Every in-market episode: when it ran, how broad it was, whether it opened a deal."""
    e = t.timeline.episodes
    opened = np.zeros(len(e["company"]), bool)
    opened[t.timeline.opps["episode"]] = True
    rows, cols = np.nonzero(t.episode_topics)
    offsets = np.r_[0, np.cumsum(np.bincount(rows, minlength=len(opened)))].astype(np.int32)
    return pa.table(
        {
            "episode_id": pa.array(np.arange(len(opened))),
            "company_id": company_ids(t.firms.n).take(pa.array(e["company"])),
            "type": take(("new_business", "expansion"), e["kind"]),
            "start": dates(t.cal.day_of_week(e["start"])),
            "end": dates(t.cal.day_of_week(e["start"] + e["duration"])),
            "committee_engaged": pa.array(e["coverage"]),
            "timely_follow_up": pa.array(e["timely"].astype(bool)),
            "opened_opportunity": pa.array(opened),
            "topics": pa.ListArray.from_arrays(pa.array(offsets), take(TOPICS, cols)),
        }
    )
