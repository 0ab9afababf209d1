"""Which kind of model the data can support, and the two models that need little or no data.

* **rules** (no data): a fixed logistic formula of fit, intent, engagement and in-market.
* **priors** (a few outcomes): the same formula refitted as a Bayesian logistic regression whose
  prior is centred on the rules, so a handful of opportunities move it only part of the way.
* **learned** (enough outcomes): gradient-boosted trees, calibrated (see `model`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from beachhead.core.prediction import columns
from beachhead.core.prediction.catalog import POPULATIONS
from beachhead.core.prediction.linear import LinearModel, NumericTerm, fit_map, with_coefficients
from beachhead.errors import ConfigError

Regime = Literal["rules", "priors", "learned"]
RULES_FEATURES = ("fit", "intent", "engagement_score", "in_market")

# The reference account: moderate fit, no intent, no engagement (unknown values count as this).
REFERENCE = {"fit": 50.0, "intent": 0.0, "engagement_score": 0.0, "in_market": 0.0}
# Share of reference accounts that open such an opportunity within 90 days.
BASE_RATE = {"new_business": 0.03, "expansion": 0.10}
# Log-odds per point (per 1 for in_market). Customers' fit is settled, usage signals matter more.
SLOPES = {
    "new_business": {"fit": 0.02, "intent": 0.015, "engagement_score": 0.015, "in_market": 0.5},
    "expansion": {"fit": 0.01, "intent": 0.01, "engagement_score": 0.02, "in_market": 0.3},
}
INTERCEPT_PRECISION = 0.25  # prior sd of 2 log-odds: the base rate is learned from the data


@dataclass(frozen=True)
class RegimeRules:
    """Minimum data for each regime (counted in the training frame, all snapshots).

    `prior_strength` is how many positive accounts' worth of evidence the rules prior carries:
    with 10 outcomes the data weigh about 10 / (10 + 25) = 30%, at the learned threshold of 50
    about two thirds, so the switch to the learned model is not a jump from pure rules.
    """

    learned_min_positive_accounts: int = 50
    learned_min_negative_accounts: int = 50
    priors_min_positive_accounts: int = 10
    isotonic_min_positives: int = 200  # fewer positive rows: Platt (sigmoid) calibration
    prior_strength: float = 25.0


def check_population(population: str) -> None:
    if population not in POPULATIONS:
        raise ConfigError(
            f"unknown propensity population {population!r}",
            hint=f"use one of: {', '.join(POPULATIONS)}",
        )


def choose_regime(frame: pd.DataFrame, rules: RegimeRules) -> Regime:
    """The richest regime whose minimum the frame meets."""
    if frame.empty:
        return "rules"
    y = columns.labels(frame)
    ids = frame["account_id"].to_numpy()
    positive_accounts = len(np.unique(ids[y]))
    negative_accounts = len(np.unique(ids[~y]))
    if (
        positive_accounts >= rules.learned_min_positive_accounts
        and negative_accounts >= rules.learned_min_negative_accounts
    ):
        return "learned"
    if positive_accounts >= rules.priors_min_positive_accounts:
        return "priors"
    return "rules"


def rules_linear(population: str) -> LinearModel:
    """`log-odds = logit(base rate) + Σ slope × (value − reference)`, unknown = reference."""
    check_population(population)
    slopes = SLOPES[population]
    terms = tuple(NumericTerm(name, REFERENCE[name], REFERENCE[name]) for name in RULES_FEATURES)
    rate = BASE_RATE[population]
    return LinearModel(
        features=RULES_FEATURES,
        numeric=terms,
        categorical=(),
        coef=tuple(slopes[name] for name in RULES_FEATURES),
        intercept=math.log(rate / (1 - rate)),
        reference=(0.0,) * len(RULES_FEATURES),
    )


def fit_priors(frame: pd.DataFrame, population: str, rules: RegimeRules) -> LinearModel:
    """Posterior mode of the rules formula given the frame's outcomes.

    The prior precision of each slope is `strength × variance of the feature`, i.e. a prior sd
    of `1 / sqrt(strength)` on the standardised slope: a logistic slope gains about one unit of
    precision per positive outcome, so the prior is worth `strength` positive accounts.
    """
    shell = rules_linear(population)
    y = columns.labels(frame)
    design = shell.design(frame)
    x = np.column_stack([np.ones(len(frame)), design])
    prior_mean = np.r_[shell.intercept, np.asarray(shell.coef)]
    strength = rules.prior_strength * _rows_per_positive_account(frame, y)
    variance = np.maximum(design.var(axis=0), 1e-6)
    precision = np.r_[INTERCEPT_PRECISION, strength * variance]
    beta = fit_map(x, y, prior_mean, precision)
    return with_coefficients(shell, [float(b) for b in beta[1:]], float(beta[0]), frame)


def _rows_per_positive_account(frame: pd.DataFrame, y: np.ndarray) -> float:
    """Snapshots stack an account several times; the prior is counted in accounts, not rows."""
    accounts = len(np.unique(frame["account_id"].to_numpy()[y]))
    return float(y.sum()) / accounts if accounts else 1.0
