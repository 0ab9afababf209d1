"""Backtest metrics: hand-computed small cases and agreement with scikit-learn."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from beachhead.core.prediction.metrics import Evaluation, evaluate


def test_small_case_by_hand() -> None:
    y = [1, 0, 1, 0, 0]
    p = [0.9, 0.8, 0.7, 0.2, 0.1]
    value = [100.0, 0.0, 50.0, 0.0, 0.0]
    e = evaluate(y, p, k_values=(1, 2, 10), value=value, bins=2)
    assert (e.n, e.positives, e.base_rate) == (5, 2, 0.4)
    assert e.auc == pytest.approx(5 / 6)  # 6 pairs, only (0.7 vs 0.8) misordered
    assert e.pr_auc == pytest.approx(0.5 * 1 + 0.5 * 2 / 3)
    assert e.precision_at_k == {1: 1.0, 2: 0.5, 10: 0.4}  # K beyond n clips to n
    assert e.captured_at_k == {1: pytest.approx(2 / 3), 2: pytest.approx(2 / 3), 10: 1.0}
    assert e.lift_at_10pct == pytest.approx(1.0 / 0.4)  # top 10% of 5 = 1 account, a hit
    assert e.brier == pytest.approx((0.01 + 0.64 + 0.09 + 0.04 + 0.01) / 5)
    low, high = e.reliability
    assert (low.n, low.mean_predicted, low.observed) == (2, pytest.approx(0.15), 0.0)
    assert (high.n, high.mean_predicted, high.observed) == (
        3,
        pytest.approx(0.8),
        pytest.approx(2 / 3),
    )


def test_ties_keep_input_order_in_the_top_k() -> None:
    e = evaluate([0, 1, 1], [0.5, 0.5, 0.5], k_values=(1, 2))
    assert e.precision_at_k == {1: 0.0, 2: 0.5}
    assert e.auc == 0.5


def test_undefined_values_are_none() -> None:
    e = evaluate([0, 0, 0], [0.1, 0.2, 0.3], k_values=(2,))
    assert e.auc is None and e.pr_auc is None and e.lift_at_10pct is None
    assert e.captured_at_k == {2: None}
    assert e.reliability[5].n == 0 and e.reliability[5].observed is None


def test_bad_probabilities_are_refused() -> None:
    with pytest.raises(ValueError, match="probabilities"):
        evaluate([0, 1], [0.2, 1.2])
    with pytest.raises(ValueError, match="equal length"):
        evaluate([0, 1], [0.2])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])),
        min_size=2,
        max_size=60,
    ).filter(lambda rows: 0 < sum(r[0] for r in rows) < len(rows))
)
def test_agrees_with_scikit_learn(rows: list[tuple[bool, float]]) -> None:
    y = np.array([r[0] for r in rows])
    p = np.array([r[1] for r in rows])  # a few distinct values: many ties
    e = evaluate(y, p)
    assert e.auc == pytest.approx(roc_auc_score(y, p))
    assert e.pr_auc == pytest.approx(average_precision_score(y, p))
    assert e.brier == pytest.approx(brier_score_loss(y, p))
    assert sum(b.n for b in e.reliability) == len(y)


def test_random_case_against_scikit_learn() -> None:
    rng = np.random.default_rng(3)
    p = rng.random(5000)
    y = rng.random(5000) < p
    e = evaluate(y, p, k_values=(25, 300, 3000))
    assert e.auc == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert e.pr_auc == pytest.approx(average_precision_score(y, p), abs=1e-12)
    top = np.argsort(-p)[:300]
    assert e.precision_at_k[300] == pytest.approx(y[top].mean())


def test_round_trips_through_json() -> None:
    e = evaluate([1, 0, 1], [0.8, 0.3, 0.6], k_values=(2,), value=[5.0, 0.0, 1.0])
    again = Evaluation.from_dict(json.loads(json.dumps(e.as_dict())))
    assert again == e
