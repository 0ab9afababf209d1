"""HubSpot companies, contacts and deals exports.

HubSpot overlaps ~60% of the Salesforce companies (same domain, sometimes the other domain in
`hs_additional_domains`) and holds the companies Salesforce lacks, with their few deals: a deal
lives in exactly one system.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import DAY_SECONDS, blank_where, concat, stamps, take
from beachhead.demo.companies import Firms
from beachhead.demo.crm import Crm
from beachhead.demo.deals import HS_STAGES, Deals
from beachhead.demo.ids import hubspot_ids
from beachhead.demo.people import ROLES, People, crm_title
from beachhead.demo.salesforce import Users
from beachhead.demo.timeline import NEW_BUSINESS
from beachhead.demo.vocab_people import HS_BUYING_ROLE

# HubSpot's own industry picklist values for the demo sectors.
_HS_INDUSTRY = {
    "Software": "COMPUTER_SOFTWARE",
    "Financial Services": "FINANCIAL_SERVICES",
    "Banking": "BANKING",
    "Insurance": "INSURANCE",
    "E-commerce": "INTERNET",
    "Healthcare": "HOSPITAL_HEALTH_CARE",
    "Retail": "RETAIL",
    "Media": "ONLINE_MEDIA",
    "Telecommunications": "TELECOMMUNICATIONS",
    "Logistics": "LOGISTICS_AND_SUPPLY_CHAIN",
    "Manufacturing": "INDUSTRIAL_AUTOMATION",
    "Professional Services": "MANAGEMENT_CONSULTING",
    "Education": "EDUCATION_MANAGEMENT",
    "Government": "GOVERNMENT_ADMINISTRATION",
    "Energy": "OIL_ENERGY",
    "Hospitality": "HOSPITALITY",
    "Real Estate": "REAL_ESTATE",
    "Non-profit": "NON_PROFIT_ORGANIZATION_MANAGEMENT",
    "Other": "",
}
_LIFECYCLE = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "other",
)
_LEAD_STATUS = (
    "NEW",
    "OPEN",
    "IN_PROGRESS",
    "ATTEMPTED_TO_CONTACT",
    "CONNECTED",
    "BAD_TIMING",
    "UNQUALIFIED",
    "OPEN_DEAL",
)


def company_stage(
    rng: np.random.Generator, customer: np.ndarray, open_deal: np.ndarray
) -> np.ndarray:
    """Lifecycle stage index per company: customer and opportunity from the deals, the rest
    wherever marketing last left them."""
    loose = rng.choice(4, size=len(customer), p=[0.25, 0.45, 0.2, 0.1])
    loose = np.where(rng.random(len(customer)) < 0.03, 6, loose)
    return np.where(customer, 5, np.where(open_deal, 4, loose))


def _domains(rng: np.random.Generator, firms: Firms, c: np.ndarray) -> tuple[pa.Array, pa.Array]:
    primary, alias = take(firms.domain, c), take(firms.alias_domain, c)
    has_alias = np.array([firms.alias_domain[i] != "" for i in c.tolist()], dtype=bool)
    roll = rng.random(c.size)
    swapped = has_alias & (roll < 0.15)  # the alias is the main domain here
    listed = has_alias & (roll < 0.65)
    domain = pc.if_else(pa.array(swapped), alias, primary)
    extra = pc.if_else(pa.array(swapped), primary, alias)
    return blank_where(domain, rng.random(c.size) < 0.03), blank_where(extra, ~listed)


def _industries(firms: Firms, c: np.ndarray) -> pa.Array:
    labels = [
        _HS_INDUSTRY.get(x, x.upper().replace(" ", "_").replace("&", "AND")) for x in firms.industry
    ]
    return take(labels, c)


def companies_table(
    rng: np.random.Generator, firms: Firms, crm: Crm, users: Users, stage: np.ndarray
) -> pa.Table:
    """companies.csv."""
    c = np.flatnonzero(crm.in_hs)
    domain, extra = _domains(rng, firms, c)
    target = (firms.fit[c] > 0.75) & (rng.random(c.size) < 0.6) | (rng.random(c.size) < 0.03)
    no_city = rng.random(c.size) < 0.1
    return pa.table(
        {
            "hs_object_id": take(crm.hs_company_id, c),
            "name": take(firms.name, c),
            "domain": domain,
            "hs_additional_domains": extra,
            "industry": blank_where(_industries(firms, c), rng.random(c.size) < 0.1),
            "numberofemployees": blank_where(
                pa.array(firms.employees[c]), rng.random(c.size) < 0.1
            ),
            "annualrevenue": blank_where(pa.array(firms.revenue[c]), rng.random(c.size) < 0.25),
            "country": take(firms.country, c),
            "state": blank_where(take(firms.state, c), no_city),
            "city": blank_where(take(firms.city, c), no_city),
            "hubspot_owner_id": take(users.hs_owner_id, users.owner[c]),
            "hs_is_target_account": pa.array(target),
            "lifecyclestage": take(_LIFECYCLE, stage[c]),
        }
    )


def contacts_table(
    rng: np.random.Generator, firms: Firms, people: People, crm: Crm, stage: np.ndarray
) -> pa.Table:
    """contacts.csv: buying roles are filled for about a third of committee members."""
    rows = np.flatnonzero(pc.is_valid(crm.hs_contact_id).to_numpy(zero_copy_only=False))
    taken, c = pa.array(rows), people.company[rows]
    role = take([HS_BUYING_ROLE[r] for r in ROLES], people.role[rows])
    role_known = (people.role[rows] != ROLES.index("none")) & (rng.random(rows.size) < 0.35)
    person_stage = np.minimum(stage[c], np.where(rng.random(rows.size) < 0.5, stage[c], 2))
    linked = blank_where(take(crm.hs_company_id, c), rng.random(rows.size) < 0.1)
    return pa.table(
        {
            "hs_object_id": crm.hs_contact_id.take(taken),
            "email": people.email.take(taken),
            "firstname": people.first.take(taken),
            "lastname": people.last.take(taken),
            "jobtitle": crm_title(rng, people).take(taken),
            "company": blank_where(take(firms.name, c), rng.random(rows.size) < 0.15),
            "country": blank_where(take(firms.country, c), rng.random(rows.size) < 0.3),
            "lifecyclestage": take(_LIFECYCLE, person_stage),
            "hs_lead_status": blank_where(
                take(_LEAD_STATUS, rng.integers(0, 8, rows.size)), rng.random(rows.size) < 0.4
            ),
            "hs_buying_role": blank_where(role, ~role_known),
            "hs_email_optout": pa.array(rng.random(rows.size) < 0.05),
            "associatedcompanyid": linked,
        }
    )


def deals_table(
    rng: np.random.Generator, firms: Firms, deals: Deals, crm: Crm, users: Users
) -> pa.Table:
    """deals.csv: the deals of companies Salesforce does not hold."""
    r = np.flatnonzero(~crm.in_sf[deals.company])
    c = deals.company[r]
    closed = deals.closed[r]
    created = deals.created[r] * DAY_SECONDS + rng.integers(8 * 3600, 19 * 3600, r.size)
    label = take(("Platform deal", "Expansion"), (deals.kind[r] != NEW_BUSINESS).astype(int))
    return pa.table(
        {
            "hs_object_id": hubspot_ids(rng, r.size, 10**9).cast(pa.string()),
            "dealname": concat(take(firms.name, c), " - ", label),
            "dealstage": take(HS_STAGES, deals.stage[r]),
            "pipeline": take(("default",), np.zeros(r.size, np.int64)),
            "amount": pa.array(deals.amount[r]),
            "closedate": stamps(deals.close_day[r] * DAY_SECONDS + 12 * 3600),
            "createdate": stamps(created),
            "hs_is_closed": pa.array(closed),
            "hs_is_closed_won": pa.array(closed & deals.won[r]),
            "dealtype": take(("newbusiness", "existingbusiness"), deals.kind[r]),
            "associatedcompanyid": take(crm.hs_company_id, c),
            "hubspot_owner_id": take(users.hs_owner_id, users.owner[c]),
        }
    )
