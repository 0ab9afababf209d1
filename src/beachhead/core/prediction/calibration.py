"""From a model's raw score (log-odds) to a probability that means what it says.

Calibrators are fitted on out-of-fold scores (the model never saw those rows), so they correct
the over-confidence a model has on its own training data.

* **platt**: `p = sigmoid(a × raw + b)`, two numbers; used with fewer than 200 positives.
* **isotonic**: the best non-decreasing step function, *centred* (each step replaced by a point
  at its centre, joined by straight lines) so that it is strictly increasing and keeps the
  model's ranking; each step's rate is smoothed, `(opened + ½) / (accounts + 1)`, so no step
  says 0% or 100%; beyond the outermost points it continues with the Platt slope.
* **identity**: `p = sigmoid(raw)` for models that are probabilistic already (logistic).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit

from beachhead.core.prediction.linear import fit_map

FloatArray = npt.NDArray[np.float64]
MIN_SLOPE = 1e-6  # a calibrator never reverses the model's ranking


@dataclass(frozen=True)
class Calibrator:
    kind: Literal["identity", "platt", "isotonic"] = "identity"
    slope: float = 1.0
    intercept: float = 0.0
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()

    def __call__(self, raw: FloatArray) -> FloatArray:
        raw = np.asarray(raw, dtype=np.float64)
        if self.kind == "identity":
            return np.asarray(expit(raw))
        if self.kind == "platt":
            return np.asarray(expit(self.slope * raw + self.intercept))
        xs, ys = np.asarray(self.x), np.asarray(self.y)
        inside = np.interp(raw, xs, ys)
        below = expit(logit(ys[0]) + self.slope * (raw - xs[0]))
        above = expit(logit(ys[-1]) + self.slope * (raw - xs[-1]))
        return np.asarray(np.where(raw < xs[0], below, np.where(raw > xs[-1], above, inside)))

    def inverse(self, probability: float) -> float:
        """The raw score calibrated to `probability` (bisection: every kind is increasing)."""
        lo, hi = -1.0, 1.0
        while float(self(np.array([lo]))[0]) > probability and lo > -1e6:
            lo *= 2
        while float(self(np.array([hi]))[0]) < probability and hi < 1e6:
            hi *= 2
        for _ in range(200):
            mid = (lo + hi) / 2
            if float(self(np.array([mid]))[0]) < probability:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    def to_payload(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "slope": self.slope,
            "intercept": self.intercept,
            "x": list(self.x),
            "y": list(self.y),
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> Calibrator:
        return cls(
            data["kind"], data["slope"], data["intercept"], tuple(data["x"]), tuple(data["y"])
        )


def fit_calibrator(
    raw: FloatArray, y: npt.NDArray[np.bool_], isotonic_min_positives: int = 200
) -> Calibrator:
    """Platt below `isotonic_min_positives` positive rows, centred isotonic from there."""
    slope, intercept = _platt(raw, y)
    platt = Calibrator("platt", slope, intercept)
    if int(y.sum()) < isotonic_min_positives:
        return platt
    xs, ys = _centred_isotonic(raw, y)
    if len(xs) < 2:
        return platt
    return Calibrator("isotonic", slope, 0.0, tuple(xs), tuple(ys))


def _platt(raw: FloatArray, y: npt.NDArray[np.bool_]) -> tuple[float, float]:
    x = np.column_stack([np.ones(len(raw)), raw])
    # A whisper of a prior keeps separable data finite; it is negligible otherwise.
    beta = fit_map(x, y, np.zeros(2), np.full(2, 1e-3))
    return max(float(beta[1]), MIN_SLOPE), float(beta[0])


def _centred_isotonic(raw: FloatArray, y: npt.NDArray[np.bool_]) -> tuple[list[float], list[float]]:
    """Isotonic steps → (centre, rate) points, rates smoothed away from exactly 0 and 1."""
    from sklearn.isotonic import IsotonicRegression

    order = np.argsort(raw, kind="stable")
    xs, hits = raw[order], y[order].astype(np.float64)
    fitted = IsotonicRegression().fit(xs, hits).predict(xs)
    centres, sizes, positives = _blocks(fitted, xs, np.ones(len(xs)), hits)
    # A top step of 20 accounts that all opened is not a 100% chance: Jeffreys' (k + ½)/(n + 1).
    smoothed = (positives + 0.5) / (sizes + 1.0)
    # Smoothing lifts small steps more than large ones, which can break the order: pool again.
    pooled = IsotonicRegression().fit(centres, smoothed, sample_weight=sizes).predict(centres)
    centres, sizes, weighted = _blocks(pooled, centres, sizes, smoothed * sizes)
    return [float(v) for v in centres], [float(v) for v in weighted / sizes]


def _blocks(
    values: FloatArray, xs: FloatArray, weights: FloatArray, sums: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Runs of equal `values`: weighted mean x, total weight, and total of `sums` per run."""
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    size = np.add.reduceat(weights, starts)
    centre = np.add.reduceat(xs * weights, starts) / size
    return centre, size, np.add.reduceat(sums, starts)
