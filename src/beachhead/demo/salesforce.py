"""Salesforce User, Account, Contact and Lead exports, with the dirt real orgs accumulate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import blank_where, concat, stamps, take
from beachhead.demo.companies import Firms
from beachhead.demo.crm import DUP_STYLES, Accounts, Crm
from beachhead.demo.ids import hubspot_ids, salesforce_ids
from beachhead.demo.people import ascii_token
from beachhead.demo.vocab import TECHNOLOGIES
from beachhead.demo.vocab_geo import COUNTRY_SPELLINGS
from beachhead.demo.vocab_people import FIRST_NAMES, LAST_NAMES

SELLER_DOMAIN = "northwind-data.example"  # the demo's imaginary vendor (a reserved TLD)
_DEPARTMENTS = ("Sales", "Sales Development", "Marketing")


@dataclass(frozen=True)
class Users:
    """The seller's own users; `owner` maps each company to the rep who owns it."""

    id: pa.Array
    hs_owner_id: pa.Array
    owner: np.ndarray  # per company: user index
    table: pa.Table


def build_users(rng: np.random.Generator, n_companies: int) -> Users:
    """Reps, SDRs and marketers, sized to the market; reps own the accounts."""
    counts = np.array(
        [
            np.clip(n_companies // 150, 6, 300),
            np.clip(n_companies // 400, 2, 100),
            np.clip(n_companies // 1500, 3, 40),
        ]
    )
    department = np.repeat(np.arange(3), counts)
    first = take(FIRST_NAMES, rng.integers(0, len(FIRST_NAMES), department.size))
    last = take(LAST_NAMES, rng.integers(0, len(LAST_NAMES), department.size))
    local = concat(
        pc.utf8_lower(pc.utf8_slice_codeunits(first, 0, 1)),
        pa.array([ascii_token(x) for x in last.to_pylist()]),
    )
    seq = pa.array(np.arange(department.size)).cast(pa.string())
    ids = salesforce_ids(rng, "005", department.size)
    table = pa.table(
        {
            "Id": ids,
            "Name": concat(first, " ", last),
            "Email": concat(local, seq, "@", SELLER_DOMAIN),
            "Department": take(_DEPARTMENTS, department),
        }
    )
    owner = rng.integers(0, counts[0], n_companies)
    return Users(ids, hubspot_ids(rng, department.size, 10**8).cast(pa.string()), owner, table)


def _websites(rng: np.random.Generator, domain: pa.Array, style: np.ndarray) -> pa.Array:
    # How people type a website into a CRM; duplicates use the DUP_STYLES spellings.
    n = len(domain)
    everyday = rng.choice(4, size=n, p=[0.4, 0.25, 0.22, 0.13])
    options = [
        concat("www.", domain),
        concat("https://www.", domain),
        domain,
        concat("http://", domain, "/"),
        concat("https://www.", domain, "/"),
        pc.utf8_upper(domain),
        concat(domain, "/about"),
    ]
    pick = np.where(style >= 0, 4 + np.minimum(style, 2), everyday)
    website = pc.choose(pa.array(pick), *options)
    blank = (style == DUP_STYLES.index("legal_suffix_blank_website")) | (
        (style < 0) & (rng.random(n) < 0.045)
    )
    return blank_where(website, blank)


def _legal_suffix(country: pa.Array) -> pa.Array:
    suffix = pc.if_else(
        pc.equal(country, "Germany"),
        " GmbH",
        pc.if_else(pc.equal(country, "United Kingdom"), " Ltd", ", Inc."),
    )
    return suffix


def _account_names(
    rng: np.random.Generator, name: pa.Array, country: pa.Array, style: np.ndarray
) -> pa.Array:
    suffixed = concat(name, _legal_suffix(country))
    with_suffix = (style == DUP_STYLES.index("legal_suffix_blank_website")) | (
        (style < 0) & (rng.random(len(style)) < 0.12)
    )
    return pc.if_else(pa.array(with_suffix), suffixed, name)


def _countries(rng: np.random.Generator, country: pa.Array) -> pa.Array:
    out = country
    for canonical, spellings in COUNTRY_SPELLINGS.items():
        pick = take(spellings, rng.integers(0, len(spellings), len(country)))
        swap = pc.and_(pc.equal(country, canonical), pa.array(rng.random(len(country)) < 0.3))
        out = pc.if_else(swap, pick, out)
    return out


def technologies_column(tech: np.ndarray) -> pa.Array:
    """Semicolon-separated stack per company, from the companies x technologies matrix."""
    rows, cols = np.nonzero(tech)
    offsets = np.r_[0, np.cumsum(np.bincount(rows, minlength=tech.shape[0]))].astype(np.int32)
    values = take([t.name for t in TECHNOLOGIES], cols)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), values), ";")


def account_table(
    rng: np.random.Generator, firms: Firms, crm: Crm, users: Users, account_type: np.ndarray
) -> pa.Table:
    """Account.csv: one row per Salesforce account record, duplicates included."""
    acc = crm.accounts
    c = acc.company
    n = len(c)
    country = take(firms.country, c)
    no_address = rng.random(n) < 0.1
    parent = _parents(rng, acc, firms.employees)
    return pa.table(
        {
            "Id": acc.id,
            "Name": _account_names(rng, take(firms.name, c), country, acc.dup_style),
            "Website": _websites(rng, take(firms.domain, c), acc.dup_style),
            "Industry": blank_where(take(firms.industry, c), rng.random(n) < 0.06),
            "NumberOfEmployees": blank_where(pa.array(firms.employees[c]), rng.random(n) < 0.08),
            "AnnualRevenue": blank_where(pa.array(firms.revenue[c]), rng.random(n) < 0.15),
            "BillingCity": blank_where(take(firms.city, c), no_address),
            "BillingState": blank_where(take(firms.state, c), no_address),
            "BillingPostalCode": blank_where(take(firms.postal, c), no_address),
            "BillingCountry": blank_where(_countries(rng, country), rng.random(n) < 0.04),
            "Type": take(
                ("Prospect", "Customer", "Partner"), np.where(acc.is_duplicate, 0, account_type[c])
            ),
            "ParentId": blank_where(take(acc.id, np.maximum(parent, 0)), parent < 0),
            "OwnerId": take(users.id, users.owner[c]),
            "CreatedDate": stamps(acc.created),
            "Technologies__c": blank_where(
                technologies_column(firms.tech).take(pa.array(c)), rng.random(n) < 0.2
            ),
        }
    )


def _parents(rng: np.random.Generator, acc: Accounts, employees: np.ndarray) -> np.ndarray:
    # ~2% of accounts are subsidiaries of a bigger account created before them.
    n = len(acc.company)
    has_parent = (~acc.is_duplicate) & (rng.random(n) < 0.02) & (np.arange(n) > 0)
    candidate = (rng.random(n) * np.arange(n)).astype(np.int64)
    bigger = employees[acc.company[candidate]] > employees[acc.company]
    return np.where(has_parent & bigger & ~acc.is_duplicate[candidate], candidate, -1)
