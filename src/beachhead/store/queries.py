"""Read queries over the record store (and the few set-based moves an account merge needs).

Lookups by many keys run in chunks, so a 100k-row import stays within every database's limit
on bound parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, case, delete, func, select, update
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Session

from beachhead.store.models import (
    Account,
    AccountDomain,
    Campaign,
    CampaignMember,
    Contact,
    ExternalId,
    Lead,
    MatchCandidate,
    Opportunity,
    OpportunityStage,
    User,
)

IN_CHUNK = 500
T = TypeVar("T")


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def external_ids(
    session: Session, source: str, entity: str, model: type[DeclarativeBase]
) -> dict[str, int]:
    """Every source id of `entity` recorded for `source`, with the `model` record it points at.

    Ids of records deleted since are left out, so a re-import creates them afresh.
    """
    table = model.__table__
    stmt = (
        select(ExternalId.external_id, ExternalId.record_id)
        .join(table, table.c.id == ExternalId.record_id)
        .where(ExternalId.source == source, ExternalId.entity == entity)
    )
    return {ref: record_id for ref, record_id in session.execute(stmt)}


def rows_by_id(
    session: Session, model: type[DeclarativeBase], ids: Iterable[int], columns: Sequence[str]
) -> dict[int, dict[str, Any]]:
    """The given columns (plus `source` where the table has one) of the records with these ids."""
    table = model.__table__
    names = ["source", *columns] if "source" in table.c else list(columns)
    wanted = [table.c.id, *(table.c[c] for c in dict.fromkeys(names))]
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(sorted(set(ids))):
        for row in session.execute(select(*wanted).where(table.c.id.in_(part))).mappings():
            values = dict(row)
            found[values.pop("id")] = values
    return found


def ids_by_value(
    session: Session,
    column: InstrumentedAttribute[Any],
    values: Collection[Any],
    where: ColumnElement[bool] | None = None,
) -> dict[Any, int]:
    """Natural-key lookup: value of `column` → id of the record holding it."""
    model = column.class_
    found: dict[Any, int] = {}
    for part in chunks(sorted(v for v in set(values) if v is not None)):
        stmt = select(column, model.id).where(column.in_(part))
        if where is not None:
            stmt = stmt.where(where)
        found.update({value: record_id for value, record_id in session.execute(stmt)})
    return found


def rows_where_in(
    session: Session, model: type[DeclarativeBase], column: str, values: Collection[Any]
) -> list[dict[str, Any]]:
    """Every row of `model` whose `column` is one of `values`, as dicts of all columns."""
    table = model.__table__
    rows: list[dict[str, Any]] = []
    for part in chunks(sorted(set(values))):
        stmt = select(table).where(table.c[column].in_(part))
        rows.extend(dict(r) for r in session.execute(stmt).mappings())
    return rows


@dataclass(frozen=True)
class AccountSnapshot:
    """What identity matching needs to know about a stored account."""

    id: int
    name_key: str
    domains: dict[str, str]  # domain -> kind
    country: str | None
    city: str | None
    postal_code: str | None
    phone: str | None
    is_customer: bool
    contacts: int
    open_opportunities: int


def account_snapshots(session: Session) -> list[AccountSnapshot]:
    """Every stored account with its domains and tie-break facts, four queries in all."""
    domains: dict[int, dict[str, str]] = {}
    for domain, account_id, kind in session.execute(
        select(AccountDomain.domain, AccountDomain.account_id, AccountDomain.kind)
    ):
        domains.setdefault(account_id, {})[domain] = kind
    contacts = _count_by_account(session, Contact.account_id)
    opps = _count_by_account(session, Opportunity.account_id, Opportunity.is_closed.is_(False))
    stmt = select(
        Account.id, Account.name_key, Account.domain, Account.country, Account.city,
        Account.postal_code, Account.phone, Account.is_customer,
    ).order_by(Account.id)  # fmt: skip
    snapshots = []
    for row in session.execute(stmt):
        known = domains.get(row.id, {})
        if row.domain and row.domain not in known:
            known = {row.domain: "primary", **known}
        snapshots.append(
            AccountSnapshot(
                row.id,
                row.name_key,
                known,
                row.country,
                row.city,
                row.postal_code,
                row.phone,
                row.is_customer,
                contacts.get(row.id, 0),
                opps.get(row.id, 0),
            )  # fmt: skip
        )
    return snapshots


def _count_by_account(
    session: Session, column: InstrumentedAttribute[Any], where: ColumnElement[bool] | None = None
) -> dict[int, int]:
    stmt = select(column, func.count()).where(column.is_not(None)).group_by(column)
    if where is not None:
        stmt = stmt.where(where)
    return {account_id: n for account_id, n in session.execute(stmt)}


def decided_pairs(session: Session, subject: str) -> dict[int, dict[int, str]]:
    """Candidates a person decided: subject id → {account id: 'accepted' | 'rejected'}."""
    stmt = select(MatchCandidate.subject_id, MatchCandidate.account_id, MatchCandidate.status)
    stmt = stmt.where(MatchCandidate.subject == subject, MatchCandidate.status != "pending")
    pairs: dict[int, dict[int, str]] = {}
    for subject_id, account_id, status in session.execute(stmt):
        pairs.setdefault(subject_id, {})[account_id] = status
    return pairs


def move_account_references(
    session: Session, source_id: int, target_id: int, decision_id: int | None = None
) -> None:
    """Point everything that refers to account `source_id` at `target_id` instead.

    `decision_id` is the accepted candidate that caused the merge: it stays as it was.
    """
    for model in (Contact, Lead, Opportunity):
        session.execute(
            update(model).where(model.account_id == source_id).values(account_id=target_id)
        )
    session.execute(
        update(Account).where(Account.parent_id == source_id).values(parent_id=target_id)
    )
    session.execute(
        update(AccountDomain)
        .where(AccountDomain.account_id == source_id)
        .values(account_id=target_id, kind="additional")
    )
    session.execute(
        update(ExternalId)
        .where(ExternalId.entity == "accounts", ExternalId.record_id == source_id)
        .values(record_id=target_id)
    )
    _move_candidates(session, source_id, target_id, decision_id)


def _move_candidates(
    session: Session, source_id: int, target_id: int, decision_id: int | None
) -> None:
    """Candidates about the merged account now concern the survivor; duplicates are dropped."""
    stmt = select(MatchCandidate).where(
        (MatchCandidate.account_id == source_id)
        | ((MatchCandidate.subject == "account") & (MatchCandidate.subject_id == source_id))
    )
    taken = {
        (c.subject, c.subject_id, c.account_id)
        for c in session.scalars(
            select(MatchCandidate).where(
                (MatchCandidate.account_id == target_id)
                | ((MatchCandidate.subject == "account") & (MatchCandidate.subject_id == target_id))
            )
        )
    }
    for candidate in session.scalars(stmt).all():
        moved = _moved_key(candidate, source_id, target_id)
        if candidate.id == decision_id:
            continue
        if moved in taken or (moved[0] == "account" and moved[1] == moved[2]):
            session.execute(delete(MatchCandidate).where(MatchCandidate.id == candidate.id))
            continue
        taken.add(moved)
        session.execute(
            update(MatchCandidate)
            .where(MatchCandidate.id == candidate.id)
            .values(subject_id=moved[1], account_id=moved[2])
        )


def _moved_key(candidate: MatchCandidate, source_id: int, target_id: int) -> tuple[str, int, int]:
    subject_id = candidate.subject_id
    if candidate.subject == "account" and subject_id == source_id:
        subject_id = target_id
    account_id = target_id if candidate.account_id == source_id else candidate.account_id
    return candidate.subject, subject_id, account_id


def settle_primary_domains(session: Session, account_ids: Sequence[int]) -> None:
    """An account's `domain` is its primary domain; its other own domains are additional, and
    domains derived from contacts stay derived unless one became the account's `domain`."""
    current = select(Account.domain).where(Account.id == AccountDomain.account_id).scalar_subquery()
    kind = case(
        (AccountDomain.domain == current, "primary"),
        (AccountDomain.kind == "derived", "derived"),
        else_="additional",
    )
    for part in chunks(sorted(set(account_ids))):
        session.execute(
            update(AccountDomain).where(AccountDomain.account_id.in_(part)).values(kind=kind)
        )


