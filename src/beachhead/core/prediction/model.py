"""Propensity models: train one for a population, score accounts, explain every score.

`train_model` picks the regime the data supports (`RegimeRules`): **rules** with next to no
outcomes, **priors** with a few, **learned** (LightGBM, calibrated) with enough. Whatever the
regime, a `TrainedModel` predicts calibrated probabilities, explains each one as signed
contributions that add up from the base rate, reports its held-out quality, and round-trips
through a JSON payload to the bit.

>>> model = rules_model("new_business")
>>> model.regime, model.base_rate
('rules', 0.03)
>>> import pandas as pd
>>> frame = pd.DataFrame({"fit": [50.0, 90.0], "intent": [0.0, 80.0]})
>>> [round(float(p), 3) for p in model.predict(frame)]
[0.03, 0.186]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from beachhead.core.prediction import explain as explaining
from beachhead.core.prediction.calibration import Calibrator
from beachhead.core.prediction.explain import Factor, Reference
from beachhead.core.prediction.gbm import GbmParams, GbmScorer
from beachhead.core.prediction.linear import LinearModel
from beachhead.core.prediction.metrics import DEFAULT_K, Evaluation
from beachhead.core.prediction.regimes import (
    BASE_RATE,
    Regime,
    RegimeRules,
    check_population,
    rules_linear,
)

FloatArray = npt.NDArray[np.float64]
PAYLOAD_FORMAT = 1
Scorer = GbmScorer | LinearModel

__all__ = [
    "Factor",
    "GbmParams",
    "RegimeRules",
    "TrainedModel",
    "TrainingSummary",
    "rules_model",
    "train_model",
]


@dataclass(frozen=True)
class TrainingSummary:
    """What the model learned from: rows (account snapshots), accounts, outcomes, window."""

    rows: int = 0
    accounts: int = 0
    positives: int = 0  # rows with the outcome
    positive_accounts: int = 0
    snapshots: int = 0
    first_as_of: str | None = None
    last_as_of: str | None = None


@dataclass(frozen=True)
class TrainedModel:
    """A scorer, its calibration and explanation reference, and what it was trained on."""

    regime: Regime
    population: str
    base_rate: float
    scorer: Scorer
    calibrator: Calibrator
    reference: Reference
    trained_on: TrainingSummary = field(default_factory=TrainingSummary)
    heldout: Mapping[str, Evaluation] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        return self.scorer.features

    def predict(self, frame: pd.DataFrame) -> FloatArray:
        """Calibrated probabilities, one per row (missing columns read as unknown)."""
        return self.calibrator(self.scorer.raw(frame))

    def contributions(self, frame: pd.DataFrame) -> FloatArray:
        """Rows × `features` in probability points; each row sums to `p − base_rate`."""
        phi, _bias = self.scorer.contributions(frame)  # the reference offsets account for it
        return explaining.to_points(phi, self.predict(frame), self.base_rate, self.reference)

    def explain(self, frame: pd.DataFrame, top: int | None = 5) -> list[list[Factor]]:
        """Each row's `top` factors by size (None: all of them, which add up to p − base_rate)."""
        return explaining.factors(frame, self.features, self.contributions(frame), top)

    def to_payload(self) -> dict[str, Any]:
        """Everything needed to score again, as JSON-ready data."""
        return {
            "format": PAYLOAD_FORMAT,
            "regime": self.regime,
            "population": self.population,
            "base_rate": self.base_rate,
            "scorer": self.scorer.to_payload(),
            "calibrator": self.calibrator.to_payload(),
            "reference": self.reference.to_payload(),
            "trained_on": asdict(self.trained_on),
            "heldout": {name: e.as_dict() for name, e in self.heldout.items()},
            "warnings": list(self.warnings),
            "details": dict(self.details),
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> TrainedModel:
        if data.get("format") != PAYLOAD_FORMAT:
            raise ValueError(f"unsupported model payload format {data.get('format')!r}")
        scorer_data = data["scorer"]
        scorer: Scorer = (
            GbmScorer.from_payload(scorer_data)
            if scorer_data["kind"] == "lightgbm"
            else LinearModel.from_payload(scorer_data)
        )
        return cls(
            regime=data["regime"],
            population=data["population"],
            base_rate=data["base_rate"],
            scorer=scorer,
            calibrator=Calibrator.from_payload(data["calibrator"]),
            reference=Reference.from_payload(data["reference"]),
            trained_on=TrainingSummary(**data["trained_on"]),
            heldout={k: Evaluation.from_dict(v) for k, v in data["heldout"].items()},
            warnings=tuple(data["warnings"]),
            details=dict(data["details"]),
        )

    @property
    def version(self) -> str:
        """A content hash of the payload: equal models, equal versions."""
        text = json.dumps(self.to_payload(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def rules_model(population: str) -> TrainedModel:
    """The no-data model: `regimes.rules_linear`, probabilities as they come."""
    check_population(population)
    scorer = rules_linear(population)
    return TrainedModel(
        regime="rules",
        population=population,
        base_rate=BASE_RATE[population],
        scorer=scorer,
        calibrator=Calibrator("identity"),
        # The rules' bias is the base rate's log-odds already: no offsets to share.
        reference=Reference(scorer.intercept, (0.0,) * len(scorer.features)),
    )


def train_model(
    frame: pd.DataFrame,
    features: Sequence[str],
    population: str,
    rules: RegimeRules | None = None,
    seed: int = 0,
    *,
    params: GbmParams | None = None,
    horizon_days: int = 90,
    k_values: Sequence[int] = DEFAULT_K,
    allow: Collection[str] = (),
) -> TrainedModel:
    """Train the richest model `frame` supports (see `RegimeRules`) for `population`.

    Refuses (`LeakageError`) custom feature columns that look known only after the outcome
    (`allow`: custom columns whose names only look suspicious, see `leakage.check_leakage`).
    Held-out quality: models fitted on snapshots at least `horizon_days` before the newest
    one (whose labels are then already known), evaluated on the newest.
    """
    from beachhead.core.prediction.training import Options, train

    options = Options(
        rules or RegimeRules(), params or GbmParams(), seed, horizon_days, k_values, allow
    )
    return train(frame, features, population, options)
