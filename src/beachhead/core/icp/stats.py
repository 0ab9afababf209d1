"""Small interval estimates for proportions and their ratios (no SciPy needed).

>>> lo, hi = wilson(30, 100)
>>> round(lo, 3), round(hi, 3)
(0.219, 0.396)
>>> r, (lo, hi) = risk_ratio(60, 100, 30, 100)
>>> round(r, 2), lo > 1
(1.98, True)
"""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054  # two-sided 95% normal quantile
Z99 = 2.5758293035489004  # two-sided 99%


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion; (0, 1) when there are no trials."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def risk_ratio(
    a: int, n1: int, b: int, n2: int, z: float = Z95
) -> tuple[float, tuple[float, float]]:
    """Ratio of two proportions a/n1 over b/n2 with a Katz log interval.

    Half a success and half a failure are added to each group (Haldane-Anscombe) so that
    empty cells give a finite, deliberately wide interval instead of a division by zero.
    """
    a_, b_ = a + 0.5, b + 0.5
    n1_, n2_ = n1 + 1.0, n2 + 1.0
    ratio = (a_ / n1_) / (b_ / n2_)
    se = math.sqrt(max(0.0, 1 / a_ - 1 / n1_ + 1 / b_ - 1 / n2_))
    log_ratio = math.log(ratio)
    return ratio, (math.exp(log_ratio - z * se), math.exp(log_ratio + z * se))


def lift_over_all(ratio: float, share: float) -> float:
    """Turn a matching-vs-rest ratio into a matching-vs-everyone lift.

    With a share `s` of accounts matching, the overall rate is s*p1 + (1-s)*p2, so
    p1 / overall = 1 / (s + (1 - s) / ratio); it is monotone in `ratio`, which lets an
    interval of the ratio map onto an interval of the lift.
    """
    return 1.0 / (share + (1.0 - share) / ratio)


def ridge_logit(x: np.ndarray, y: np.ndarray, penalty: float = 1.0, steps: int = 25) -> np.ndarray:
    """Coefficients (intercept first) of an L2-penalised logistic regression, by Newton steps.

    The penalty keeps coefficients finite when a criterion separates outcomes perfectly and
    splits credit between correlated criteria instead of letting them cancel out.
    """
    xb = np.c_[np.ones(len(x)), x]
    ridge = penalty * np.eye(xb.shape[1])
    ridge[0, 0] = 0.0  # the intercept is not shrunk
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        gradient = xb.T @ (y - p) - ridge @ w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + ridge
        step = np.linalg.solve(hessian, gradient)
        w = w + step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w