def account_rows(
    session: Session, customers: bool, search: str | None, limit: int
) -> list[dict[str, Any]]:
    """Accounts for a listing, with contact and open-deal counts and the owner's name."""
    contacts = _counts_subquery(Contact.account_id)
    opps = _counts_subquery(Opportunity.account_id, Opportunity.is_closed.is_(False))
    stmt = (
        select(
            Account.id,
            Account.domain,
            Account.name,
            Account.industry,
            Account.employees,
            Account.country,
            Account.is_customer,
            func.coalesce(contacts.c.n, 0).label("contacts"),
            func.coalesce(opps.c.n, 0).label("open_opportunities"),
            User.name.label("owner"),
        )  # fmt: skip
        .outerjoin(contacts, contacts.c.account_id == Account.id)
        .outerjoin(opps, opps.c.account_id == Account.id)
        .outerjoin(User, User.id == Account.owner_id)
        .order_by(func.lower(Account.name), Account.id)
        .limit(limit)
    )
    if customers:
        stmt = stmt.where(Account.is_customer.is_(True))
    if search:
        needle = search.strip()
        stmt = stmt.where(
            Account.name.icontains(needle, autoescape=True)
            | Account.domain.icontains(needle, autoescape=True)
        )
    return [dict(row) for row in session.execute(stmt).mappings()]


def _counts_subquery(column: InstrumentedAttribute[Any], where: Any = None) -> Any:
    stmt = select(column.label("account_id"), func.count().label("n")).group_by(column)
    if where is not None:
        stmt = stmt.where(where)
    return stmt.subquery()


