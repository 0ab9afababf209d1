"""Salesforce Opportunity, OpportunityHistory, OpportunityContactRole, Task and Event exports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.campaigns import Campaigns
from beachhead.demo.common import DAY_SECONDS, Calendar, blank_where, concat, dates, stamps, take
from beachhead.demo.companies import Firms
from beachhead.demo.crm import Crm
from beachhead.demo.deals import STAGES, Deals
from beachhead.demo.ids import salesforce_ids
from beachhead.demo.people import ROLES, People
from beachhead.demo.salesforce import Users
from beachhead.demo.timeline import NEW_BUSINESS
from beachhead.demo.vocab_people import SF_CONTACT_ROLE

OCR_ROLES: tuple[str, ...] = (
    "Business User",
    "Decision Maker",
    "Economic Buyer",
    "Economic Decision Maker",
    "Evaluator",
    "Executive Sponsor",
    "Influencer",
    "Technical Buyer",
    "Other",
)
_NB_NAMES = (
    "Data Platform",
    "Lineage & Governance",
    "Warehouse Modernisation",
    "CDP Rollout",
    "Analytics Platform",
)
_EXPANSION_NAMES = (
    "Expansion",
    "Additional Seats",
    "Upsell - Governance Module",
    "Renewal + Upsell",
)


@dataclass(frozen=True)
class SfDeals:
    """The deals that live in Salesforce: positions in `Deals` and their Opportunity ids."""

    rows: np.ndarray
    id: pa.Array
    created: np.ndarray  # epoch seconds of creation


def select_sf_deals(rng: np.random.Generator, deals: Deals, crm: Crm) -> SfDeals:
    """Deals of companies Salesforce holds (HubSpot-only companies keep theirs in HubSpot)."""
    rows = np.flatnonzero(crm.in_sf[deals.company])
    created = deals.created[rows] * DAY_SECONDS + rng.integers(8 * 3600, 19 * 3600, rows.size)
    return SfDeals(rows, salesforce_ids(rng, "006", rows.size), created)


def _names(rng: np.random.Generator, firms: Firms, deals: Deals, rows: np.ndarray) -> pa.Array:
    nb = take(_NB_NAMES, rng.integers(0, len(_NB_NAMES), rows.size))
    ex = take(_EXPANSION_NAMES, rng.integers(0, len(_EXPANSION_NAMES), rows.size))
    label = pc.if_else(pa.array(deals.kind[rows] == NEW_BUSINESS), nb, ex)
    return concat(take(firms.name, deals.company[rows]), " - ", label)


def opportunity_table(
    rng: np.random.Generator,
    firms: Firms,
    deals: Deals,
    sf: SfDeals,
    crm: Crm,
    context: tuple[Users, Campaigns],
) -> pa.Table:
    """Opportunity.csv."""
    users, campaigns = context
    r, c = sf.rows, deals.company[sf.rows]
    closed = deals.closed[r]
    return pa.table(
        {
            "Id": sf.id,
            "AccountId": take(crm.account_id, c),
            "Name": _names(rng, firms, deals, r),
            "Type": take(("New Business", "Existing Business"), deals.kind[r]),
            "StageName": take(STAGES, deals.stage[r]),
            "Amount": pa.array(deals.amount[r]),
            "CloseDate": dates(deals.close_day[r]),
            "IsClosed": pa.array(closed),
            "IsWon": pa.array(closed & deals.won[r]),
            "CreatedDate": stamps(sf.created),
            "OwnerId": take(users.id, users.owner[c]),
            "CampaignId": blank_where(
                take(campaigns.id, np.maximum(deals.campaign[r], 0)), deals.campaign[r] < 0
            ),
        }
    )


def _increasing_within(group: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Make times strictly increasing (by >= 1 minute) inside each run of equal, sorted
    `group` values: two stages entered on one day keep their order."""
    rank = np.arange(group.size) - np.searchsorted(group, group)
    key = (group.astype(np.int64) << 33) + seconds - 60 * rank
    return np.asarray(np.maximum.accumulate(key) - (group.astype(np.int64) << 33) + 60 * rank)


def history_table(rng: np.random.Generator, deals: Deals, sf: SfDeals) -> pa.Table:
    """OpportunityHistory.csv: one row per stage entered, dated when it was entered."""
    stage_day = deals.stage_day[sf.rows]
    opp, stage = np.nonzero(stage_day >= 0)
    r = sf.rows[opp]
    seconds = stage_day[opp, stage] * DAY_SECONDS + rng.integers(8 * 3600, 19 * 3600, opp.size)
    seconds = _increasing_within(opp, np.where(stage == 0, sf.created[opp], seconds))
    amount = np.where(stage <= 1, deals.first_amount[r], deals.amount[r])
    return pa.table(
        {
            "Id": salesforce_ids(rng, "008", opp.size),
            "OpportunityId": sf.id.take(pa.array(opp)),
            "StageName": take(STAGES, stage),
            "Amount": pa.array(amount),
            "CloseDate": dates(deals.close_day[r]),
            "CreatedDate": stamps(seconds),
        }
    )


def _engaged_people(
    deals: Deals, rows: np.ndarray, people: People
) -> tuple[np.ndarray, np.ndarray]:
    """(position in rows, person) for the committee members each deal involved."""
    k = deals.engaged[rows]
    opp = np.repeat(np.arange(rows.size), k)
    rank = np.arange(opp.size) - np.repeat(np.cumsum(k) - k, k)
    return opp, people.start[deals.company[rows][opp]] + rank


def contact_role_table(
    rng: np.random.Generator, deals: Deals, sf: SfDeals, people: People, crm: Crm
) -> pa.Table:
    """OpportunityContactRole.csv: the involved contacts of ~75% of deals (reps skip the rest)."""
    opp, person = _engaged_people(deals, sf.rows, people)
    has_contact = pc.is_valid(crm.contact_id.take(pa.array(person))).to_numpy(False)
    logged = (rng.random(sf.rows.size) < 0.75)[opp]
    keep = has_contact & logged
    opp, person = opp[keep], person[keep]
    true_role = np.array([OCR_ROLES.index(SF_CONTACT_ROLE[r]) for r in ROLES])[people.role[person]]
    sloppy = rng.random(opp.size) < 0.1
    role = np.where(sloppy, rng.integers(0, len(OCR_ROLES), opp.size), true_role)
    primary = np.r_[True, opp[1:] != opp[:-1]] if opp.size else np.zeros(0, bool)
    return pa.table(
        {
            "Id": salesforce_ids(rng, "00k", opp.size),
            "OpportunityId": sf.id.take(pa.array(opp)),
            "ContactId": crm.contact_id.take(pa.array(person)),
            "Role": take(OCR_ROLES, role),
            "IsPrimary": pa.array(primary),
        }
    )


def active_span(cal: Calendar, deals: Deals, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day each deal was being worked, up to the day before `as_of`."""
    start = deals.created[rows]
    end = np.where(deals.closed[rows], deals.close_day[rows], cal.as_of - 1)
    return start, np.maximum(np.minimum(end, cal.as_of - 1), start)
