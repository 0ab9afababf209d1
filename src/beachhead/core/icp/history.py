"""Outcomes per account (won, lost, deal value, cycle, expansion, churn) and the evidence of
one candidate criterion measured on them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from beachhead.core.icp.stats import Z99, lift_over_all, risk_ratio

NEW, EXPANSION = "new", "expansion"
_OUTCOME_COLUMNS = ("account_id", "opp_type", "amount", "is_closed", "is_won")


@dataclass(frozen=True)
class History:
    """Per-account outcome arrays aligned with the accounts frame, plus deal counts."""

    won: np.ndarray  # won a new-business deal (or is a customer when no cut-off is given)
    lost: np.ndarray  # closed new-business deals, none won
    acv: np.ndarray  # mean won new-business amount, NaN when none
    cycle: np.ndarray  # mean days from created to close of won new business, NaN when none
    expanded: np.ndarray  # won an expansion deal
    churned: np.ndarray | None  # from an optional `churned` account column
    won_deals: int
    lost_deals: int
    window: tuple[str | None, str | None]

    @property
    def market(self) -> int:
        return len(self.won)


@dataclass(frozen=True)
class Measure:
    """What a candidate does to outcomes: the `Evidence` numbers plus the raw ratio."""

    matched: int
    share: float
    support: int
    won: int
    win_rate: float | None
    ratio: float  # customer rate when matching / when not
    ratio_ci: tuple[float, float]
    strict_ci: tuple[float, float]  # 99% interval, used to decide (many candidates are tested)
    lift: float  # customer rate when matching / overall
    lift_ci: tuple[float, float]
    acv_ratio: float | None
    cycle_days_delta: float | None
    expansion_rate: float | None
    churn_rate: float | None

    @property
    def significant(self) -> bool:
        low, high = self.strict_ci
        return low > 1.0 or high < 1.0


def closed_new_deals(outcomes: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    """Closed deals before `as_of` (all closed deals when None), with a cycle in days."""
    missing = [c for c in _OUTCOME_COLUMNS if c not in outcomes]
    if missing:
        raise ValueError(f"outcomes lack columns: {', '.join(missing)}")
    deals = outcomes[outcomes["is_closed"].fillna(False).astype(bool)].copy()
    close = pd.to_datetime(deals.get("close_date"), errors="coerce")
    created = pd.to_datetime(deals.get("created_date"), errors="coerce")
    if as_of is not None:
        keep = (close < pd.Timestamp(as_of)).fillna(False).to_numpy(dtype=bool)
        deals, close, created = deals[keep], close[keep], created[keep]
    deals["close"] = close
    deals["cycle_days"] = (close - created).dt.days
    deals["is_won"] = deals["is_won"].fillna(False).astype(bool)
    deals["opp_type"] = deals["opp_type"].fillna(NEW).astype(str).str.casefold()
    return deals


def build_history(accounts: pd.DataFrame, outcomes: pd.DataFrame, as_of: dt.date | None) -> History:
    """Aggregate deals to accounts (set-based: one groupby per measure)."""
    deals = closed_new_deals(outcomes, as_of)
    ids = accounts["id"]
    new = deals[deals["opp_type"] == NEW]
    wins = new[new["is_won"]]
    won = ids.isin(wins["account_id"]).to_numpy().copy()
    if as_of is None and "is_customer" in accounts:
        won |= accounts["is_customer"].fillna(False).astype(bool).to_numpy()
    lost = ids.isin(new["account_id"]).to_numpy() & ~won
    by_account = wins.groupby("account_id")
    expansions = deals[(deals["opp_type"] == EXPANSION) & deals["is_won"]]
    dates = deals["close"].dropna()
    return History(
        won=won,
        lost=lost,
        acv=ids.map(by_account["amount"].mean()).to_numpy(dtype=float),
        cycle=ids.map(by_account["cycle_days"].mean()).to_numpy(dtype=float),
        expanded=ids.isin(expansions["account_id"]).to_numpy(),
        churned=_churned(accounts),
        won_deals=int(len(wins)),
        lost_deals=int((~new["is_won"]).sum()),
        window=(_day(dates.min()), _day(dates.max())) if len(dates) else (None, None),
    )


def measure(m: np.ndarray, h: History) -> Measure:
    """The evidence of the accounts in mask `m` against everyone else."""
    matched, n = int(m.sum()), h.market
    deal = h.won | h.lost
    support, won_m = int((m & deal).sum()), int((m & h.won).sum())
    counts = (won_m, matched, int(h.won.sum()) - won_m, n - matched)
    ratio, ci = risk_ratio(*counts)
    share = matched / n if n else 0.0
    return Measure(
        matched=matched,
        share=share,
        support=support,
        won=won_m,
        win_rate=won_m / support if support else None,
        ratio=ratio,
        ratio_ci=ci,
        strict_ci=risk_ratio(*counts, z=Z99)[1],
        lift=lift_over_all(ratio, share),
        lift_ci=(lift_over_all(ci[0], share), lift_over_all(ci[1], share)),
        acv_ratio=_ratio(_mean(h.acv[m & h.won]), _mean(h.acv[h.won])),
        cycle_days_delta=_delta(_median(h.cycle[m & h.won]), _median(h.cycle[h.won])),
        expansion_rate=_mean(h.expanded[m & h.won].astype(float)),
        churn_rate=None if h.churned is None else _mean(h.churned[m & h.won].astype(float)),
    )


def _churned(accounts: pd.DataFrame) -> np.ndarray | None:
    if "churned" not in accounts:
        return None
    return np.asarray(accounts["churned"].fillna(False).astype(bool).to_numpy())


def _day(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _mean(values: np.ndarray) -> float | None:
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if finite.size else None


def _median(values: np.ndarray) -> float | None:
    finite = values[~np.isnan(values)]
    return float(np.median(finite)) if finite.size else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or math.isnan(a - b) else a - b
