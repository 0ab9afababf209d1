"""Account listing, the account view, match decisions and identity statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from beachhead.connectors.canonical import CanonicalBatch
from beachhead.errors import BeachheadError, InputError, NotFoundError
from beachhead.platform import Platform
from beachhead.services import accounts
from beachhead.services.progress import NoProgress
from beachhead.services.records import write_records
from beachhead.store.models import Account, ExternalId, Opportunity


def _row(file: str, line: int, **values: Any) -> dict[str, Any]:
    return {"file": file, "line": line, **values}


def market() -> CanonicalBatch:
    made = CanonicalBatch("salesforce")
    made.add("users", [_row("User.csv", 2, ref="U1", name="Sam Seller", email="sam@vendor.com")])
    made.add("accounts", [
        _row("Account.csv", 2, ref="A1", name="Acme Corp", website="acme.com", country="US",
             industry="Software", employees=250, is_customer=True, owner_ref="U1",
             technologies=["Salesforce", "Marketo"]),
        _row("Account.csv", 3, ref="A2", name="Globex", website="globex.io", country="DE"),
        _row("Account.csv", 4, ref="A3", name="Wonka Industries", country="GB"),
        _row("Account.csv", 5, ref="A4", name="Wonka Industrie", country="US", city="Chicago",
             industry="Candy"),
    ])  # fmt: skip
    made.add("contacts", [
        _row("Contact.csv", 2, ref="C1", account_ref="A1", email="wile@acme.com",
             first_name="Wile", last_name="Coyote", title="CTO", email_opt_out=True),
        _row("Contact.csv", 3, ref="C2", account_ref="A4", email="charlie@wonka.com"),
        _row("Contact.csv", 4, ref="C3", email="x@gmail.com", company="Hooli"),
    ])  # fmt: skip
    made.add("campaigns", [_row("Campaign.csv", 2, ref="K1", name="Roadshow")])
    made.add("opportunities", [
        _row("Opportunity.csv", 2, ref="O1", account_ref="A1", name="Acme renewal",
             stage="Negotiation", amount=5000.0, campaign_ref="K1"),
        _row("Opportunity.csv", 3, ref="O2", account_ref="A4", name="Wonka pilot",
             is_closed=True, is_won=True),
    ])  # fmt: skip
    made.add("stages", [
        _row("OpportunityHistory.csv", 2, opportunity_ref="O1", stage="Prospecting",
             changed_at=dt.datetime(2024, 1, 5)),
        _row("OpportunityHistory.csv", 3, opportunity_ref="O1", stage="Negotiation",
             changed_at=dt.datetime(2024, 2, 5)),
    ])  # fmt: skip
    return made


@pytest.fixture
def loaded(platform: Platform) -> Platform:
    with platform.store.unit_of_work() as session:
        write_records(session, platform.settings, market(), NoProgress())
    return platform


def read(platform: Platform, action: Any) -> Any:
    with platform.store.unit_of_work() as session:
        return action(session)


def test_list_filters_and_counts(loaded: Platform) -> None:
    rows = read(loaded, accounts.list_accounts)
    assert [r["name"] for r in rows] == ["Acme Corp", "Globex", "Wonka Industrie",
                                         "Wonka Industries"]  # fmt: skip
    acme = rows[0]
    assert (acme["contacts"], acme["open_opportunities"], acme["owner"]) == (1, 1, "Sam Seller")
    assert [r["name"] for r in read(loaded, lambda s: accounts.list_accounts(s, True))] == [
        "Acme Corp"
    ]
    found = read(loaded, lambda s: accounts.list_accounts(s, search="GLOBEX.IO"))
    assert [r["domain"] for r in found] == ["globex.io"]
    assert len(read(loaded, lambda s: accounts.list_accounts(s, limit=2))) == 2
    with pytest.raises(InputError):
        read(loaded, lambda s: accounts.list_accounts(s, limit=0))


def test_detail_by_any_spelling_of_a_domain(loaded: Platform) -> None:
    detail = read(loaded, lambda s: accounts.account_detail(s, "https://WWW.acme.com/x"))
    assert detail.account["name"] == "Acme Corp"
    assert detail.account["owner"] == "Sam Seller"
    assert detail.domains == [{"domain": "acme.com", "kind": "primary", "host": "acme.com"}]
    assert detail.external_ids == [{"source": "salesforce", "external_id": "A1"}]
    assert detail.contacts[0]["flags"] == ["opted out"]
    assert detail.contacts[0]["name"] == "Wile Coyote"
    [opp] = detail.opportunities
    assert [h["stage"] for h in opp["history"]] == ["Prospecting", "Negotiation"]
    assert [c["name"] for c in detail.campaigns] == ["Roadshow"]
    assert read(loaded, lambda s: accounts.account_detail(s, "globex")).account["domain"] == (
        "globex.io"
    )


def test_unknown_account_is_a_clear_error(loaded: Platform) -> None:
    with pytest.raises(NotFoundError, match="no account with domain or name 'nope.example'"):
        read(loaded, lambda s: accounts.account_detail(s, "nope.example"))


def test_accepting_an_account_match_merges_everything(loaded: Platform) -> None:
    [candidate] = read(loaded, accounts.list_matches)
    assert candidate.subject == "account"
    item = read(loaded, lambda s: accounts.decide_match(s, candidate.id, True, "ana"))
    assert (item.status, item.decided_by) == ("accepted", "ana")
    survivor = candidate.account_id
    assert read(loaded, lambda s: s.scalar(select(func.count(Account.id)))) == 3
    assert read(loaded, lambda s: s.get(Account, survivor).industry) == "Candy"
    refs = read(loaded, lambda s: s.scalars(select(ExternalId.external_id).where(
        ExternalId.record_id == survivor, ExternalId.entity == "accounts")).all())  # fmt: skip
    assert sorted(refs) == ["A3", "A4"]
    owner = read(loaded, lambda s: s.scalar(select(Opportunity.account_id).where(
        Opportunity.name == "Wonka pilot")))  # fmt: skip
    assert owner == survivor
    merged = read(loaded, lambda s: s.get(Account, survivor))
    assert (merged.name, merged.country, merged.city) == ("Wonka Industries", "GB", None)
    with pytest.raises(BeachheadError, match="already accepted by ana"):
        read(loaded, lambda s: accounts.decide_match(s, candidate.id, False, "bo"))


def test_matches_filter_by_status(loaded: Platform) -> None:
    [candidate] = read(loaded, accounts.list_matches)
    read(loaded, lambda s: accounts.decide_match(s, candidate.id, False, "ana"))
    assert read(loaded, accounts.list_matches) == []
    assert [m.status for m in read(loaded, lambda s: accounts.list_matches(s, "all"))] == [
        "rejected"
    ]
    with pytest.raises(InputError, match="unknown status"):
        read(loaded, lambda s: accounts.list_matches(s, "maybe"))
    with pytest.raises(NotFoundError):
        read(loaded, lambda s: accounts.decide_match(s, 999, True, "ana"))


def test_stats(loaded: Platform) -> None:
    figures = read(loaded, accounts.account_stats)
    assert figures["accounts"] == {"total": 4, "customers": 1, "prospects": 3, "with_domain": 2,
                                   "without_domain": 2}  # fmt: skip
    assert figures["contacts"] == {"total": 3, "attached": 2, "unattached": 1,
                                   "by_method": {"crm_id": 2}}  # fmt: skip
    assert figures["opportunities"] == {"total": 2, "open": 1, "closed": 1}
    assert figures["pending_matches"] == {"total": 1, "account": 1}
