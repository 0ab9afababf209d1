"""The learned regime on synthetic data whose true probabilities are known."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from beachhead.core.prediction.metrics import evaluate
from beachhead.core.prediction.model import TrainedModel, train_model

from .synth import FEATURES, synthetic_frame


@pytest.fixture(scope="module")
def trained() -> tuple[TrainedModel, pd.DataFrame, np.ndarray]:
    frame, truth = synthetic_frame(accounts=1000, snapshots=6, seed=0)
    return train_model(frame, FEATURES, "new_business"), frame, truth


@pytest.fixture(scope="module")
def fresh() -> tuple[pd.DataFrame, np.ndarray]:
    """New accounts from the same market: what the model will meet when it scores."""
    return synthetic_frame(accounts=3000, snapshots=1, seed=100)


def test_learned_regime_and_what_it_was_trained_on(trained) -> None:
    model, frame, _ = trained
    assert model.regime == "learned"
    assert model.calibrator.kind == "isotonic"  # ~950 positive rows, above 200
    assert model.trained_on.rows == 6000 and model.trained_on.accounts == 1000
    assert model.trained_on.snapshots == 6
    assert model.trained_on.positives == int(frame["label"].sum())
    assert model.base_rate == pytest.approx(frame["label"].mean())
    assert model.details["heldout_as_of"] == "2025-05-31"
    assert model.details["heldout_trained_through"] == "2025-03-02"  # 90-day outcome window
    assert 20 <= model.details["trees"] <= 200
    assert model.warnings == ()


def test_ranks_nearly_as_well_as_the_truth(trained, fresh) -> None:
    model, _, _ = trained
    frame, truth = fresh
    ours, oracle = evaluate(frame["label"], model.predict(frame)), evaluate(frame["label"], truth)
    assert ours.auc is not None and oracle.auc is not None
    assert ours.auc > oracle.auc - 0.02
    assert ours.brier is not None and oracle.brier is not None
    assert ours.brier < oracle.brier + 0.006


def test_probabilities_are_calibrated(trained, fresh) -> None:
    model, _, _ = trained
    frame, truth = fresh
    p = model.predict(frame)
    assert p.mean() == pytest.approx(truth.mean(), abs=0.01)
    for b in evaluate(frame["label"], p).reliability:
        if b.n >= 200:
            assert b.observed == pytest.approx(b.mean_predicted, abs=0.06)


def test_heldout_reports_model_baseline_and_rules(trained) -> None:
    model, frame, truth = trained
    newest = (frame["as_of"] == frame["as_of"].max()).to_numpy()
    oracle = evaluate(frame["label"][newest], truth[newest])
    assert set(model.heldout) == {"model", "baseline", "rules"}
    assert model.heldout["model"].n == 1000
    assert model.heldout["model"].auc > oracle.auc - 0.04
    assert model.heldout["baseline"].auc > oracle.auc - 0.04
    assert model.heldout["model"].captured_at_k[300] is not None


def test_explanations_add_up_to_the_probability(trained, fresh) -> None:
    model, _, _ = trained
    frame = fresh[0].head(300)
    p = model.predict(frame)
    points = model.contributions(frame)
    assert np.allclose(points.sum(axis=1) + model.base_rate, p, atol=1e-12)
    everything = model.explain(frame.head(20), top=None)
    for row, factors in enumerate(everything):
        assert len(factors) == len(FEATURES)
        assert sum(f.contribution for f in factors) + model.base_rate == pytest.approx(p[row])
    top = model.explain(frame.head(1))[0]
    assert len(top) == 5
    assert [abs(f.contribution) for f in top] == sorted(
        (abs(f.contribution) for f in top), reverse=True
    )
    assert {f.label for f in top} <= {
        "ICP fit score", "Intent score", "Engagement score", "In market (intent)",
        "Employees (log10)", "Industry", "Engaged people", "Known contacts",
    }  # fmt: skip


def test_rescaling_never_flips_a_sign(trained, fresh) -> None:
    model, _, _ = trained
    frame = fresh[0].head(500)
    phi, _ = model.scorer.contributions(frame)
    shifted = phi + np.asarray(model.reference.offsets)
    assert np.all(model.contributions(frame) * shifted >= 0)


def test_payload_round_trip_predicts_to_the_bit(trained, fresh) -> None:
    model, _, _ = trained
    frame = fresh[0]
    again = TrainedModel.from_payload(json.loads(json.dumps(model.to_payload())))
    assert np.array_equal(again.predict(frame), model.predict(frame))
    assert np.array_equal(again.contributions(frame), model.contributions(frame))
    assert again.heldout == model.heldout
    assert again.version == model.version


def test_missing_columns_and_unseen_categories_still_score(trained) -> None:
    model, frame, _ = trained
    rows = frame.head(3).drop(columns=["intent", "known_contacts"])
    rows["industry"] = ["Aerospace", None, "Software"]
    p = model.predict(rows)
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))
    factors = model.explain(rows, top=None)[0]
    assert {f.name: f.value for f in factors}["industry"] == "Aerospace"
    assert {f.name: f.value for f in factors}["intent"] == "unknown"


def test_same_data_same_seed_same_model() -> None:
    frame, _ = synthetic_frame(accounts=300, snapshots=3, seed=5)
    first = train_model(frame, FEATURES, "expansion", seed=3)
    again = train_model(frame, FEATURES, "expansion", seed=3)
    assert first.regime == "learned"
    assert first.version == again.version
