"""Per-account reasons: signed contributions, in probability points, that add up.

Models give contributions in log-odds (TreeSHAP for trees, `coef × (x − reference)` for linear
models) measured from their *bias*, the mean raw score. An explanation should instead start
from the base rate and end at the account's calibrated probability:

    base rate + Σ contributions = probability

Two steps get there without ever flipping a factor's sign against the score's direction:

1. Shift: the gap between the bias and the raw score whose calibrated probability is the base
   rate is shared among the features in proportion to their mean absolute contribution on the
   training rows (fixed offsets, the same for every account). The shifted contributions now
   sum to `raw − raw(base rate)`.
2. Scale: multiply them by `(p − base rate) / (raw − raw(base rate))`, which is never negative
   because calibration is strictly increasing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from beachhead.core.prediction.catalog import feature

FloatArray = npt.NDArray[np.float64]
TINY = 1e-12


@dataclass(frozen=True)
class Factor:
    """One reason: the feature, its display label, the account's value and the points it adds."""

    name: str
    label: str
    value: str
    contribution: float  # probability points, e.g. +0.042 = +4.2 points


@dataclass(frozen=True)
class Reference:
    """Where explanations start: the raw score at the base rate, and the per-feature offsets."""

    raw: float
    offsets: tuple[float, ...]

    def to_payload(self) -> dict[str, Any]:
        return {"raw": self.raw, "offsets": list(self.offsets)}

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> Reference:
        return cls(data["raw"], tuple(data["offsets"]))


def fit_reference(sample: FloatArray, bias: float, base_raw: float) -> Reference:
    """Offsets sharing `bias − base_raw` by each feature's mean |contribution| on `sample`."""
    width = sample.shape[1]
    weight = np.abs(sample).mean(axis=0) if len(sample) else np.zeros(width)
    total = float(weight.sum())
    share = weight / total if total > TINY else np.full(width, 1.0 / max(width, 1))
    return Reference(base_raw, tuple(float(v) for v in (bias - base_raw) * share))


def to_points(phi: FloatArray, p: FloatArray, base_rate: float, reference: Reference) -> FloatArray:
    """Log-odds contributions → probability points summing to `p − base_rate` per row."""
    shifted = phi + np.asarray(reference.offsets)
    distance = shifted.sum(axis=1)  # = raw − reference.raw
    gap = p - base_rate
    safe = np.abs(distance) > TINY
    scale = np.divide(gap, distance, out=np.zeros_like(gap), where=safe)
    points = shifted * scale[:, None]
    if not safe.all():  # at the reference itself: share the (tiny) gap by |shifted|
        points[~safe] = _share(shifted[~safe], gap[~safe])
    return np.asarray(points)


def _share(shifted: FloatArray, gap: FloatArray) -> FloatArray:
    weight = np.abs(shifted)
    total = weight.sum(axis=1, keepdims=True)
    uniform = np.full_like(weight, 1.0 / max(weight.shape[1], 1))
    weight = np.divide(weight, total, out=uniform, where=total > TINY)
    return np.asarray(weight * gap[:, None])


def factors(
    frame: pd.DataFrame, features: Sequence[str], points: FloatArray, top: int | None
) -> list[list[Factor]]:
    """Each row's factors, largest |contribution| first (ties in feature order)."""
    labels = [feature(name).label for name in features]
    values = [_column(frame, name) for name in features]
    keep = len(features) if top is None else max(top, 0)
    order = np.argsort(-np.abs(points), axis=1, kind="stable")[:, :keep]
    return [
        [
            Factor(features[j], labels[j], display(values[j][row]), float(points[row, j]))
            for j in order[row]
        ]
        for row in range(len(points))
    ]


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    if name not in frame.columns:
        return [None] * len(frame)
    return list(frame[name].astype(object).to_numpy())


def display(value: Any) -> str:
    """How an account's value reads in an explanation: `12`, `0.42`, `Software`, `unknown`."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "unknown"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        number = float(value)
        if number.is_integer():
            return f"{int(number):,}"
        return f"{number:,.2f}" if abs(number) < 1000 else f"{number:,.0f}"
    return str(value).strip() or "unknown"
