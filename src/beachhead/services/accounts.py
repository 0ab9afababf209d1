"""Looking at accounts and deciding identity matches: the use-cases behind `beachhead accounts`.

Every function takes an open session; the caller commits (`decide_match` is the only one that
writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from beachhead.core.identity.domains import registrable_domain
from beachhead.core.identity.merging import merge_values
from beachhead.errors import BeachheadError, InputError, NotFoundError
from beachhead.services.export import latest_scores
from beachhead.services.identity import ACCOUNTS
from beachhead.store import queries
from beachhead.store.models import Account, Contact, Lead, MatchCandidate, User

STATUSES = ("pending", "accepted", "rejected", "all")
SUBJECT_MODELS: dict[str, type[Account | Contact | Lead]] = {
    "account": Account,
    "contact": Contact,
    "lead": Lead,
}
MERGED_FIELDS = tuple(c for c in ACCOUNTS.columns if c not in ("domain", "parent_id"))


def list_accounts(
    session: Session, customers: bool = False, search: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Accounts by name: domain, firmographics, customer flag, contacts, open deals, owner."""
    if limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit})")
    return queries.account_rows(session, customers, search, limit)


@dataclass
class AccountDetail:
    """Everything known about one account."""

    account: dict[str, Any]
    domains: list[dict[str, Any]]
    external_ids: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    opportunities: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    children: list[dict[str, Any]]
    scores: dict[str, Any] | None = None  # the latest score run's, explained

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def account_detail(session: Session, key: str) -> AccountDetail:
    """One account by any of its domains (or a URL or email at it), else its exact name."""
    account_id = queries.find_account_id(session, registrable_domain(key), key)
    account = session.get(Account, account_id) if account_id is not None else None
    if account is None:
        raise NotFoundError(
            f"no account with domain or name {key!r}",
            hint="find it with: beachhead accounts list --search TEXT",
        )
    related = queries.account_related(session, account.id)
    return AccountDetail(
        account=_account_fields(session, account),
        domains=[_pick(d, "domain", "kind", "host") for d in related["domains"]],
        external_ids=[_pick(e, "source", "external_id") for e in related["external_ids"]],
        contacts=[_contact(c) for c in related["contacts"]],
        opportunities=_with_history(session, related["opportunities"]),
        campaigns=[
            _pick(c, "name", "campaign_type", "status", "start_date")
            for c in queries.campaigns_touching(session, account.id)
        ],
        children=[_pick(c, "name", "domain") for c in related["children"]],
        scores=latest_scores(session, account.id),
    )


def _pick(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: row.get(name) for name in names}


def _account_fields(session: Session, account: Account) -> dict[str, Any]:
    fields = {c.key: getattr(account, c.key) for c in Account.__table__.columns}
    owner = session.get(User, account.owner_id) if account.owner_id else None
    fields["owner"] = owner.name if owner else None
    parent = session.get(Account, account.parent_id) if account.parent_id else None
    fields["parent"] = {"name": parent.name, "domain": parent.domain} if parent else None
    return fields


def _contact(row: dict[str, Any]) -> dict[str, Any]:
    flags = [
        label
        for column, label in (
            ("email_opt_out", "opted out"),
            ("do_not_call", "do not call"),
            ("email_bounced", "bounced"),
        )
        if row.get(column)
    ]
    name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
    picked = _pick(row, "title", "email", "buying_role", "match_method", "match_score")
    return {"name": name or None, **picked, "flags": flags}


