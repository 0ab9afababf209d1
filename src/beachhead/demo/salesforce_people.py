"""Salesforce Contact and Lead exports."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import DAY_SECONDS, Calendar, blank_where, concat, stamps, take
from beachhead.demo.companies import Firms
from beachhead.demo.crm import Crm
from beachhead.demo.people import People, crm_title
from beachhead.demo.salesforce import Users
from beachhead.demo.vocab_geo import COUNTRIES
from beachhead.demo.vocab_people import FUNCTIONS

_LEAD_STATUS = (
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Not Converted",
    "Closed - Converted",
)


def _phones(rng: np.random.Generator, code: pa.Array) -> pa.Array:
    """Phone numbers in the styles people type, with the country's calling code.

    North American numbers use the 555-01xx range reserved for fiction."""
    n = len(code)
    number = pa.array(rng.integers(100, 200, n)).cast(pa.string())
    area = pa.array(rng.integers(201, 990, n)).cast(pa.string())
    local = pa.array(rng.integers(10_000_000, 99_999_999, n)).cast(pa.string())
    styles = [
        concat("+1 (", area, ") 555-0", number),
        concat(area, "-555-0", number),
        concat("+", code, " ", local),
        concat("+", code, local),
    ]
    north_america = pc.equal(code, "1").fill_null(False).to_numpy(zero_copy_only=False)
    style = rng.integers(0, 2, n) + np.where(north_america, 0, 2)
    return pc.choose(pa.array(style), *styles)


def contact_table(
    rng: np.random.Generator,
    firms: Firms,
    people: People,
    crm: Crm,
    users: Users,
    created: np.ndarray,
) -> pa.Table:
    """Contact.csv: people linked to an account."""
    rows = np.flatnonzero(pc.is_valid(crm.contact_id).to_numpy(zero_copy_only=False))
    n = rows.size
    c = people.company[rows]
    department = take(list(FUNCTIONS.values()), people.function[rows])
    calling = {country.name: country.calling_code for country in COUNTRIES}
    codes = [calling.get(country, "") for country in firms.country]
    return pa.table(
        {
            "Id": crm.contact_id.take(pa.array(rows)),
            "AccountId": crm.contact_account.take(pa.array(rows)),
            "FirstName": people.first.take(pa.array(rows)),
            "LastName": people.last.take(pa.array(rows)),
            "Email": blank_where(people.email.take(pa.array(rows)), rng.random(n) < 0.02),
            "Title": crm_title(rng, people).take(pa.array(rows)),
            "Department": blank_where(department, rng.random(n) < 0.25),
            "MailingCountry": blank_where(take(firms.country, c), rng.random(n) < 0.2),
            "Phone": blank_where(_phones(rng, take(codes, c)), rng.random(n) < 0.35),
            "HasOptedOutOfEmail": pa.array(rng.random(n) < 0.04),
            "DoNotCall": pa.array(rng.random(n) < 0.03),
            "IsEmailBounced": pa.array(rng.random(n) < 0.02),
            "OwnerId": take(users.id, users.owner[c]),
            "CreatedDate": stamps(created[rows]),
        }
    )


def person_created(
    rng: np.random.Generator, cal: Calendar, crm: Crm, company: np.ndarray
) -> np.ndarray:
    """When each person's contact record was created: after the company's account, before
    `as_of` (epoch seconds)."""
    first = np.full(len(crm.in_sf), cal.as_of * DAY_SECONDS - DAY_SECONDS)
    primary = ~crm.accounts.is_duplicate
    first[crm.accounts.company[primary]] = crm.accounts.created[primary]
    start = first[company]
    span = np.maximum(cal.as_of * DAY_SECONDS - start - DAY_SECONDS, 1)
    return np.asarray(start + rng.random(len(company)) * span, dtype=np.int64)


def _typed_company(rng: np.random.Generator, name: pa.Array) -> pa.Array:
    # What people type into a form: the brand, a legal form, or lower case.
    first_word = pc.extract_regex(name, r"^(?P<w>\S+)").field("w")
    styles = [name, concat(name, ", Inc."), first_word, pc.utf8_lower(name)]
    return pc.choose(pa.array(rng.choice(4, size=len(name), p=[0.55, 0.15, 0.15, 0.15])), *styles)


def lead_table(
    rng: np.random.Generator,
    cal: Calendar,
    firms: Firms,
    people: People,
    crm: Crm,
    created: np.ndarray,
) -> pa.Table:
    """Lead.csv: people not linked to an account yet, and leads already converted."""
    rows = np.flatnonzero(pc.is_valid(crm.lead_id).to_numpy(zero_copy_only=False))
    n, c = rows.size, people.company[rows]
    taken = pa.array(rows)
    converted = crm.lead_converted[rows]
    status = np.where(converted, 3, rng.choice(3, size=n, p=[0.4, 0.3, 0.3]))
    website = pc.if_else(
        pa.array(rng.random(n) < 0.5), take(firms.domain, c), concat("www.", take(firms.domain, c))
    )
    return pa.table(
        {
            "Id": crm.lead_id.take(taken),
            "Company": _typed_company(rng, take(firms.name, c)),
            "FirstName": people.first.take(taken),
            "LastName": people.last.take(taken),
            "Email": people.email.take(taken),
            "Title": crm_title(rng, people).take(taken),
            "Country": blank_where(take(firms.country, c), rng.random(n) < 0.3),
            "Website": blank_where(website, rng.random(n) < 0.6),
            "Status": take(_LEAD_STATUS, status),
            "IsConverted": pa.array(converted),
            "ConvertedAccountId": blank_where(crm.contact_account.take(taken), ~converted),
            "ConvertedContactId": blank_where(crm.contact_id.take(taken), ~converted),
            "HasOptedOutOfEmail": pa.array(rng.random(n) < 0.05),
            "CreatedDate": stamps(_lead_created(rng, cal, created[rows], converted)),
        }
    )


def _lead_created(
    rng: np.random.Generator, cal: Calendar, contact_made: np.ndarray, converted: np.ndarray
) -> np.ndarray:
    # A converted lead predates its contact; an open lead arrived in the last two years.
    n = len(converted)
    before = contact_made - rng.integers(1, 60, n) * DAY_SECONDS
    recent = (cal.as_of - rng.integers(1, 730, n)) * DAY_SECONDS
    recent += rng.integers(8 * 3600, 20 * 3600, n)
    return np.where(converted, before, recent)
