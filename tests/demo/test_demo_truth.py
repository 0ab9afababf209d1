"""The ground truth: unique identities, dirty data in the stated proportions, real signal."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np
import pyarrow.compute as pc
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from beachhead.core.identity.domains import registrable_domain
from beachhead.core.identity.freemail import is_free_mail
from beachhead.core.identity.names import name_key
from beachhead.demo import Market

Load = Callable[[str], list[dict[str, str]]]


def test_true_companies_have_unique_name_keys_and_domains(market: Market) -> None:
    companies = market.truth["companies"]
    keys = [name_key(n) for n in companies["name"].to_pylist()]
    domains = companies["domain"].to_pylist() + [
        d for d in companies["alias_domain"].to_pylist() if d
    ]
    assert len(set(keys)) == len(keys) == companies.num_rows
    assert len(set(domains)) == len(domains)
    assert all(registrable_domain(d) == d and not is_free_mail(d) for d in domains)


def test_no_two_companies_have_near_identical_names(market: Market) -> None:
    keys = [name_key(n).split()[0] for n in market.truth["companies"]["name"].to_pylist()]
    distance = cdist(keys, keys, scorer=Levenshtein.distance, workers=1)
    np.fill_diagonal(distance, 99)
    assert distance.min() >= 2  # "acme lab" vs "acme labs" never names two companies


def test_source_ids_cover_every_account_record(market: Market, load: Load) -> None:
    src = market.truth["source_ids"]
    written = {r["Id"] for r in load("salesforce/Account")} | {
        r["hs_object_id"] for r in load("hubspot/companies")
    }
    assert set(src["record_id"].to_pylist()) == written
    assert src.num_rows == len(written)
    present = set(src["company_id"].to_pylist())
    assert len(present) == market.truth["companies"].num_rows


def test_records_resolve_to_their_company_by_domain_or_name(market: Market, load: Load) -> None:
    # Dedup is well-posed: every Account row points at its true company by its website's
    # registrable domain or, when the website is blank, by its name key.
    truth = market.truth["companies"].to_pylist()
    by_domain = {c["domain"]: c["company_id"] for c in truth}
    by_domain |= {c["alias_domain"]: c["company_id"] for c in truth if c["alias_domain"]}
    by_name = {name_key(c["name"]): c["company_id"] for c in truth}
    real = dict(
        zip(
            market.truth["source_ids"]["record_id"].to_pylist(),
            market.truth["source_ids"]["company_id"].to_pylist(),
            strict=True,
        )
    )
    for row in load("salesforce/Account"):
        if row["Website"]:
            assert by_domain[registrable_domain(row["Website"])] == real[row["Id"]], row
        else:
            assert by_name[name_key(row["Name"])] == real[row["Id"]], row
    for row in load("hubspot/companies"):
        domain = row["domain"] or row["hs_additional_domains"].split(";")[0]
        found = by_domain[domain] if domain else by_name[name_key(row["name"])]
        assert found == real[row["hs_object_id"]]


def test_dirty_data_in_the_stated_proportions(market: Market, load: Load) -> None:
    accounts = load("salesforce/Account")
    src = market.truth["source_ids"].to_pylist()
    sf = [r for r in src if r["system"] == "salesforce"]
    assert 0.015 <= sum(r["is_duplicate"] for r in sf) / len(sf) <= 0.05
    assert len({r["duplicate_style"] for r in sf if r["is_duplicate"]}) >= 3
    assert 0.03 <= sum(not r["Website"] for r in accounts) / len(accounts) <= 0.08
    emails = [r["Email"] for r in load("salesforce/Contact") if r["Email"]]
    free = sum(is_free_mail(e.rsplit("@", 1)[1]) for e in emails) / len(emails)
    assert 0.06 <= free <= 0.10
    in_sf = {r["company_id"] for r in sf}
    in_hs = {r["company_id"] for r in src if r["system"] == "hubspot"}
    assert 0.52 <= len(in_sf & in_hs) / len(in_sf) <= 0.68
    assert len(in_hs - in_sf) > 0.03 * len(in_sf)
    assert any(r["hs_additional_domains"] for r in load("hubspot/companies"))
    assert any(not r["Industry"] for r in accounts) and any(
        not r["Phone"] for r in load("salesforce/Contact")
    )


def test_duplicate_accounts_look_like_real_duplicates(market: Market, load: Load) -> None:
    styles = {r["record_id"]: r["duplicate_style"] for r in market.truth["source_ids"].to_pylist()}
    for row in load("salesforce/Account"):
        style = styles[row["Id"]]
        if style == "legal_suffix_blank_website":
            assert not row["Website"] and name_key(row["Name"]) != row["Name"].lower()
        elif style == "upper_case":
            assert row["Website"] == row["Website"].upper()
        elif style == "with_path":
            assert row["Website"].endswith("/about")


def test_leads_match_known_companies(market: Market, load: Load) -> None:
    domains = set(market.truth["companies"]["domain"].to_pylist())
    domains |= {d for d in market.truth["companies"]["alias_domain"].to_pylist() if d}
    leads = load("salesforce/Lead")
    by_mail = [r for r in leads if r["Email"].rsplit("@", 1)[1] in domains]
    free = [r for r in leads if is_free_mail(r["Email"].rsplit("@", 1)[1])]
    assert len(by_mail) + len(free) == len(leads) and free and by_mail
    assert any(r["IsConverted"] == "true" and r["ConvertedContactId"] for r in leads)


def test_titles_are_messy_and_the_truth_knows_what_they_mean(market: Market) -> None:
    contacts = market.truth["contacts"].to_pylist()
    titles = Counter(c["title"] for c in contacts)
    assert len(titles) > 120
    # Titles every market of this size holds many times over (CISO, the blocker's, is rare).
    for title in (
        "CFO",
        "Controller",
        "Account Executive",
        "Executive Assistant",
        "Procurement Specialist",
        "Sr. Data Eng II",
        "Dir. IT Ops",
        "SVP Eng",
    ):
        assert title in titles, title
    assert any("," in t for t in titles) and any(t.islower() for t in titles)
    seniority = {c["title"]: c["seniority"] for c in contacts}
    assert seniority["Executive Assistant"] == "ic" and seniority["Account Executive"] == "ic"
    assert seniority["CFO"] == "cxo" and seniority["Controller"] == "manager"
    assert {c["buying_role"] for c in contacts} >= {"champion", "economic_buyer", "blocker"}


def test_committees_do_not_depend_on_which_deals_are_visible(market: Market) -> None:
    # Who works at a company must not tell whether its deal lies in the files or in the hidden
    # future; otherwise history's openers look unlike the future's and a model learns that.
    companies = market.truth["companies"].to_pylist()
    contacts = Counter(market.truth["contacts"]["company_id"].to_pylist())
    roles: defaultdict[str, set[str]] = defaultdict(set)
    for c in market.truth["contacts"].to_pylist():
        roles[c["company_id"]].add(c["buying_role"])
    for c in companies:
        assert 6 <= c["committee_size"] <= 12
        assert c["committee_size"] <= contacts[c["company_id"]] <= c["committee_size"] + 2
        assert len(roles[c["company_id"]] - {"none"}) >= 5
    opps = market.truth["opportunities"].to_pylist()
    seen = {o["company_id"] for o in opps if o["in_files"]}
    hidden = {o["company_id"] for o in opps if not o["in_files"]} - seen
    size = {c["company_id"]: c["committee_size"] for c in companies}
    assert len(hidden) >= 10
    assert abs(np.mean([size[c] for c in seen]) - np.mean([size[c] for c in hidden])) < 1.5


def test_future_outcomes_follow_their_probability(market: Market) -> None:
    p = market.truth["companies"]["p_open_90d"].to_numpy()
    opened = market.truth["companies"]["opened_within_90d"].to_numpy(zero_copy_only=False)
    assert ((p >= 0) & (p <= 1)).all()
    top = p >= np.quantile(p, 0.9)
    assert opened[top].mean() > 4 * max(opened[~top].mean(), 0.002)
    assert abs(opened.mean() - p.mean()) < 0.02
    # Among prospects (customers open expansion, not new business), fit drives propensity.
    prospect = ~market.truth["companies"]["is_customer"].to_numpy(zero_copy_only=False)
    fit = market.truth["companies"]["fit"].to_numpy()[prospect]
    high, low = fit >= np.quantile(fit, 0.75), fit <= np.quantile(fit, 0.25)
    assert p[prospect][high].mean() > 5 * p[prospect][low].mean()


def test_fit_drives_customers_and_deals(market: Market) -> None:
    companies = market.truth["companies"]
    fit = companies["fit"].to_numpy()
    customer = companies["is_customer"].to_numpy(zero_copy_only=False)
    assert fit[customer].mean() > fit[~customer].mean() + 0.2
    assert set(companies["sector"].to_pylist()) >= {"Software", "Financial Services"}


def _company_of(market: Market) -> tuple[dict[str, str], dict[str, str]]:
    contacts = market.truth["contacts"]
    companies = market.truth["companies"]
    by_email = dict(
        zip(contacts["email"].to_pylist(), contacts["company_id"].to_pylist(), strict=True)
    )
    by_domain = dict(
        zip(companies["domain"].to_pylist(), companies["company_id"].to_pylist(), strict=True)
    )
    return by_email, by_domain


def _window_counts(
    market: Market, load: Load, reference: dict[str, dt.date]
) -> dict[str, tuple[int, int]]:
    """Per company: surging intent rows and activities in the 8 weeks before its reference day."""
    by_email, by_domain = _company_of(market)
    counts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in load("intent"):
        company = by_domain[row["Domain"]]
        day = dt.date.fromisoformat(row["Week Start"])
        if company in reference and 0 < (reference[company] - day).days <= 56:
            counts[company][0] += int(row["Composite Score"]) >= 60
    for row in load("activities"):
        found = by_email.get(row["contact_email"]) or by_domain.get(row["account_domain"])
        company = found or ""
        day = dt.date.fromisoformat(row["occurred_at"][:10])
        if company in reference and 0 < (reference[company] - day).days <= 56:
            counts[company][1] += 1
    return {c: (counts[c][0], counts[c][1]) for c in reference}


def test_opening_accounts_surge_and_engage_before_the_opportunity(
    market: Market, load: Load
) -> None:
    as_of = market.config.as_of
    first_intent = as_of - dt.timedelta(weeks=market.config.weeks_of_intent - 8)
    opps = market.truth["opportunities"]
    nb = opps.filter(pc.and_(pc.equal(opps["type"], "new_business"), opps["in_files"]))
    ever = set(nb["company_id"].to_pylist())
    openers = {
        c: d
        for c, d in zip(nb["company_id"].to_pylist(), nb["created"].to_pylist(), strict=True)
        if d >= first_intent
    }
    days = sorted(openers.values())
    rng = np.random.default_rng(0)
    others = {
        c: days[rng.integers(len(days))]
        for c in market.truth["companies"]["company_id"].to_pylist()
        if c not in ever
    }
    counts = _window_counts(market, load, openers | others)
    opener = np.array([counts[c] for c in openers], dtype=float).mean(axis=0)
    other = np.array([counts[c] for c in others], dtype=float).mean(axis=0)
    assert len(openers) >= 20
    assert opener[0] >= 5 and opener[0] > 5 * other[0], (opener, other)
    assert opener[1] >= 10 and opener[1] > 5 * other[1], (opener, other)
