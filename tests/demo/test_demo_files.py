"""The exported files: exact headers, encodings, value formats, ids and referential integrity."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

import pytest

from beachhead.demo import ExportPaths, Market

Load = Callable[[str], list[dict[str, str]]]

HEADERS: dict[str, str] = {
    "salesforce/User": "Id, Name, Email, Department",
    "salesforce/Account": "Id, Name, Website, Industry, NumberOfEmployees, AnnualRevenue, "
    "BillingCity, BillingState, BillingPostalCode, BillingCountry, Type, ParentId, OwnerId, "
    "CreatedDate, Technologies__c",
    "salesforce/Contact": "Id, AccountId, FirstName, LastName, Email, Title, Department, "
    "MailingCountry, Phone, HasOptedOutOfEmail, DoNotCall, IsEmailBounced, OwnerId, CreatedDate",
    "salesforce/Lead": "Id, Company, FirstName, LastName, Email, Title, Country, Website, Status, "
    "IsConverted, ConvertedAccountId, ConvertedContactId, HasOptedOutOfEmail, CreatedDate",
    "salesforce/Opportunity": "Id, AccountId, Name, Type, StageName, Amount, CloseDate, IsClosed, "
    "IsWon, CreatedDate, OwnerId, CampaignId",
    "salesforce/OpportunityHistory": "Id, OpportunityId, StageName, Amount, CloseDate, CreatedDate",
    "salesforce/OpportunityContactRole": "Id, OpportunityId, ContactId, Role, IsPrimary",
    "salesforce/Campaign": "Id, Name, Type, Status, StartDate, EndDate, BudgetedCost, ActualCost",
    "salesforce/CampaignMember": "Id, CampaignId, ContactId, LeadId, Status, HasResponded, "
    "FirstRespondedDate",
    "salesforce/Task": "Id, WhoId, WhatId, AccountId, Subject, Type, ActivityDate",
    "salesforce/Event": "Id, WhoId, WhatId, AccountId, Subject, Type, StartDateTime, "
    "DurationInMinutes",
    "hubspot/companies": "hs_object_id, name, domain, hs_additional_domains, industry, "
    "numberofemployees, annualrevenue, country, state, city, hubspot_owner_id, "
    "hs_is_target_account, lifecyclestage",
    "hubspot/contacts": "hs_object_id, email, firstname, lastname, jobtitle, company, country, "
    "lifecyclestage, hs_lead_status, hs_buying_role, hs_email_optout, associatedcompanyid",
    "hubspot/deals": "hs_object_id, dealname, dealstage, pipeline, amount, closedate, createdate, "
    "hs_is_closed, hs_is_closed_won, dealtype, associatedcompanyid, hubspot_owner_id",
    "intent": "Company Name, Domain, Size, Industry, Category, Topic, Composite Score, "
    "Bucket Code, Metro Area, Domain Origin Country, Week Start",
    "activities": "event_id, occurred_at, activity_type, channel, contact_email, account_domain, "
    "campaign, url, duration_minutes, source",
}
SF_PREFIX = {
    "User": "005",
    "Account": "001",
    "Contact": "003",
    "Lead": "00Q",
    "Opportunity": "006",
    "OpportunityHistory": "008",
    "OpportunityContactRole": "00k",
    "Campaign": "701",
    "CampaignMember": "00v",
    "Task": "00T",
    "Event": "00U",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATE_COLUMNS = {
    "CloseDate",
    "StartDate",
    "EndDate",
    "FirstRespondedDate",
    "ActivityDate",
    "Week Start",
}
DATETIME_COLUMNS = {"CreatedDate", "StartDateTime", "closedate", "createdate", "occurred_at"}
BOOL_COLUMNS = {
    "HasOptedOutOfEmail",
    "DoNotCall",
    "IsEmailBounced",
    "IsConverted",
    "IsClosed",
    "IsWon",
    "IsPrimary",
    "HasResponded",
    "hs_is_target_account",
    "hs_email_optout",
    "hs_is_closed",
    "hs_is_closed_won",
}


def _checksum_ok(record_id: str) -> bool:
    suffix = ""
    for chunk in range(3):
        bits = sum(
            1 << j for j, ch in enumerate(record_id[chunk * 5 : chunk * 5 + 5]) if ch.isupper()
        )
        suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
    return record_id[15:] == suffix


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_are_exact(load: Load, name: str) -> None:
    rows = load(name)
    assert rows, f"{name} is empty"
    assert list(rows[0]) == HEADERS[name].split(", ")


def test_only_account_csv_has_a_bom(exported: ExportPaths) -> None:
    for path in sorted(exported.salesforce_dir.glob("*.csv")) + sorted(
        exported.hubspot_dir.glob("*.csv")
    ):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf") == (path.name == "Account.csv")
    assert not exported.intent_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_small_market_writes_activities_as_csv(exported: ExportPaths) -> None:
    assert exported.activities_file.suffix == ".csv"
    assert exported.intent_file.exists()
    assert {p.name for p in exported.truth_dir.iterdir()} >= {
        "companies.parquet",
        "contacts.parquet",
        "source_ids.parquet",
    }


def test_progress_reports_every_file(progress_log: list[tuple[str, int]], load: Load) -> None:
    steps = dict(progress_log)
    assert steps["salesforce/Account"] == len(load("salesforce/Account"))
    assert steps["activities"] == len(load("activities"))
    assert len(steps) == 11 + 3 + 2 + 5


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_value_formats(load: Load, name: str) -> None:
    for row in load(name):
        for column, value in row.items():
            if not value:
                continue
            if column in DATE_COLUMNS:
                assert DATE.match(value), (name, column, value)
            elif column in DATETIME_COLUMNS:
                assert DATETIME.match(value), (name, column, value)
            elif column in BOOL_COLUMNS:
                assert value in ("true", "false"), (name, column, value)


@pytest.mark.parametrize("obj", sorted(SF_PREFIX))
def test_salesforce_ids_are_18_chars_unique_with_prefix_and_checksum(load: Load, obj: str) -> None:
    ids = [row["Id"] for row in load(f"salesforce/{obj}")]
    assert len(set(ids)) == len(ids)
    for record_id in ids:
        assert len(record_id) == 18 and record_id.isalnum()
        assert record_id.startswith(SF_PREFIX[obj])
        assert _checksum_ok(record_id), record_id


def _ids(load: Load, name: str, column: str = "Id") -> set[str]:
    return {row[column] for row in load(name)}


REFERENCES = [
    ("salesforce/Account", "ParentId", ("salesforce/Account",)),
    ("salesforce/Account", "OwnerId", ("salesforce/User",)),
    ("salesforce/Contact", "AccountId", ("salesforce/Account",)),
    ("salesforce/Contact", "OwnerId", ("salesforce/User",)),
    ("salesforce/Lead", "ConvertedAccountId", ("salesforce/Account",)),
    ("salesforce/Lead", "ConvertedContactId", ("salesforce/Contact",)),
    ("salesforce/Opportunity", "AccountId", ("salesforce/Account",)),
    ("salesforce/Opportunity", "CampaignId", ("salesforce/Campaign",)),
    ("salesforce/OpportunityHistory", "OpportunityId", ("salesforce/Opportunity",)),
    ("salesforce/OpportunityContactRole", "OpportunityId", ("salesforce/Opportunity",)),
    ("salesforce/OpportunityContactRole", "ContactId", ("salesforce/Contact",)),
    ("salesforce/CampaignMember", "CampaignId", ("salesforce/Campaign",)),
    ("salesforce/CampaignMember", "ContactId", ("salesforce/Contact",)),
    ("salesforce/CampaignMember", "LeadId", ("salesforce/Lead",)),
    ("salesforce/Task", "WhoId", ("salesforce/Contact", "salesforce/Lead")),
    ("salesforce/Task", "WhatId", ("salesforce/Opportunity", "salesforce/Account")),
    ("salesforce/Task", "AccountId", ("salesforce/Account",)),
    ("salesforce/Event", "WhoId", ("salesforce/Contact", "salesforce/Lead")),
    ("salesforce/Event", "WhatId", ("salesforce/Opportunity",)),
    ("salesforce/Event", "AccountId", ("salesforce/Account",)),
    ("hubspot/contacts", "associatedcompanyid", ("hubspot/companies",)),
    ("hubspot/deals", "associatedcompanyid", ("hubspot/companies",)),
    ("activities", "campaign", ("salesforce/Campaign",)),
]


@pytest.mark.parametrize(("name", "column", "targets"), REFERENCES)
def test_referential_integrity(
    load: Load, name: str, column: str, targets: tuple[str, ...]
) -> None:
    known = set().union(
        *(_ids(load, t, "hs_object_id" if "hubspot" in t else "Id") for t in targets)
    )
    values = {row[column] for row in load(name)} - {""}
    assert values, f"{name}.{column} is never filled"
    assert values <= known, f"{name}.{column}: {sorted(values - known)[:3]}"


def test_every_campaign_member_is_a_contact_or_a_lead(load: Load) -> None:
    for row in load("salesforce/CampaignMember"):
        assert bool(row["ContactId"]) != bool(row["LeadId"])


def test_one_deal_lives_in_one_system(load: Load) -> None:
    sf_accounts = {row["Id"] for row in load("salesforce/Account")}
    assert all(row["AccountId"] in sf_accounts for row in load("salesforce/Opportunity"))
    assert 0 < len(load("hubspot/deals")) < len(load("salesforce/Opportunity")) / 5


# Plans may lie ahead of as_of: the forecast close of an open deal, the end of a running campaign.
def _is_plan(name: str, column: str, row: dict[str, str], open_opps: set[str]) -> bool:
    if column == "CloseDate" and name == "salesforce/Opportunity":
        return row["IsClosed"] == "false"
    if column == "CloseDate" and name == "salesforce/OpportunityHistory":
        return row["OpportunityId"] in open_opps
    if column == "closedate":
        return row["hs_is_closed"] == "false"
    return column == "EndDate" and row["Status"] == "In Progress"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_no_event_is_dated_after_as_of(load: Load, market: Market, name: str) -> None:
    as_of = market.config.as_of.isoformat()
    open_opps = {r["Id"] for r in load("salesforce/Opportunity") if r["IsClosed"] == "false"}
    for row in load(name):
        for column in DATE_COLUMNS | DATETIME_COLUMNS:
            value = row.get(column, "")
            if value and not _is_plan(name, column, row, open_opps):
                assert value[:10] <= as_of, (name, column, row)


def test_open_deals_forecast_a_future_close(load: Load, market: Market) -> None:
    as_of = market.config.as_of.isoformat()
    open_opps = [r for r in load("salesforce/Opportunity") if r["IsClosed"] == "false"]
    assert open_opps and all(r["CloseDate"] > as_of for r in open_opps)
    assert all(r["IsWon"] == "false" for r in open_opps)


def test_stage_history_is_dated_in_order(load: Load) -> None:
    order = [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ]
    by_opp: dict[str, list[tuple[str, int]]] = {}
    for row in load("salesforce/OpportunityHistory"):
        by_opp.setdefault(row["OpportunityId"], []).append(
            (row["CreatedDate"], order.index(row["StageName"]))
        )
    current = {r["Id"]: r["StageName"] for r in load("salesforce/Opportunity")}
    for opp, stages in by_opp.items():
        stages.sort()
        assert [s for _, s in stages] == sorted(s for _, s in stages)
        assert order[stages[-1][1]] == current[opp]
    assert len(by_opp) == len(current)


def test_intent_is_sparse_weekly_and_scored(load: Load, market: Market) -> None:
    rows = load("intent")
    keys = Counter((r["Domain"], r["Topic"], r["Week Start"]) for r in rows)
    assert max(keys.values()) == 1
    weeks = {dt.date.fromisoformat(r["Week Start"]) for r in rows}
    assert all(w.weekday() == 0 for w in weeks) and len(weeks) == market.config.weeks_of_intent
    topics = {(r["Category"], r["Topic"]) for r in rows}
    assert 12 <= len(topics) <= 20 and 3 <= len({c for c, _ in topics}) <= 4
    assert all(0 <= int(r["Composite Score"]) <= 100 for r in rows)
    per_domain_week = Counter((r["Domain"], r["Week Start"]) for r in rows)
    assert sum(per_domain_week.values()) / len(per_domain_week) < 3
    assert len(rows) < market.config.accounts * market.config.weeks_of_intent


def test_activity_rows_are_consistent(load: Load) -> None:
    anonymous = {"ad_impression"}
    for row in load("activities"):
        kind = row["activity_type"]
        assert row["contact_email"] or row["account_domain"], row
        if kind in anonymous:
            assert not row["contact_email"]
        assert bool(row["duration_minutes"]) == (kind in ("meeting", "call")), row
        if row["url"]:
            assert kind in ("web_visit", "pricing_page_visit", "demo_request"), row
    kinds = {row["activity_type"] for row in load("activities")}
    assert len(kinds) == 14