def find_account_id(session: Session, domain: str | None, text: str) -> int | None:
    """An account by any of its domains, else by its exact name (case-insensitive)."""
    if domain:
        found = session.scalar(
            select(AccountDomain.account_id).where(AccountDomain.domain == domain)
        ) or session.scalar(select(Account.id).where(Account.domain == domain))
        if found is not None:
            return found
    stmt = select(Account.id).where(func.lower(Account.name) == text.strip().lower())
    return session.scalars(stmt.order_by(Account.id)).first()


def account_related(session: Session, account_id: int) -> dict[str, list[dict[str, Any]]]:
    """Domains, source ids, contacts, deals (with stage history) and campaigns of an account."""
    domains = select(AccountDomain).where(AccountDomain.account_id == account_id)
    ext = select(ExternalId).where(
        ExternalId.entity == "accounts", ExternalId.record_id == account_id
    )
    contacts = select(Contact).where(Contact.account_id == account_id)
    opps = select(Opportunity).where(Opportunity.account_id == account_id)
    return {
        "domains": _dicts(session, domains.order_by(AccountDomain.kind, AccountDomain.domain)),
        "external_ids": _dicts(session, ext.order_by(ExternalId.source, ExternalId.external_id)),
        "contacts": _dicts(session, contacts.order_by(Contact.last_name, Contact.id)),
        "opportunities": _dicts(session, opps.order_by(Opportunity.created_date, Opportunity.id)),
        "children": _dicts(session, select(Account).where(Account.parent_id == account_id)),
    }


def _dicts(session: Session, stmt: Any) -> list[dict[str, Any]]:
    return [
        {c.key: getattr(obj, c.key) for c in obj.__table__.columns} for obj in session.scalars(stmt)
    ]


def stage_history(session: Session, opportunity_ids: Sequence[int]) -> list[dict[str, Any]]:
    rows = rows_where_in(session, OpportunityStage, "opportunity_id", opportunity_ids)
    return sorted(rows, key=lambda r: (r["opportunity_id"], r["changed_at"], r["id"]))


def campaigns_touching(session: Session, account_id: int) -> list[dict[str, Any]]:
    """Campaigns with a member among the account's contacts or leads, or one of its deals."""
    people = select(CampaignMember.campaign_id).where(
        CampaignMember.contact_id.in_(select(Contact.id).where(Contact.account_id == account_id))
        | CampaignMember.lead_id.in_(select(Lead.id).where(Lead.account_id == account_id))
    )
    deals = select(Opportunity.campaign_id).where(Opportunity.account_id == account_id)
    stmt = select(Campaign).where(Campaign.id.in_(people) | Campaign.id.in_(deals))
    return _dicts(session, stmt.order_by(Campaign.start_date, Campaign.id))


def candidate_rows(session: Session, status: str | None) -> list[MatchCandidate]:
    stmt = select(MatchCandidate).order_by(MatchCandidate.id)
    if status is not None:
        stmt = stmt.where(MatchCandidate.status == status)
    return list(session.scalars(stmt))


def labels(session: Session, model: type[DeclarativeBase], ids: Collection[int]) -> dict[int, str]:
    """A short human label per record: an account's name and domain, a person's name/email."""
    found: dict[int, str] = {}
    for row in rows_where_in(session, model, "id", ids):
        found[row["id"]] = _label(row)
    return found


def _label(row: dict[str, Any]) -> str:
    if "name_key" in row:
        return f"{row['name']} ({row['domain']})" if row.get("domain") else str(row["name"])
    person = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
    extra = row.get("email") or row.get("company") or ""
    return f"{person} <{extra}>" if person and extra else person or extra or f"#{row['id']}"


def store_counts(session: Session) -> dict[str, Any]:
    """The figures `accounts stats` shows, in a handful of aggregate queries."""
    own = select(AccountDomain.account_id).where(AccountDomain.kind != "derived")
    has_domain = Account.domain.is_not(None) | Account.id.in_(own)
    return {
        "accounts": _scalar(session, select(func.count(Account.id))),
        "customers": _scalar(session, select(func.count()).where(Account.is_customer.is_(True))),
        "with_domain": _scalar(session, select(func.count(Account.id)).where(has_domain)),
        "contacts_by_method": _grouped(
            session, Contact.match_method, Contact.account_id.is_not(None)
        ),
        "contacts": _scalar(session, select(func.count(Contact.id))),
        "leads_by_method": _grouped(session, Lead.match_method, Lead.account_id.is_not(None)),
        "leads": _scalar(session, select(func.count(Lead.id))),
        "opportunities": _grouped(session, Opportunity.is_closed),
        "matches": _grouped(session, MatchCandidate.subject, MatchCandidate.status == "pending"),
    }


def _scalar(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def _grouped(
    session: Session, column: InstrumentedAttribute[Any], where: Any = None
) -> dict[Any, int]:
    stmt = select(column, func.count()).group_by(column)
    if where is not None:
        stmt = stmt.where(where)
    return {key: int(n) for key, n in session.execute(stmt)}
