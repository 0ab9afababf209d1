"""Learn the ideal customer profile from won customers, lost deals and the rest of the market.

Every candidate criterion (industry, size band, revenue band, region, technology present or
absent) is measured by how much likelier a matching account is to be a won customer than a
non-matching one (a risk ratio with a Katz interval). Criteria whose 99% interval excludes 1
(stricter than the 95% interval shown, because dozens of candidates are tested at once) and
that rest on enough accounts with deals are kept; adjacent size or revenue bands pointing
the same way are merged. Weights come from one ridge logistic regression over the kept
criteria (each criterion's effect holding the others fixed, so correlated criteria such as
size and revenue do not count twice), scaled so that the worst possible account scores 0 and
the best 100. The evidence written beside each weight is the criterion's own lift.

With too little history (fewer than `min_won` won or `min_lost` lost closed new-business
deals, 30 each by default: below that a 95% interval on a win rate is wider than +-15 points,
too wide to tell a segment from noise) the generic rules profile of `defaults.py` is returned
instead, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa

from beachhead.core.icp.candidates import BANDED, band, candidates, tech_criterion
from beachhead.core.icp.defaults import PRIOR_NOTE, default_profile
from beachhead.core.icp.history import History, Measure, build_history, measure
from beachhead.core.icp.model import Criterion, Evidence, IcpModel, LearnedFrom
from beachhead.core.icp.points import mask, prepare
from beachhead.core.icp.stats import ridge_logit

Table: TypeAlias = pa.Table | pd.DataFrame
RIDGE = 1.0  # L2 penalty of the joint model, in log-odds units per criterion
MIN_EFFECT = 0.02  # joint log-odds effects smaller than this carry no weight


@dataclass(frozen=True)
class Thresholds:
    min_won: int = 30  # won closed new-business deals needed to learn
    min_lost: int = 30  # lost closed new-business deals needed to learn
    min_support: int = 20  # accounts with closed deals a kept criterion must rest on
    min_accounts: int = 10  # accounts a candidate value must cover to be tested
    min_tech_share: float = 0.03  # share of the market a technology must reach to be tested


@dataclass(frozen=True)
class Candidate:
    criterion: Criterion
    measure: Measure
    kept: bool = False


@dataclass(frozen=True)
class LearnReport:
    regime: str
    reason: str
    won_deals: int
    lost_deals: int
    market: int
    base_win_rate: float | None
    customer_rate: float
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(frozen=True)
class LearnResult:
    model: IcpModel
    report: LearnReport


def learn_icp(
    accounts: Table,
    outcomes: Table,
    *,
    min_won: int = 30,
    min_lost: int = 30,
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
) -> LearnResult:
    """Learn an `IcpModel` from accounts (id, industry, employees, annual_revenue, region,
    technologies, is_customer, optional churned) and their opportunities (account_id,
    opp_type new|expansion, amount, is_closed, is_won, created_date, close_date).

    Only deals closed before `as_of` count; without `as_of`, `is_customer` also marks a win.
    """
    limits = thresholds or Thresholds(min_won=min_won, min_lost=min_lost)
    frame = prepare(_frame(accounts))
    history = build_history(frame, _frame(outcomes), as_of)
    short = _shortfall(history, limits)
    if short:
        return _fallback(frame, history, f"too little history: {short}")
    tested = [
        _evaluate(c, frame, history, limits)
        for c in candidates(frame, limits.min_accounts, limits.min_tech_share)
    ]
    kept = _merge_bands([c for c in tested if c.kept], frame, history, limits)
    if not kept:
        return _fallback(frame, history, "no attribute separates won customers from the rest")
    model = _weighted(kept, frame, history)
    reason = f"learned from {history.won_deals} won and {history.lost_deals} lost deals"
    return LearnResult(model, _report("learned", reason, history, tested))


def _frame(table: Table) -> pd.DataFrame:
    return table.to_pandas() if isinstance(table, pa.Table) else table.reset_index(drop=True)


def _shortfall(history: History, limits: Thresholds) -> str:
    gaps = []
    if history.won_deals < limits.min_won:
        gaps.append(f"{history.won_deals} won closed new-business deals (need {limits.min_won})")
    if history.lost_deals < limits.min_lost:
        gaps.append(f"{history.lost_deals} lost (need {limits.min_lost})")
    return ", ".join(gaps)


def _fallback(frame: pd.DataFrame, history: History, reason: str) -> LearnResult:
    """The rules profile; each criterion shows what the thin history says about it."""
    model = default_profile()
    tested = [Candidate(c, measure(mask(c, frame), history)) for c in model.criteria]
    if history.won_deals or history.lost_deals:
        criteria = [
            c.criterion.model_copy(update={"evidence": _prior_evidence(c.measure, history)})
            for c in tested
        ]
        model = model.model_copy(update={"criteria": criteria})
    model = model.model_copy(update={"learned_from": _learned_from(history)})
    full = f"{reason}; using the generic B2B rules profile (edit icp.yaml to your market)"
    return LearnResult(model, _report("rules", full, history, tested))


def _prior_evidence(stats: Measure, history: History) -> Evidence:
    shown = evidence(stats, history)
    note = "; ".join(filter(None, [PRIOR_NOTE, shown.note]))
    return shown.model_copy(update={"note": note})


def _evaluate(c: Criterion, frame: pd.DataFrame, h: History, limits: Thresholds) -> Candidate:
    m = mask(c, frame)
    stats = measure(m, h)
    if c.op == "has" and stats.ratio < 1:
        # State the helpful side: "does not use X" rather than a penalty for using it.
        c, stats = tech_criterion(c.values[0], "lacks"), measure(~m, h)
    return Candidate(c, stats, _keep(stats, limits))


def _keep(stats: Measure, limits: Thresholds) -> bool:
    return stats.significant and stats.support >= limits.min_support


def _merge_bands(
    kept: list[Candidate], frame: pd.DataFrame, h: History, limits: Thresholds
) -> list[Candidate]:
    """Join adjacent kept bands whose effects point the same way and whose intervals overlap."""
    out = [c for c in kept if c.criterion.field not in BANDED]
    for name in BANDED:
        run: list[Candidate] = []
        for cand in sorted((c for c in kept if c.criterion.field == name), key=_low):
            if run and _joinable(run[-1], cand):
                low, high = run[-1].criterion.min, cand.criterion.max
                merged = band(name, low, high)
                run[-1] = Candidate(merged, measure(mask(merged, frame), h), True)
            else:
                run.append(cand)
        out += run
    return out


def _low(c: Candidate) -> float:
    return c.criterion.min or 0.0


def _joinable(a: Candidate, b: Candidate) -> bool:
    adjacent = a.criterion.max is not None and a.criterion.max == b.criterion.min
    same_way = (a.measure.ratio > 1) == (b.measure.ratio > 1)
    overlap = a.measure.ratio_ci[0] <= b.measure.ratio_ci[1] and (
        b.measure.ratio_ci[0] <= a.measure.ratio_ci[1]
    )
    return adjacent and same_way and overlap


def _joint(kept: list[Candidate], frame: pd.DataFrame, h: History) -> dict[str, float]:
    """Each kept criterion's log-odds effect holding the others fixed (ridge logistic).

    Criteria whose joint effect points against their own lift (one correlated criterion
    explaining another away) are dropped and the rest refitted, so that no weight contradicts
    the evidence printed beside it.
    """
    current = kept
    while current:
        x = np.column_stack([mask(c.criterion, frame) for c in current]).astype(float)
        coefficients = ridge_logit(x, h.won.astype(float), RIDGE)[1:]
        agree = [
            (c, float(w))
            for c, w in zip(current, coefficients, strict=True)
            if (w > MIN_EFFECT) == (c.measure.ratio > 1) and abs(w) > MIN_EFFECT
        ]
        if len(agree) == len(current):
            return {c.criterion.id: w for c, w in agree}
        current = [c for c, _ in agree]
    return {}


def _weighted(kept: list[Candidate], frame: pd.DataFrame, h: History) -> IcpModel:
    """Joint log-odds weights scaled so the worst achievable account scores 0, the best 100."""
    raw = _joint(kept, frame, h)
    groups: dict[str, list[float]] = {}
    for c in kept:
        if c.criterion.id in raw:
            key = c.criterion.id if c.criterion.field == "technologies" else c.criterion.field
            groups.setdefault(key, []).append(raw[c.criterion.id])
    best = sum(max(0.0, *g) for g in groups.values())
    worst = sum(min(0.0, *g) for g in groups.values())
    scale = 100.0 / (best - worst) if best > worst else 0.0
    ranked = sorted(
        (c for c in kept if c.criterion.id in raw), key=lambda c: -abs(raw[c.criterion.id])
    )
    criteria = [
        c.criterion.model_copy(
            update={
                "weight": round(raw[c.criterion.id] * scale, 1),
                "evidence": evidence(c.measure, h),
            }
        )
        for c in ranked
    ]
    return IcpModel(
        regime="learned",
        base=round(-worst * scale, 1) + 0.0,  # never print "-0"
        learned_from=_learned_from(h),
        criteria=criteria,
    )


def evidence(stats: Measure, h: History) -> Evidence:
    """The `Evidence` block written under a criterion in icp.yaml."""
    deals = int((h.won | h.lost).sum())
    notes = []
    if stats.expansion_rate is not None:
        notes.append(
            f"expansion {stats.expansion_rate:.0%} of won vs {h.expanded[h.won].mean():.0%}"
        )
    if stats.churn_rate is not None and h.churned is not None:
        notes.append(f"churn {stats.churn_rate:.0%} of won vs {h.churned[h.won].mean():.0%}")
    return Evidence(
        win_rate=_round(stats.win_rate, 3),
        base_win_rate=_round(h.won.sum() / deals if deals else None, 3),
        lift=round(stats.lift, 2),
        lift_ci=(round(stats.lift_ci[0], 2), round(stats.lift_ci[1], 2)),
        support=stats.support,
        market_share=round(stats.share, 3),
        acv_ratio=_round(stats.acv_ratio, 2),
        cycle_days_delta=_round(stats.cycle_days_delta, 1),
        note="; ".join(notes) or None,
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), digits)


def _learned_from(h: History) -> LearnedFrom:
    start, end = h.window
    return LearnedFrom(
        won=h.won_deals, lost=h.lost_deals, market=h.market, window_start=start, window_end=end
    )


def _report(regime: str, reason: str, h: History, tested: list[Candidate]) -> LearnReport:
    deals = int((h.won | h.lost).sum())
    return LearnReport(
        regime=regime,
        reason=reason,
        won_deals=h.won_deals,
        lost_deals=h.lost_deals,
        market=h.market,
        base_win_rate=float(h.won.sum() / deals) if deals else None,
        customer_rate=float(h.won.mean()) if h.market else 0.0,
        candidates=tested,
    )
