"""Tier plans in the store: a plan and its accounts written set-based, read back for display."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from beachhead.store.bulk import insert_returning_ids, upsert_many
from beachhead.store.models import Account, AccountDomain, Opportunity, TargetAccount, TargetPlan


def add_plan(session: Session, plan: dict[str, Any], accounts: Sequence[dict[str, Any]]) -> int:
    """Insert one TargetPlan and its TargetAccount rows; return the plan's id."""
    plan_id = insert_returning_ids(session, TargetPlan, [plan])[0]
    table: Table = TargetAccount.__table__  # type: ignore[assignment]
    upsert_many(
        session, table, [{**a, "plan_id": plan_id} for a in accounts], key=("plan_id", "account_id")
    )
    return plan_id


def latest_plan(session: Session) -> TargetPlan | None:
    return session.scalars(select(TargetPlan).order_by(TargetPlan.id.desc()).limit(1)).first()


def plan_tiers(session: Session, plan_id: int) -> dict[int, tuple[str, str | None, str]]:
    """account_id -> (tier, cluster, motion) in one plan."""
    stmt = select(
        TargetAccount.account_id, TargetAccount.tier, TargetAccount.cluster, TargetAccount.motion
    ).where(TargetAccount.plan_id == plan_id)
    return {a: (t, c, m) for a, t, c, m in session.execute(stmt)}


def plan_account(session: Session, plan_id: int, account_id: int) -> TargetAccount | None:
    return session.get(TargetAccount, (plan_id, account_id))


def account_traits(session: Session) -> list[dict[str, Any]]:
    """id, domain, name, industry, employees, country, technologies of every account."""
    stmt = select(Account.id, Account.domain, Account.name, Account.industry, Account.employees,
                  Account.country, Account.technologies)  # fmt: skip
    names = ("id", "domain", "name", "industry", "employees", "country", "technologies")
    return [dict(zip(names, row, strict=True)) for row in session.execute(stmt)]


def won_amounts(session: Session) -> list[tuple[str, int | None, float]]:
    """(opp_type, the account's employees, amount) of every won deal with an amount."""
    stmt = (
        select(Opportunity.opp_type, Account.employees, Opportunity.amount)
        .join(Account, Account.id == Opportunity.account_id)
        .where(Opportunity.is_won.is_(True), Opportunity.amount.is_not(None))
    )
    return [(t, e, float(a or 0.0)) for t, e, a in session.execute(stmt)]


def domain_accounts(session: Session) -> dict[str, int]:
    """Every known domain (primary or alias) -> its account id."""
    found = {d: a for d, a in session.execute(select(Account.domain, Account.id)) if d}
    aliases = session.execute(select(AccountDomain.domain, AccountDomain.account_id))
    found.update({d: a for d, a in aliases})
    return found
