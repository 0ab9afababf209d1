"""Synthetic training frames whose true probabilities are known (the oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

INDUSTRIES = ("Software", "Finance", "Retail", "Health", "Manufacturing")
INDUSTRY_EFFECT = {"Software": 0.6, "Finance": 0.3, "Retail": -0.3, "Health": 0.0}
FEATURES = [
    "fit",
    "intent",
    "engagement_score",
    "in_market",
    "employees_log",
    "industry",
    "engaged_people",
    "known_contacts",
]


def synthetic_frame(
    accounts: int = 1000, snapshots: int = 6, seed: int = 0, shift: float = -3.4
) -> tuple[pd.DataFrame, np.ndarray]:
    """Stacked monthly snapshots of `accounts`, and each row's true probability.

    log-odds = shift + 0.03 (fit − 50) + 0.02 intent + 0.025 engagement + 0.7 in_market
               + industry effect + 1.0 when both intent and engagement exceed 50 (an interaction
               a linear model cannot see); unknown intent counts as 0.
    """
    rng = np.random.default_rng(seed)
    industry = rng.choice(INDUSTRIES, size=accounts)
    employees = rng.normal(2.5, 0.6, size=accounts)
    base_fit = np.clip(rng.normal(50, 20, size=accounts) + 10 * (industry == "Software"), 0, 100)
    frames, truths = [], []
    for i in range(snapshots):
        frame = _snapshot(rng, accounts, industry, employees, base_fit)
        frame["as_of"] = pd.Timestamp("2025-01-01") + pd.Timedelta(days=30 * i)
        truth = _truth(frame, shift)
        frame["label"] = rng.random(accounts) < truth
        frame["value"] = np.where(frame["label"], rng.lognormal(10, 1, size=accounts), 0.0)
        frames.append(frame)
        truths.append(truth)
    out = pd.concat(frames, ignore_index=True)
    out["account_id"] = out["account_id"].astype("int64")
    return out, np.concatenate(truths)


def _snapshot(
    rng: np.random.Generator,
    n: int,
    industry: np.ndarray,
    employees: np.ndarray,
    base_fit: np.ndarray,
) -> pd.DataFrame:
    interest = rng.random(n) < 0.3
    intent = np.where(interest, rng.uniform(20, 100, n), rng.uniform(0, 30, n))
    engagement = np.clip(np.where(interest, rng.normal(45, 25, n), rng.normal(10, 10, n)), 0, 100)
    in_market = ((intent > 60) & (rng.random(n) < 0.7)).astype(float)
    intent = np.where(rng.random(n) < 0.15, np.nan, intent)
    return pd.DataFrame(
        {
            "account_id": np.arange(1, n + 1),
            "fit": np.clip(base_fit + rng.normal(0, 3, n), 0, 100),
            "intent": intent,
            "engagement_score": engagement,
            "in_market": in_market,
            "employees_log": np.where(rng.random(n) < 0.1, np.nan, employees),
            "industry": np.where(rng.random(n) < 0.05, None, industry).astype(object),
            "engaged_people": rng.poisson(1 + engagement / 20).astype(float),
            "known_contacts": rng.poisson(5, n).astype(float),
        }
    )


def _truth(frame: pd.DataFrame, shift: float) -> np.ndarray:
    intent = frame["intent"].fillna(0.0).to_numpy()
    engagement = frame["engagement_score"].to_numpy()
    effect = frame["industry"].map(INDUSTRY_EFFECT).fillna(0.0).to_numpy(dtype=float)
    logit = (
        shift
        + 0.03 * (frame["fit"].to_numpy() - 50)
        + 0.02 * intent
        + 0.025 * engagement
        + 0.7 * frame["in_market"].to_numpy()
        + effect
        + 1.0 * ((intent > 50) & (engagement > 50))
    )
    return np.asarray(expit(logit))
