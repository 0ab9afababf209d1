"""The learned regime's scorer: LightGBM gradient-boosted trees, deterministic and explainable.

Categorical features are coded by their position in the category list seen in training (kept
with the model); unknown and unseen categories are missing values, which LightGBM routes like
the rarest categories. Contributions are LightGBM's TreeSHAP values in log-odds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pandas as pd

from beachhead.core.prediction import columns

FloatArray = npt.NDArray[np.float64]
Spec = tuple[Sequence[str], Mapping[str, tuple[str, ...]]]  # features, category levels
MIN_TREES = 20


@dataclass(frozen=True)
class GbmParams:
    """Small, conservative trees: a few thousand accounts must not be over-fitted."""

    trees: int = 200
    learning_rate: float = 0.05
    num_leaves: int = 15
    min_child_samples: int = 20
    feature_fraction: float = 0.8
    lambda_l2: float = 1.0
    folds: int = 5  # account-grouped folds for the out-of-fold scores calibration learns from
    threads: int = 2
    # Below this many rows one thread is faster: a second one mostly waits at barriers (and, on
    # a busy machine, for a free core). Results are the same either way.
    parallel_from_rows: int = 100_000

    def lightgbm(self, seed: int, rows: int | None = None) -> dict[str, Any]:
        threads = 1 if rows is not None and rows < self.parallel_from_rows else self.threads
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "lambda_l2": self.lambda_l2,
            "seed": seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": threads,
            "verbose": -1,
        }


@dataclass(frozen=True)
class GbmScorer:
    """A trained booster (as LightGBM's text format) with the category coding it expects."""

    features: tuple[str, ...]
    categories: Mapping[str, tuple[str, ...]]
    model: str = field(repr=False)

    @cached_property
    def booster(self) -> lgb.Booster:
        # Always the parsed text, so a model loaded from a payload predicts to the bit alike.
        return lgb.Booster(model_str=self.model)

    def matrix(self, frame: pd.DataFrame) -> FloatArray:
        return encode(frame, self.features, self.categories)

    def raw(self, frame: pd.DataFrame) -> FloatArray:
        if len(frame) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(self.matrix(frame), raw_score=True))

    def contributions(self, frame: pd.DataFrame) -> tuple[FloatArray, float]:
        """TreeSHAP log-odds per feature, and the bias (the training mean raw score)."""
        if len(frame) == 0:
            return np.zeros((0, len(self.features))), self._bias()
        contrib = np.asarray(self.booster.predict(self.matrix(frame), pred_contrib=True))
        return contrib[:, :-1], float(contrib[0, -1])

    def _bias(self) -> float:
        row = np.full((1, len(self.features)), np.nan)
        return float(np.asarray(self.booster.predict(row, pred_contrib=True))[0, -1])

    def to_payload(self) -> dict[str, Any]:
        return {
            "kind": "lightgbm",
            "features": list(self.features),
            "categories": {name: list(levels) for name, levels in self.categories.items()},
            "model": self.model,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> GbmScorer:
        categories = {name: tuple(levels) for name, levels in data["categories"].items()}
        return cls(tuple(data["features"]), categories, data["model"])


def encode(
    frame: pd.DataFrame, features: Sequence[str], categories: Mapping[str, tuple[str, ...]]
) -> FloatArray:
    """The float matrix LightGBM reads: numbers as they are, categories as their codes."""
    if not features:
        return np.zeros((len(frame), 0))
    return np.column_stack(
        [
            columns.codes(frame, name, categories[name])
            if name in categories
            else columns.numeric(frame, name)
            for name in features
        ]
    )


def train_gbm(
    x: FloatArray,
    y: npt.NDArray[np.bool_],
    spec: Spec,
    params: GbmParams,
    seed: int,
    trees: int | None = None,
) -> GbmScorer:
    """Fit on an encoded matrix (see `encode`), with `trees` rounds (default `params.trees`)."""
    rounds = params.trees if trees is None else trees
    booster = lgb.train(params.lightgbm(seed, len(y)), _dataset(x, y, spec), num_boost_round=rounds)
    return GbmScorer(tuple(spec[0]), dict(spec[1]), booster.model_to_string())


def cross_validate(
    x: FloatArray,
    y: npt.NDArray[np.bool_],
    groups: npt.NDArray[Any],
    spec: Spec,
    params: GbmParams,
    seed: int,
) -> tuple[FloatArray, int]:
    """Account-grouped cross-validation: out-of-fold raw scores, and the number of trees (up to
    `params.trees`) with the lowest mean held-out log-loss, so small data get small models."""
    from sklearn.model_selection import GroupKFold

    splits = min(params.folds, len(np.unique(groups)))
    folds = list(GroupKFold(n_splits=splits).split(x, y, groups))
    result = lgb.cv(
        params.lightgbm(seed, len(y)),
        _dataset(x, y, spec),
        num_boost_round=params.trees,
        folds=folds,
        metrics="binary_logloss",
        return_cvbooster=True,
        seed=seed,
    )
    losses = np.asarray(result["valid binary_logloss-mean"])
    trees = max(int(np.argmin(losses)) + 1, min(MIN_TREES, params.trees))
    out = np.zeros(len(y))
    boosters: list[lgb.Booster] = getattr(result["cvbooster"], "boosters")  # noqa: B009
    for (_, held), booster in zip(folds, boosters, strict=True):
        out[held] = booster.predict(x[held], num_iteration=trees, raw_score=True)
    return out, trees


def _dataset(x: FloatArray, y: npt.NDArray[np.bool_], spec: Spec) -> lgb.Dataset:
    features, categories = spec
    return lgb.Dataset(
        x,
        label=y.astype(np.float64),
        feature_name=[f"f{i}" for i in range(len(features))],
        categorical_feature=[i for i, name in enumerate(features) if name in categories] or "auto",
        params={"verbose": -1},
        free_raw_data=False,
    )
