"""Intervals and the joint model behind the weights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from beachhead.core.icp.stats import lift_over_all, ridge_logit, risk_ratio, wilson


def test_wilson_contains_the_proportion_and_stays_in_range() -> None:
    low, high = wilson(0, 20)
    assert low == 0.0 and 0.0 < high < 0.2
    low, high = wilson(20, 20)
    assert 0.8 < low < 1.0 and high == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_risk_ratio_is_finite_with_empty_cells() -> None:
    ratio, (low, high) = risk_ratio(0, 50, 30, 100)
    assert ratio < 1 and math.isfinite(low) and low > 0 and high < 1
    ratio, (low, high) = risk_ratio(12, 40, 12, 40)
    assert low < 1 < high and ratio == pytest.approx(1.0)


def test_lift_over_all_maps_the_ratio_monotonically() -> None:
    assert lift_over_all(1.0, 0.3) == pytest.approx(1.0)
    assert lift_over_all(3.0, 0.0) == pytest.approx(3.0)
    assert lift_over_all(2.0, 0.2) < lift_over_all(3.0, 0.2)


def test_ridge_logit_recovers_planted_effects() -> None:
    rng = np.random.default_rng(0)
    x = (rng.random((20000, 2)) < 0.5).astype(float)
    logit = -1.0 + 1.2 * x[:, 0] - 0.8 * x[:, 1]
    y = (rng.random(20000) < 1 / (1 + np.exp(-logit))).astype(float)
    w = ridge_logit(x, y, penalty=1.0)
    assert w[1] == pytest.approx(1.2, abs=0.1)
    assert w[2] == pytest.approx(-0.8, abs=0.1)


def test_ridge_logit_stays_finite_under_perfect_separation() -> None:
    x = np.array([[1.0], [1.0], [0.0], [0.0]])
    w = ridge_logit(x, np.array([1.0, 1.0, 0.0, 0.0]))
    assert np.isfinite(w).all() and w[1] > 0
