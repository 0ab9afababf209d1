"""write_records: idempotent imports, account dedup, people matching, unresolved references."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from beachhead.connectors.canonical import CanonicalBatch
from beachhead.platform import Platform
from beachhead.services.accounts import decide_match, list_matches
from beachhead.services.progress import NoProgress
from beachhead.services.records import write_records
from beachhead.store.models import (
    Account,
    AccountDomain,
    CampaignMember,
    Contact,
    ExternalId,
    Lead,
    MatchCandidate,
    OpportunityContactRole,
    OpportunityStage,
)

Counts = dict[str, dict[str, int]]


def row(file: str, line: int, **values: Any) -> dict[str, Any]:
    return {"file": file, "line": line, **values}


def batch(source: str, **kinds: list[dict[str, Any]]) -> CanonicalBatch:
    made = CanonicalBatch(source)
    for kind, rows in kinds.items():
        made.add(kind, [dict(r) for r in rows])
    return made


def write(platform: Platform, made: CanonicalBatch) -> Counts:
    with platform.store.unit_of_work() as session:
        counts = write_records(session, platform.settings, made, NoProgress())
    return {kind: c.as_dict() for kind, c in counts.items()}


def scalar(platform: Platform, stmt: Any) -> Any:
    with platform.store.reader() as session:
        return session.execute(stmt).scalar()


def rows_of(platform: Platform, stmt: Any) -> list[Any]:
    with platform.store.reader() as session:
        return list(session.execute(stmt).all())


A, C, OPP = "Account.csv", "Contact.csv", "Opportunity.csv"


def salesforce() -> CanonicalBatch:
    return batch(
        "salesforce",
        users=[row("User.csv", 2, ref="U1", name="Sam Seller", email="Sam@Vendor.com")],
        accounts=[
            row(A, 2, ref="A1", name="Acme Corp", website="https://www.acme.com/about",
                country="US", owner_ref="U1", is_customer=True, technologies=["Salesforce"]),
            row(A, 3, ref="A2", name="ACME Inc.", website="HTTP://ACME.COM", industry="Software"),
            row(A, 4, ref="A3", name="Globex", website=None, country="DE"),
            row(A, 5, ref="A4", name="Initech", website="initech.io", parent_ref="A5"),
            row(A, 6, ref="A5", name="Initech Holdings", website="initech-group.com"),
        ],
        contacts=[
            row(C, 2, ref="C1", account_ref="A1", email="Wile@Acme.com", first_name="Wile"),
            row(C, 3, ref="C2", account_ref="A3", email="hank@globex.com"),
            row(C, 4, ref="C3", account_ref="A3", email="mona@globex.com", email_opt_out=True),
            row(C, 5, ref="C4", account_ref=None, email="pat@initech.io"),
        ],
        leads=[row("Lead.csv", 2, ref="L1", company="Globex GmbH", email="lee@gmail.com")],
        campaigns=[row("Campaign.csv", 2, ref="K1", name="Webinar", campaign_type="Webinar")],
        opportunities=[
            row(OPP, 2, ref="O1", account_ref="A1", name="Acme deal", amount=1000.0,
                stage="Prospecting", campaign_ref="K1", owner_ref="U1"),
        ],
        stages=[
            row("OpportunityHistory.csv", 2, opportunity_ref="O1", stage="Prospecting",
                changed_at=dt.datetime(2024, 1, 1), amount=1000.0),
            row("OpportunityHistory.csv", 3, opportunity_ref="O1", stage="Negotiation",
                changed_at=dt.date(2024, 2, 1)),
        ],
        contact_roles=[row("OpportunityContactRole.csv", 2, opportunity_ref="O1",
                           contact_ref="C1", role="Decision Maker", is_primary=True)],
        campaign_members=[
            row("CampaignMember.csv", 2, ref="M1", campaign_ref="K1", contact_ref="C1",
                status="Attended", has_responded=True),
            row("CampaignMember.csv", 3, ref="M2", campaign_ref="K1", lead_ref="L1"),
        ],
    )  # fmt: skip


def test_first_import_counts_and_dedups(platform: Platform) -> None:
    counts = write(platform, salesforce())
    assert counts["accounts"] == {"read": 5, "inserted": 4, "updated": 0, "unchanged": 0,
                                  "merged": 1, "rejected": 0}  # fmt: skip
    for kind in ("users", "contacts", "leads", "campaigns", "opportunities", "stages",
                 "contact_roles", "campaign_members"):  # fmt: skip
        assert counts[kind]["inserted"] == counts[kind]["read"], kind
    acme = rows_of(platform, select(ExternalId.external_id, ExternalId.record_id).where(
        ExternalId.entity == "accounts", ExternalId.external_id.in_(["A1", "A2"])))  # fmt: skip
    assert len({record_id for _, record_id in acme}) == 1


def test_reimport_changes_nothing(platform: Platform) -> None:
    write(platform, salesforce())
    again = salesforce()
    counts = write(platform, again)
    for kind, figures in counts.items():
        assert figures["inserted"] == figures["updated"] == figures["merged"] == 0, kind
        assert figures["unchanged"] == figures["read"], kind
    assert again.issues == []


def test_one_changed_field_is_one_update(platform: Platform) -> None:
    write(platform, salesforce())
    changed = salesforce()
    changed.records["accounts"][2]["industry"] = "Energy"
    changed.records["stages"][0]["amount"] = 1500.0
    counts = write(platform, changed)
    assert counts["accounts"]["updated"] == 1
    assert counts["accounts"]["unchanged"] == 4
    assert counts["stages"]["updated"] == 1
    assert sum(c["updated"] for c in counts.values()) == 2


def test_duplicate_spellings_share_one_account_with_domains(platform: Platform) -> None:
    write(platform, salesforce())
    account = rows_of(
        platform,
        select(Account.name, Account.domain, Account.industry, Account.is_customer).where(
            Account.domain == "acme.com"
        ),
    )
    assert account == [("Acme Corp", "acme.com", "Software", True)]
    domains = rows_of(
        platform, select(AccountDomain.domain, AccountDomain.kind, AccountDomain.host)
    )
    assert ("acme.com", "primary", "acme.com") in domains
    # Globex has no website: the domain its contacts write from becomes its key.
    assert ("globex.com", "primary", None) in domains
    globex = rows_of(platform, select(Account.domain).where(Account.name.like("Globex%")))
    assert globex == [("globex.com",)]


def test_parent_later_in_the_file_is_linked(platform: Platform) -> None:
    write(platform, salesforce())
    parent = select(Account.id).where(Account.domain == "initech-group.com").scalar_subquery()
    child = scalar(platform, select(Account.name).where(Account.parent_id == parent))
    assert child == "Initech"


def test_other_source_merges_by_extra_domain_and_fills_blanks(platform: Platform) -> None:
    write(platform, salesforce())
    hubspot = batch("hubspot", accounts=[
        row("companies.csv", 2, ref="9001", name="ACME Europe", domain="acme.co.uk",
            extra_domains=["www.acme.com"], country="UK", city="London", phone="+44 20 7946",
            industry="Manufacturing"),
    ])  # fmt: skip
    counts = write(platform, hubspot)
    assert counts["accounts"]["merged"] == 1
    acme = rows_of(platform, select(Account.name, Account.industry, Account.phone,
                                    Account.country, Account.city, Account.source)
                   .where(Account.domain == "acme.com"))  # fmt: skip
    # Blanks are filled, but an address is kept whole: no London in the United States.
    assert acme == [("Acme Corp", "Software", "+44 20 7946", "US", None, "salesforce")]
    kinds = dict(rows_of(platform, select(AccountDomain.domain, AccountDomain.kind)))
    assert kinds["acme.co.uk"] == "additional"
    assert write(platform, hubspot)["accounts"]["unchanged"] == 1


def test_contacts_reveal_the_domain_of_an_account_without_website(platform: Platform) -> None:
    write(platform, salesforce())
    hubspot = batch("hubspot", accounts=[
        row("companies.csv", 2, ref="77", name="Globex Corporation", domain="globex.com")
    ])  # fmt: skip
    assert write(platform, hubspot)["accounts"]["merged"] == 1
    assert scalar(platform, select(func.count(Account.id)).where(Account.name_key == "globex")) == 1


def test_free_mail_is_never_an_account_key(platform: Platform) -> None:
    made = batch(
        "csv",
        accounts=[
            row(A, 2, ref="X1", name="Solo Consulting", website="https://gmail.com/solo")
        ],  # fmt: skip
        contacts=[row(C, 2, ref="Y1", email="solo@gmail.com", company="Nobody")],
    )
    write(platform, made)
    assert scalar(platform, select(Account.domain)) is None
    assert scalar(platform, select(Contact.account_id)) is None


def test_same_name_different_domains_stay_apart(platform: Platform) -> None:
    made = batch("csv", accounts=[
        row(A, 2, ref="D1", name="Delta", website="delta.com"),
        row(A, 3, ref="D2", name="Delta Inc", website="deltafaucet.com"),
    ])  # fmt: skip
    assert write(platform, made)["accounts"]["inserted"] == 2


def test_names_without_domains_merge_exact_fuzzy_with_signal_or_go_to_review(
    platform: Platform,
) -> None:
    write(platform, batch("crm", accounts=[
        row(A, 2, ref="N1", name="Umbrella Corporation", country="US"),
        row(A, 3, ref="N2", name="Stark Industries", country="US"),
        row(A, 4, ref="N3", name="Wayne Enterprises", country="US"),
    ]))  # fmt: skip
    counts = write(platform, batch("other", accounts=[
        row(A, 2, ref="M1", name="UMBRELLA CORP."),  # exact key
        row(A, 3, ref="M2", name="Stark Industriess", country="United States"),  # fuzzy + country
        row(A, 4, ref="M3", name="Wayne Enterprizes Intl", country="FR"),  # fuzzy, no signal
    ]))  # fmt: skip
    assert counts["accounts"]["merged"] == 2
    assert counts["accounts"]["inserted"] == 1
    [pending] = with_session(platform, lambda s: list_matches(s, "pending"))
    assert pending.subject == "account"
    assert (
        "Wayne Enterprizes" in pending.subject_label
        and "Wayne Enterprises" in pending.account_label
    )


def with_session(platform: Platform, action: Any) -> Any:
    with platform.store.unit_of_work() as session:
        return action(session)


def test_contacts_and_leads_find_their_account(platform: Platform) -> None:
    write(platform, salesforce())
    people = rows_of(platform, select(Contact.email, Contact.match_method).order_by(Contact.id))
    assert people == [
        ("wile@acme.com", "crm_id"),
        ("hank@globex.com", "crm_id"),
        ("mona@globex.com", "crm_id"),
        ("pat@initech.io", "email_domain"),
    ]
    lead = rows_of(platform, select(Lead.match_method, Lead.match_score))
    assert lead == [("name_exact", 100.0)]


def test_contacts_dedupe_by_email_across_sources(platform: Platform) -> None:
    write(platform, salesforce())
    hubspot = batch("hubspot", contacts=[
        row("contacts.csv", 2, ref="h1", email=" WILE@acme.com ", title="Genius",
            email_opt_out=True, company="Acme")
    ])  # fmt: skip
    assert write(platform, hubspot)["contacts"]["merged"] == 1
    wile = rows_of(platform, select(Contact.title, Contact.email_opt_out, Contact.match_method)
                   .where(Contact.email == "wile@acme.com"))  # fmt: skip
    assert wile == [("Genius", True, "crm_id")]
    assert write(platform, hubspot)["contacts"]["unchanged"] == 1


def test_unresolved_references_become_issues(platform: Platform) -> None:
    write(platform, salesforce())
    made = batch("salesforce",
        contacts=[row(C, 9, ref="C9", account_ref="NOPE", email="x@unknown-co.com")],
        opportunities=[row(OPP, 7, ref="O7", account_ref="NOPE", name="Ghost deal")],
        stages=[row("OpportunityHistory.csv", 8, opportunity_ref="O404", stage="Won",
                    changed_at=dt.datetime(2024, 1, 1))],
        contact_roles=[row("OpportunityContactRole.csv", 4, opportunity_ref="O1",
                           contact_ref="C404")],
        campaign_members=[row("CampaignMember.csv", 5, ref="M9", campaign_ref="K404",
                              contact_ref="C1")],
    )  # fmt: skip
    counts = write(platform, made)
    assert counts["contacts"]["inserted"] == 1
    assert {k: c["rejected"] for k, c in counts.items()} == {
        "contacts": 0, "opportunities": 1, "stages": 1, "contact_roles": 1, "campaign_members": 1,
    }  # fmt: skip
    found = {(i.file, i.line, i.column) for i in made.issues}
    assert found == {
        (OPP, 7, "account_ref"), ("OpportunityHistory.csv", 8, "opportunity_ref"),
        ("OpportunityContactRole.csv", 4, "contact_ref"), ("CampaignMember.csv", 5, "campaign_ref"),
    }  # fmt: skip
    assert all(i.reason.startswith("no such") for i in made.issues)


def test_tie_breakers_prefer_the_customer(platform: Platform) -> None:
    write(platform, batch("crm", accounts=[
        row(A, 2, ref="T1", name="Apex", website="apex.com"),
        row(A, 3, ref="T2", name="Apex", website="apex.de", is_customer=True),
    ]))  # fmt: skip
    write(platform, batch("crm", leads=[row("Lead.csv", 2, ref="L9", company="APEX LLC")]))
    customer = select(Account.id).where(Account.domain == "apex.de").scalar_subquery()
    assert scalar(platform, select(Lead.account_id)) == scalar(platform, select(customer))


def test_person_decisions_survive_reimport(platform: Platform) -> None:
    write(platform, batch("crm", accounts=[
        row(A, 2, ref="P1", name="Pied Piper", website="piedpiper.com", country="US"),
        row(A, 3, ref="P2", name="Hooli", website="hooli.xyz", country="US"),
    ]))  # fmt: skip
    people = batch("crm", contacts=[
        row(C, 2, ref="R1", email="richard@gmail.com", company="Pied Pipers", country="UK"),
        row(C, 3, ref="R2", email="gavin@gmail.com", company="Hoolie", country="US"),
    ])  # fmt: skip
    write(platform, people)
    pending = {m.subject_label: m for m in with_session(platform, list_matches)}
    assert {m.subject for m in pending.values()} == {"contact"}
    first, second = sorted(pending.values(), key=lambda m: m.id)
    with_session(platform, lambda s: decide_match(s, first.id, True, "ana"))
    with_session(platform, lambda s: decide_match(s, second.id, False, "ana"))
    counts = write(platform, people)
    assert counts["contacts"]["unchanged"] == 2
    assert rows_of(platform, select(Contact.match_method).order_by(Contact.id)) == [
        ("manual",),
        (None,),
    ]
    statuses = rows_of(platform, select(MatchCandidate.status).order_by(MatchCandidate.id))
    assert statuses == [("accepted",), ("rejected",)]


def test_accepted_account_merge_survives_reimport(platform: Platform) -> None:
    first = batch("crm", accounts=[
        row(A, 2, ref="W1", name="Wonka Industries", country="GB"),
        row(A, 3, ref="W2", name="Wonka Industrie", country="US", industry="Candy"),
    ], contacts=[row(C, 2, ref="WC", account_ref="W2", email="charlie@gmail.com")])  # fmt: skip
    write(platform, first)
    [candidate] = with_session(platform, list_matches)
    with_session(platform, lambda s: decide_match(s, candidate.id, True, "ana"))
    assert scalar(platform, select(func.count(Account.id))) == 1
    assert scalar(platform, select(Account.industry)) == "Candy"
    counts = write(platform, first)
    assert counts["accounts"]["inserted"] == 0
    assert scalar(platform, select(func.count(Account.id))) == 1
    assert scalar(platform, select(func.count(Contact.id)).where(Contact.account_id.is_(None))) == 0


def test_stage_history_and_links_are_keyed_without_ids(platform: Platform) -> None:
    made = salesforce()
    made.records["stages"].append(dict(made.records["stages"][0], line=9))
    counts = write(platform, made)
    assert counts["stages"]["merged"] == 1
    assert scalar(platform, select(func.count(OpportunityStage.id))) == 2
    assert scalar(platform, select(OpportunityContactRole.role)) == "Decision Maker"
    assert scalar(platform, select(func.count(CampaignMember.id))) == 2


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def start(self, task: str, total: int | None) -> None:
        self.events.append(("start", task))

    def advance(self, task: str, amount: int = 1) -> None:
        return None

    def finish(self, task: str) -> None:
        self.events.append(("finish", task))


def test_progress_is_reported_per_entity(platform: Platform) -> None:
    recorder = Recorder()
    with platform.store.unit_of_work() as session:
        write_records(session, platform.settings, salesforce(), recorder)
    assert recorder.events[:4] == [("start", "users"), ("finish", "users"),
                                   ("start", "accounts"), ("finish", "accounts")]  # fmt: skip
    assert len(recorder.events) == 18


def test_rows_without_source_ids_are_keyed_by_domain_or_name(platform: Platform) -> None:
    def any_csv() -> CanonicalBatch:
        return batch("csv", accounts=[
            row(A, 2, name="Hooli", website="hooli.xyz"),
            row(A, 3, name="Pied Piper"),
        ], opportunities=[
            row(OPP, 2, name="Hooli pilot", account_domain="www.hooli.xyz", amount=10.0),
            row(OPP, 3, name="Piper deal", account_name="Pied Piper Inc."),
            row(OPP, 4, name="Ghost deal", account_domain="nowhere.example"),
        ])  # fmt: skip

    first = write(platform, any_csv())
    assert first["accounts"]["inserted"] == 2
    assert (first["opportunities"]["inserted"], first["opportunities"]["rejected"]) == (2, 1)
    again = write(platform, any_csv())
    assert again["accounts"]["unchanged"] == 2
    assert again["opportunities"]["unchanged"] == 2
