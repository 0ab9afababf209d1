"""Assign accounts to tiers to maximise expected value under each tier's capacity: exactly.

An account `i` with expected pipeline `e_i = propensity × deal value` is worth
`e_i × uplift_t − cost_t` in tier `t`; broad demand generation (uplift 1, cost 0, no capacity)
takes everyone else. Each account sits in exactly one tier.

Why the solution is optimal. Write `a_t = uplift_t − 1` (tier_1 ≥ tier_2 ≥ tier_3 ≥ broad = 0,
which `tiers.yaml` enforces). *Exchange:* take any plan with accounts `i`, `j`, `e_i > e_j`, `j`
in a tier `s` and `i` in a tier `t` with `a_s > a_t`. Swapping them keeps every tier's size
(so capacities and costs are unchanged) and changes the value by
`(e_i − e_j)(a_s − a_t) > 0`. So some optimal plan is *monotone*: sorted by `e` descending,
the first `b1` accounts are tier 1, the next up to `b2` tier 2, then up to `b3` tier 3, the
rest broad. *Boundaries:* with `d_j(k) = e_(k)(a_j − a_{j+1}) − (c_j − c_{j+1})` the value of a
monotone plan is `F1(b1) + F2(b2) + F3(b3)` (prefix sums of `d_j`) plus a constant, subject to
`b1 ≤ cap1`, `b2 − b1 ≤ cap2`, `b3 − b2 ≤ cap3`, `b3 ≤ n`. That is solved exactly by dynamic
programming backwards over the boundaries with sliding-window maxima: `O(n log n)` for the sort
and `O(cap1 + cap2 + cap3)` after it. Tests check it against brute force over every plan.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from beachhead.core.targeting.config import BROAD, NEW_LOGO, TIER_NAMES, TiersConfig

TIERS = (*TIER_NAMES, BROAD)
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Economics:
    """Per tier (tier_1, tier_2, tier_3, broad): capacity, cost and uplift."""

    capacity: tuple[int, int, int]
    cost: tuple[float, float, float, float]
    uplift: tuple[float, float, float, float]

    @classmethod
    def of(cls, config: TiersConfig, motion: str = NEW_LOGO) -> Economics:
        t1, t2, t3 = config.tiers(motion)
        return cls(
            (t1.capacity, t2.capacity, t3.capacity),
            (t1.cost_per_account, t2.cost_per_account, t3.cost_per_account, 0.0),
            (t1.uplift, t2.uplift, t3.uplift, 1.0),
        )

    def value(self, expected: float, tier: int) -> float:
        """The expected value of an account with pipeline `expected` in tier index `tier`."""
        return expected * self.uplift[tier] - self.cost[tier]


def solve(expected: Sequence[float], ids: Sequence[int], econ: Economics) -> list[int]:
    """The tier index (0..3 = tier_1, tier_2, tier_3, broad) of every account, optimally.

    Ties in expected pipeline are broken by the smaller id, so a plan is reproducible.

    >>> econ = Economics((1, 1, 0), (10.0, 1.0, 0.0, 0.0), (2.0, 1.5, 1.0, 1.0))
    >>> solve([5.0, 30.0, 1.0], [1, 2, 3], econ)
    [1, 0, 3]
    """
    values = np.asarray(expected, dtype=np.float64)
    order = np.lexsort((np.asarray(ids), -values)) if len(values) else np.array([], dtype=int)
    bounds = _boundaries(values[order], econ)
    tiers = np.full(len(values), 3, dtype=int)
    start = 0
    for tier, end in enumerate(bounds):
        tiers[order[start:end]] = tier
        start = end
    return [int(t) for t in tiers]


def plan_value(expected: Sequence[float], tiers: Sequence[int], econ: Economics) -> float:
    """Σ expected value of a plan (any assignment, optimal or not)."""
    return sum(econ.value(e, t) for e, t in zip(expected, tiers, strict=True))


def _boundaries(ranked: Floats, econ: Economics) -> tuple[int, int, int]:
    n = len(ranked)
    cap1, cap2, cap3 = econ.capacity
    top = min(n, cap1 + cap2 + cap3)
    gains = [_prefix(ranked[:top], econ, j) for j in range(3)]
    # best3[b2]: the best F3(b3) for b3 in [b2, b2 + cap3]; then the same one level up.
    best3, arg3 = _window_max(gains[2], cap3)
    best2, arg2 = _window_max(gains[1] + best3, cap2)
    reach = min(cap1, top)
    b1 = int(np.argmax(gains[0][: reach + 1] + best2[: reach + 1]))
    b2 = int(arg2[b1])
    return b1, b2, int(arg3[b2])


def _prefix(ranked: Floats, econ: Economics, j: int) -> Floats:
    """F_j(b) = Σ_{k<b} e_(k)(a_j − a_{j+1}) − (c_j − c_{j+1}), for b = 0..len."""
    slope = econ.uplift[j] - econ.uplift[j + 1]
    step = econ.cost[j] - econ.cost[j + 1]
    out: Floats = np.concatenate(([0.0], np.cumsum(ranked * slope - step)))
    return out


def _window_max(x: Floats, width: int) -> tuple[Floats, NDArray[np.int64]]:
    """max and first argmax of x[i : i + width + 1] for every i (a monotone deque)."""
    n = len(x)
    best, arg = np.empty(n), np.empty(n, dtype=np.int64)
    window: deque[int] = deque()  # indices rising, values strictly rising: max at the right
    for i in range(n - 1, -1, -1):
        while window and x[window[0]] <= x[i]:
            window.popleft()
        window.appendleft(i)
        while window[-1] > i + width:
            window.pop()
        best[i], arg[i] = x[window[-1]], window[-1]
    return best, arg
