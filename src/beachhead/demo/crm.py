"""Which true companies and people each system holds, under which record ids (the identity map).

Salesforce holds ~92% of companies, ~3% of them twice (a duplicate account); HubSpot holds ~60%
of the Salesforce companies plus every company Salesforce lacks. People are Salesforce contacts,
leads (not linked to an account yet), converted leads, HubSpot contacts, or in no system at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import DAY_SECONDS, Calendar, blank_where, take
from beachhead.demo.ids import hubspot_ids, salesforce_ids
from beachhead.demo.people import People

DUPLICATE_SHARE = 0.03
DUP_STYLES = ("https_www_slash", "upper_case", "with_path", "legal_suffix_blank_website")


def scatter(ids: pa.Array, mask: np.ndarray) -> pa.Array:
    """A column aligned with `mask`: the next id where mask is true, null elsewhere."""
    position = np.maximum(np.cumsum(mask) - 1, 0)
    if len(ids) == 0:
        return pa.nulls(len(mask), pa.string())
    return blank_where(take(ids, position), ~mask)


@dataclass(frozen=True)
class Accounts:
    """Salesforce Account records in id (= creation) order."""

    id: pa.Array
    company: np.ndarray
    is_duplicate: np.ndarray
    dup_style: np.ndarray  # index into DUP_STYLES, -1 for primary records
    created: np.ndarray  # epoch seconds


@dataclass(frozen=True)
class Crm:
    """Membership and ids of companies and people in Salesforce and HubSpot."""

    in_sf: np.ndarray
    in_hs: np.ndarray
    accounts: Accounts
    account_id: pa.Array  # per company: its primary Salesforce account (null if none)
    hs_company_id: pa.Array  # per company: HubSpot record id (null if none)
    contact_id: pa.Array  # per person: Salesforce Contact id
    contact_account: pa.Array  # per person: the Account the contact hangs under
    lead_id: pa.Array  # per person: Salesforce Lead id (unconverted or converted)
    lead_converted: np.ndarray  # per person
    hs_contact_id: pa.Array  # per person: HubSpot contact record id


def _created_days(rng: np.random.Generator, cal: Calendar, first_opp_day: np.ndarray) -> np.ndarray:
    # Most accounts predate the history; none is created after its first opportunity.
    drawn = cal.as_of - rng.integers(1, 6 * 365, len(first_opp_day))
    return np.minimum(drawn, first_opp_day - rng.integers(1, 60, len(first_opp_day)))


def _accounts(
    rng: np.random.Generator, cal: Calendar, in_sf: np.ndarray, first_opp_day: np.ndarray
) -> Accounts:
    primary = np.flatnonzero(in_sf)
    dup = primary[rng.random(primary.size) < DUPLICATE_SHARE]
    company = np.r_[primary, dup]
    is_dup = np.r_[np.zeros(primary.size, bool), np.ones(dup.size, bool)]
    style = np.r_[np.full(primary.size, -1), rng.integers(0, len(DUP_STYLES), dup.size)]
    day = _created_days(rng, cal, first_opp_day[company])
    # A duplicate is re-created by someone later, after the original.
    later = day[: primary.size][np.searchsorted(primary, dup)]
    day[primary.size :] = later + ((cal.as_of - later) * rng.uniform(0.1, 0.9, dup.size))
    seconds = day * DAY_SECONDS + rng.integers(8 * 3600, 19 * 3600, day.size)
    order = np.argsort(seconds, kind="stable")
    return Accounts(
        salesforce_ids(rng, "001", company.size),
        company[order],
        is_dup[order],
        style[order],
        seconds[order],
    )


def _primary_ids(accounts: Accounts, n: int) -> pa.Array:
    rows = np.flatnonzero(~accounts.is_duplicate)
    slot = np.full(n, -1)
    slot[accounts.company[rows]] = rows
    return blank_where(take(accounts.id, np.maximum(slot, 0)), slot < 0)


def _contact_accounts(
    rng: np.random.Generator, accounts: Accounts, primary: pa.Array, people: People
) -> pa.Array:
    # Some contacts of a duplicated company were filed under the duplicate.
    rows = np.flatnonzero(accounts.is_duplicate)
    dup_slot = np.full(len(primary), -1)
    dup_slot[accounts.company[rows]] = rows
    slot = dup_slot[people.company]
    use_dup = (slot >= 0) & (rng.random(people.n) < 0.3)
    dup_ids = take(accounts.id, np.maximum(slot, 0))
    return pc.if_else(pa.array(use_dup), dup_ids, take(primary, people.company))


def _person_membership(
    rng: np.random.Generator, crm_company: tuple[np.ndarray, np.ndarray], people: People
) -> tuple[np.ndarray, ...]:
    in_sf, in_hs = (flags[people.company] for flags in crm_company)
    roll = rng.random(people.n)
    contact = in_sf & (roll < 0.8)
    lead = np.where(in_sf, (roll >= 0.8) & (roll < 0.9), roll < 0.3)
    converted = contact & (rng.random(people.n) < 0.15)
    hs_contact = rng.random(people.n) < np.where(in_hs, 0.7, 0.04)
    return contact, lead | converted, converted, hs_contact


def build_crm(
    rng: np.random.Generator, cal: Calendar, people: People, first_opp_day: np.ndarray
) -> Crm:
    """Decide membership in each system and mint every record id."""
    n = len(first_opp_day)
    in_sf = rng.random(n) < 0.92
    in_hs = ~in_sf | (rng.random(n) < 0.6)
    accounts = _accounts(rng, cal, in_sf, first_opp_day)
    primary = _primary_ids(accounts, n)
    contact, lead, converted, hs_contact = _person_membership(rng, (in_sf, in_hs), people)
    contact_id = scatter(salesforce_ids(rng, "003", int(contact.sum())), contact)
    contact_account = blank_where(_contact_accounts(rng, accounts, primary, people), ~contact)
    lead_id = scatter(salesforce_ids(rng, "00Q", int(lead.sum())), lead)
    hs_company = hubspot_ids(rng, int(in_hs.sum()), 10**10).cast(pa.string())
    hs_person = hubspot_ids(rng, int(hs_contact.sum()), 10**5).cast(pa.string())
    return Crm(
        in_sf,
        in_hs,
        accounts,
        primary,
        scatter(hs_company, in_hs),
        contact_id,
        contact_account,
        lead_id,
        converted,
        scatter(hs_person, hs_contact),
    )
