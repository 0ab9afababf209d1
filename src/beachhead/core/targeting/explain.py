"""Why each account sits in its tier, and what would move it up or down.

Each tier's bar is the expected pipeline (propensity × deal value) an account needs to enter it,
holding every other account where it is: beat the tier's marginal account when the tier is
full, and in any case earn the tier's extra cost back against the tier below (break-even).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from beachhead.core.targeting.plan import TIERS, Economics


@dataclass(frozen=True)
class TierStats:
    count: int
    lowest: float | None  # the marginal account's expected pipeline
    highest: float | None


def tier_stats(expected: Sequence[float], tiers: Sequence[int]) -> list[TierStats]:
    stats = []
    for tier in range(len(TIERS)):
        inside = [e for e, t in zip(expected, tiers, strict=True) if t == tier]
        stats.append(TierStats(len(inside), min(inside, default=None), max(inside, default=None)))
    return stats


def break_even(econ: Economics, upper: int, lower: int) -> float:
    """The expected pipeline above which tier `upper` is worth more than tier `lower`."""
    slope = econ.uplift[upper] - econ.uplift[lower]
    step = econ.cost[upper] - econ.cost[lower]
    if slope <= 0:
        return 0.0 if step <= 0 else math.inf
    return max(step / slope, 0.0)


def entry_bar(econ: Economics, stats: Sequence[TierStats], tier: int) -> float:
    """Expected pipeline needed to enter `tier` (index 0..2) from the tier below it."""
    bar = break_even(econ, tier, tier + 1)
    full = tier < 3 and stats[tier].count >= econ.capacity[tier]
    lowest = stats[tier].lowest
    if full:
        bar = max(bar, lowest if lowest is not None else math.inf)
    return bar


def explain_account(
    p: float, value: float, tier: int, econ: Economics, stats: Sequence[TierStats]
) -> dict[str, Any]:
    """The account's value here, one tier up and down, and the moves that would change it."""
    expected = p * value
    why: dict[str, Any] = {
        "propensity": round(p, 6), "deal_value": round(value, 2),
        "expected_pipeline": round(expected, 2),
        "value_here": round(econ.value(expected, tier), 2),
    }  # fmt: skip
    if tier > 0:
        bar = entry_bar(econ, stats, tier - 1)
        why["up"] = {"tier": TIERS[tier - 1], **_needed(bar, p, value)}
        why["value_up"] = round(econ.value(expected, tier - 1), 2)
    if tier < 3:
        below = stats[tier + 1].highest if tier + 1 < 3 else None
        bar = break_even(econ, tier, tier + 1)
        if stats[tier].count >= econ.capacity[tier] and below is not None:
            bar = max(bar, below)
        why["down"] = {"tier": TIERS[tier + 1], **_needed(bar, p, value)}
        why["value_down"] = round(econ.value(expected, tier + 1), 2)
    return why


def _needed(bar: float, p: float, value: float) -> dict[str, Any]:
    if math.isinf(bar):
        return {"expected_pipeline": None, "propensity": None, "deal_value": None}
    return {
        "expected_pipeline": round(bar, 2),
        "propensity": round(bar / value, 6) if value > 0 else None,
        "deal_value": round(bar / p, 2) if p > 0 else None,
    }


def sentence(tier: int, why: dict[str, Any]) -> str:
    """One readable line: the expected pipeline, the value here and next door, the moves."""
    worth = [f"worth {why['value_here']:,.0f} here"]
    if "up" in why:
        worth.append(f"{why['value_up']:,.0f} in {why['up']['tier']}")
    if "down" in why:
        worth.append(f"{why['value_down']:,.0f} in {why['down']['tier']}")
    motion = "expansion " if why.get("motion") == "expansion" else ""
    parts = [
        f"{motion}{TIERS[tier]}: expected pipeline {why['expected_pipeline']:,.0f} "
        f"(propensity {why['propensity']:.1%} × deal value {why['deal_value']:,.0f}), "
        + ", ".join(worth)
    ]
    parts += [_move(d, why[d]) for d in ("up", "down") if d in why]
    return "; ".join(parts)


def _move(direction: str, need: dict[str, Any]) -> str:
    if need["expected_pipeline"] is None:
        return f"never {direction} to {need['tier']} (its cost cannot be earned back)"
    verb = "rose to" if direction == "up" else "fell below"
    options = []
    if need["propensity"] is not None and (direction == "down" or need["propensity"] <= 1):
        options.append(f"propensity {verb} {need['propensity']:.1%}")
    if need["deal_value"] is not None:
        options.append(f"deal value {verb} {need['deal_value']:,.0f}")
    how = " or ".join(options) or "never"
    return f"{direction} to {need['tier']} if {how}"
