"""Learn the workspace's ideal customer profile from its records; read and write icp.yaml."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from beachhead.core.geo import region_of
from beachhead.core.icp.io import dump_icp, is_hand_edited, read_icp
from beachhead.core.icp.learn import LearnResult, learn_icp
from beachhead.core.icp.model import IcpModel
from beachhead.core.industries import canonical_industry
from beachhead.errors import ConfigError, NotFoundError
from beachhead.platform import Platform
from beachhead.store.models import Account, Opportunity

ICP_FILE = "icp.yaml"
ACCOUNT_COLUMNS = (
    Account.id,
    Account.domain,
    Account.industry,
    Account.employees,
    Account.annual_revenue,
    Account.country,
    Account.technologies,
    Account.is_customer,
)
OPPORTUNITY_COLUMNS = (
    Opportunity.account_id,
    Opportunity.opp_type,
    Opportunity.amount,
    Opportunity.is_closed,
    Opportunity.is_won,
    Opportunity.created_date,
    Opportunity.close_date,
)


@dataclass(frozen=True)
class Saved:
    path: Path
    backup: Path | None


def icp_path(platform: Platform) -> Path:
    return platform.settings.workspace / ICP_FILE


def history_tables(platform: Platform, as_of: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accounts (with their region) and closed deals, as frames, in two set-based queries."""
    deals = select(*OPPORTUNITY_COLUMNS).where(
        Opportunity.is_closed.is_(True), Opportunity.account_id.is_not(None)
    )
    if as_of is not None:
        deals = deals.where(Opportunity.close_date < as_of)
    with platform.store.reader() as session:
        accounts = _frame(session.execute(select(*ACCOUNT_COLUMNS)).all(), ACCOUNT_COLUMNS)
        outcomes = _frame(session.execute(deals).all(), OPPORTUNITY_COLUMNS)
    accounts["region"] = [region_of(c if isinstance(c, str) else None) for c in accounts["country"]]
    accounts["industry"] = [
        canonical_industry(v if isinstance(v, str) else None) for v in accounts["industry"]
    ]
    return accounts, outcomes


def learn_from_workspace(platform: Platform, as_of: dt.date | None = None) -> LearnResult:
    """Learn a profile from every account and the deals closed before `as_of`."""
    accounts, outcomes = history_tables(platform, as_of)
    return learn_icp(accounts, outcomes, as_of=as_of)


def save_icp(platform: Platform, model: IcpModel, *, force: bool = False) -> Saved:
    """Write icp.yaml, keeping the previous file as icp.yaml.bak.

    A file people have edited since it was written is never replaced without `force`.
    """
    path = icp_path(platform)
    backup = None
    if path.exists():
        if not force and is_hand_edited(path.read_text(encoding="utf-8")):
            raise ConfigError(
                f"{path}: edited by hand since it was written; not replacing it",
                hint="keep your edits, or relearn anyway with --force (the old file goes to "
                f"{ICP_FILE}.bak)",
            )
        backup = path.with_name(ICP_FILE + ".bak")
        shutil.copy2(path, backup)
    temporary = path.with_name(ICP_FILE + ".tmp")
    temporary.write_text(dump_icp(model), encoding="utf-8")
    os.replace(temporary, path)  # readers never see a half-written profile
    return Saved(path, backup)


def load_icp(platform: Platform) -> IcpModel:
    """The workspace's profile; a clear error when there is none yet."""
    path = icp_path(platform)
    if not path.exists():
        raise NotFoundError(
            f"{path}: no ideal customer profile yet", hint="run: beachhead icp learn"
        )
    return read_icp(path)


def _frame(rows: Sequence[Any], columns: tuple[Any, ...]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=[c.key for c in columns])
