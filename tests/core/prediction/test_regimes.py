"""Regimes: the switch points, the rules formula and the priors fit."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.prediction.model import (
    RegimeRules,
    TrainedModel,
    rules_model,
    train_model,
)
from beachhead.core.prediction.regimes import RULES_FEATURES, SLOPES, choose_regime, fit_priors
from beachhead.errors import ConfigError, InputError

from .synth import FEATURES, synthetic_frame


def _frame(positive_accounts: int, negative_accounts: int) -> pd.DataFrame:
    ids = np.arange(positive_accounts + negative_accounts)
    return pd.DataFrame(
        {
            "account_id": ids,
            "as_of": pd.Timestamp("2025-06-01"),
            "label": ids < positive_accounts,
        }
    )


@pytest.mark.parametrize(
    ("positives", "negatives", "regime"),
    [
        (0, 500, "rules"),
        (9, 500, "rules"),
        (10, 500, "priors"),
        (49, 500, "priors"),
        (50, 500, "learned"),
        (50, 49, "priors"),
        (50, 50, "learned"),
    ],
)
def test_regime_switches_at_the_documented_minimums(
    positives: int, negatives: int, regime: str
) -> None:
    assert choose_regime(_frame(positives, negatives), RegimeRules()) == regime


def test_positive_accounts_count_once_across_snapshots() -> None:
    one = _frame(30, 500)
    stacked = pd.concat([one, one.assign(as_of=pd.Timestamp("2025-07-01"))])
    assert choose_regime(stacked, RegimeRules()) == "priors"  # 60 positive rows, 30 accounts
    assert choose_regime(stacked, RegimeRules(learned_min_positive_accounts=30)) == "learned"


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["new_business", "expansion"]),
    *(st.one_of(st.none(), st.floats(0, 100)) for _ in range(3)),
    st.one_of(st.none(), st.sampled_from([0.0, 1.0])),
)
def test_rules_give_probabilities_that_add_up(
    population: str,
    fit: float | None,
    intent: float | None,
    engagement: float | None,
    in_market: float | None,
) -> None:
    model = rules_model(population)
    row = pd.DataFrame(
        {
            "fit": [fit],
            "intent": [intent],
            "engagement_score": [engagement],
            "in_market": [in_market],
        },
        dtype=float,
    )
    p = model.predict(row)[0]
    assert 0.0 <= p <= 1.0
    assert model.contributions(row).sum() + model.base_rate == pytest.approx(p, abs=1e-12)


def test_rules_formula_and_reference_account() -> None:
    model = rules_model("expansion")
    reference = pd.DataFrame({"fit": [50.0]})  # the other signals unknown: the reference
    assert model.predict(reference)[0] == pytest.approx(0.10)
    strong = pd.DataFrame(
        {"fit": [80.0], "intent": [60.0], "engagement_score": [70.0], "in_market": [1.0]}
    )
    slopes = SLOPES["expansion"]
    logit = (
        math.log(0.1 / 0.9)
        + 30 * slopes["fit"]
        + 60 * slopes["intent"]
        + 70 * slopes["engagement_score"]
        + slopes["in_market"]
    )
    assert model.predict(strong)[0] == pytest.approx(1 / (1 + math.exp(-logit)))
    factors = {f.name: f for f in model.explain(strong, top=None)[0]}
    assert factors["engagement_score"].value == "70"
    assert all(f.contribution > 0 for f in factors.values())


def test_priors_move_only_part_of_the_way() -> None:
    frame, _ = synthetic_frame(accounts=400, snapshots=2, seed=11, shift=-6.0)  # 37 opened
    rules = RegimeRules()
    assert choose_regime(frame, rules) == "priors"
    rule_fit = SLOPES["new_business"]["fit"]
    default = fit_priors(frame, "new_business", rules).coef[0]
    loose = fit_priors(frame, "new_business", RegimeRules(prior_strength=1e-6)).coef[0]
    tight = fit_priors(frame, "new_business", RegimeRules(prior_strength=1e6)).coef[0]
    assert tight == pytest.approx(rule_fit, abs=1e-4)
    assert min(rule_fit, loose) < default < max(rule_fit, loose)  # the data's 0.03 pulls it up


def test_priors_model_end_to_end() -> None:
    frame, _ = synthetic_frame(accounts=200, snapshots=6, seed=11, shift=-6.0)  # 38 opened
    model = train_model(frame, FEATURES, "new_business")
    assert model.regime == "priors"
    assert model.features == RULES_FEATURES
    assert set(model.heldout) == {"model", "rules"}
    assert model.base_rate == pytest.approx(frame["label"].mean())
    p = model.predict(frame)
    assert np.allclose(model.contributions(frame).sum(axis=1) + model.base_rate, p, atol=1e-12)
    again = TrainedModel.from_payload(json.loads(json.dumps(model.to_payload())))
    assert np.array_equal(again.predict(frame), p)


def test_few_outcomes_fall_back_to_rules() -> None:
    frame, _ = synthetic_frame(accounts=60, snapshots=2, seed=1, shift=-4.6)  # 7 opened
    model = train_model(frame, FEATURES, "expansion")
    assert model.regime == "rules"
    assert model.base_rate == 0.10
    assert model.trained_on.rows == 120
    assert model.heldout["model"].n == 60  # the rules are scored on the newest snapshot
    empty = train_model(frame.iloc[:0], FEATURES, "expansion")
    assert empty.regime == "rules" and empty.heldout == {}


def test_bad_population_and_frame_are_named() -> None:
    with pytest.raises(ConfigError, match="unknown propensity population 'churn'"):
        rules_model("churn")
    with pytest.raises(InputError, match="as_of"):
        train_model(pd.DataFrame({"account_id": [1], "label": [True]}), ["fit"], "expansion")
    with pytest.raises(ConfigError, match="no feature columns"):
        train_model(_frame(60, 60), [], "expansion")


def test_a_learned_model_that_loses_to_the_rules_gives_way_to_priors() -> None:
    # Trees that may only see noise cannot rank the held-out snapshot as well as the rules.
    frame, _ = synthetic_frame(3000, seed=5)
    noise = np.random.default_rng(5).normal(size=len(frame))
    model = train_model(frame.assign(noise=noise), ["noise"], "new_business")
    assert model.regime == "priors"
    assert any("lost to the rules" in w for w in model.warnings)
    assert model.details["learned_heldout_auc"] < 0.6
    honest = train_model(frame, FEATURES, "new_business")
    assert honest.regime == "learned" and not honest.warnings