def _with_history(session: Session, opportunities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    history = queries.stage_history(session, [o["id"] for o in opportunities])
    result = []
    for opp in opportunities:
        stages = [
            _pick(h, "stage", "changed_at", "amount")
            for h in history
            if h["opportunity_id"] == opp["id"]
        ]
        picked = _pick(
            opp, "name", "opp_type", "stage", "amount", "is_closed", "is_won", "created_date",
            "close_date",
        )  # fmt: skip
        result.append({**picked, "history": stages})
    return result


@dataclass(frozen=True)
class MatchItem:
    """A candidate identity decision, with readable labels for both sides."""

    id: int
    subject: str
    subject_id: int
    subject_label: str
    account_id: int
    account_label: str
    method: str
    score: float
    status: str
    evidence: dict[str, Any]
    decided_by: str | None
    decided_at: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_matches(session: Session, status: str = "pending") -> list[MatchItem]:
    """Candidates in `status` (pending, accepted, rejected or all), oldest first."""
    if status not in STATUSES:
        raise InputError(f"unknown status {status!r}", hint=f"use one of: {', '.join(STATUSES)}")
    candidates = queries.candidate_rows(session, None if status == "all" else status)
    return _items(session, candidates)


def _items(session: Session, candidates: list[MatchCandidate]) -> list[MatchItem]:
    labels = {
        subject: queries.labels(
            session, model, {c.subject_id for c in candidates if c.subject == subject}
        )
        for subject, model in SUBJECT_MODELS.items()
    }
    accounts = queries.labels(session, Account, {c.account_id for c in candidates})
    return [
        MatchItem(
            c.id,
            c.subject,
            c.subject_id,
            (c.evidence or {}).get("subject_label")
            or labels[c.subject].get(c.subject_id, f"#{c.subject_id} (deleted)"),
            c.account_id,
            accounts.get(c.account_id, f"#{c.account_id}"),
            c.method,
            c.score,
            c.status,
            dict(c.evidence or {}),
            c.decided_by,
            c.decided_at,
        )
        for c in candidates
    ]


def decide_match(session: Session, candidate_id: int, accept: bool, by: str) -> MatchItem:
    """Accept (merge the accounts / attach the person, method 'manual') or reject a candidate.

    Either way the decision is final for imports: they never revert it.
    """
    candidate = session.get(MatchCandidate, candidate_id)
    if candidate is None:
        raise NotFoundError(
            f"no match candidate #{candidate_id}",
            hint="list them with: beachhead accounts matches --status all",
        )
    if candidate.status != "pending":
        raise BeachheadError(
            f"match #{candidate_id} was already {candidate.status} by {candidate.decided_by}",
            hint="decisions are final; merge or move records in the CRM and re-import instead",
        )
    before = _items(session, [candidate])[0]
    if accept:
        _accept(session, candidate)
    candidate.status = "accepted" if accept else "rejected"
    candidate.decided_by = by
    candidate.decided_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    # A merged account is deleted: its label stays readable in the decision's evidence.
    candidate.evidence = {**(candidate.evidence or {}), "subject_label": before.subject_label}
    session.flush()
    return replace(
        before,
        status=candidate.status,
        decided_by=by,
        decided_at=candidate.decided_at,
        evidence=dict(candidate.evidence),
    )


def _accept(session: Session, candidate: MatchCandidate) -> None:
    if candidate.subject == "account":
        merge_accounts(session, candidate.subject_id, candidate.account_id, candidate.id)
        return
    person: Contact | Lead | None = (
        session.get(Contact, candidate.subject_id)
        if candidate.subject == "contact"
        else session.get(Lead, candidate.subject_id)
    )
    if person is None:
        raise NotFoundError(f"{candidate.subject} #{candidate.subject_id} no longer exists")
    person.account_id = candidate.account_id
    person.match_method = "manual"
    person.match_score = candidate.score
    session.execute(
        delete(MatchCandidate).where(
            MatchCandidate.subject == candidate.subject,
            MatchCandidate.subject_id == candidate.subject_id,
            MatchCandidate.status == "pending",
            MatchCandidate.id != candidate.id,
        )
    )


def merge_accounts(session: Session, drop_id: int, keep_id: int, decision_id: int | None) -> None:
    """Merge account `drop_id` into `keep_id`: its people, deals, domains and ids move over,
    blank fields of the survivor are filled from it, and it is deleted."""
    keep, drop = session.get(Account, keep_id), session.get(Account, drop_id)
    if keep is None or drop is None:
        missing = keep_id if keep is None else drop_id
        raise NotFoundError(f"account #{missing} no longer exists (merged or deleted)")
    survivor = {f: getattr(keep, f) for f in MERGED_FIELDS}
    merged = merge_values(
        survivor, [], [{f: getattr(drop, f) for f in MERGED_FIELDS}], ACCOUNTS.rules
    )
    moved_domain, drop.domain = (drop.domain if keep.domain is None else None), None
    session.flush()  # the domain is unique: free it before the survivor takes it
    queries.move_account_references(session, drop_id, keep_id, decision_id)
    for name, value in merged.items():
        setattr(keep, name, value)
    keep.domain = keep.domain or moved_domain
    keep.parent_id = None if keep.parent_id in (keep_id, drop_id) else keep.parent_id
    session.delete(drop)
    session.flush()
    queries.settle_primary_domains(session, [keep_id])


def account_stats(session: Session) -> dict[str, Any]:
    """How complete identity is: accounts with domains, people attached and how, open reviews."""
    raw = queries.store_counts(session)
    contacts_by, leads_by = raw["contacts_by_method"], raw["leads_by_method"]
    attached, matched = sum(contacts_by.values()), sum(leads_by.values())
    opps = raw["opportunities"]
    return {
        "accounts": {
            "total": raw["accounts"], "customers": raw["customers"],
            "prospects": raw["accounts"] - raw["customers"], "with_domain": raw["with_domain"],
            "without_domain": raw["accounts"] - raw["with_domain"],
        },
        "contacts": {
            "total": raw["contacts"], "attached": attached,
            "unattached": raw["contacts"] - attached, "by_method": _methods(contacts_by),
        },
        "leads": {
            "total": raw["leads"], "matched": matched, "unmatched": raw["leads"] - matched,
            "by_method": _methods(leads_by),
        },
        "opportunities": {
            "total": sum(opps.values()), "open": opps.get(False, 0), "closed": opps.get(True, 0),
        },
        "pending_matches": {"total": sum(raw["matches"].values()), **raw["matches"]},
    }  # fmt: skip


def _methods(counts: dict[Any, int]) -> dict[str, int]:
    return {str(method or "unknown"): n for method, n in sorted(counts.items(), key=str)}
