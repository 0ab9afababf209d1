"""Rank drift between two scorings of the same accounts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import spearmanr

from beachhead.core.prediction.drift import MIN_OVERLAP, MIN_SPEARMAN, movers, rank_drift


def test_a_small_reshuffle_is_not_material() -> None:
    rng = np.random.default_rng(0)
    old = rng.random(2000)
    new = old + rng.normal(0, 0.001, 2000)
    drift = rank_drift(old, new, k_values=(25, 300))
    assert drift.spearman == pytest.approx(spearmanr(old, new).statistic)
    assert drift.spearman > MIN_SPEARMAN
    assert all(share is not None and share >= MIN_OVERLAP for share in drift.overlap_at_k.values())
    assert not drift.material


def test_a_new_top_list_is_material_even_when_the_rest_agrees() -> None:
    old = np.linspace(1, 0, 1000)
    new = old.copy()
    new[:25] = 0.0  # the old top 25 fall to the bottom, everything else keeps its order
    drift = rank_drift(old, new, k_values=(25, 300))
    assert drift.spearman is not None and drift.spearman > MIN_SPEARMAN
    assert drift.overlap_at_k[25] == 0.0
    assert drift.material


def test_spearman_handles_ties_and_constants() -> None:
    old, new = [3.0, 1.0, 1.0, 2.0], [3.0, 2.0, 1.0, 1.0]
    assert rank_drift(old, new).spearman == pytest.approx(spearmanr(old, new).statistic)
    constant = rank_drift([1.0, 1.0, 1.0], [0.1, 0.2, 0.3], k_values=(2,))
    assert constant.spearman is None
    assert constant.overlap_at_k == {2: 0.5}  # ties keep input order: {0, 1} vs {2, 1}
    assert constant.material


def test_k_beyond_the_accounts_clips() -> None:
    drift = rank_drift([0.3, 0.2], [0.2, 0.3], k_values=(3000,))
    assert drift.overlap_at_k == {3000: 1.0}
    assert json.loads(json.dumps(drift.as_dict()))["thresholds"]["spearman"] == MIN_SPEARMAN


def test_movers_are_the_largest_rank_changes() -> None:
    ids = [10, 11, 12, 13, 14]
    old = [0.9, 0.8, 0.7, 0.6, 0.5]
    new = [0.9, 0.8, 0.7, 0.6, 0.95]  # 14 jumps from 5th to 1st, the others slip one place
    top = movers(ids, old, new, n=2)
    assert (top[0].account_id, top[0].old_rank, top[0].new_rank, top[0].change) == (14, 5, 1, 4)
    assert (top[1].account_id, top[1].change) == (10, -1)
    with pytest.raises(ValueError):
        movers([1], old, new)
