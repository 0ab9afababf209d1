"""Logistic models over a small, explicit design: the rules, the priors regime and the baseline.

Each numeric feature becomes `(value - center) / scale` with unknown values imputed (plus a
"value unknown" column when training saw gaps); each categorical feature becomes one 0/1
column per level seen in training (unknown and unseen levels: all zeros). The model is then
`log-odds = intercept + coef · design`, and a feature's contribution is its columns'
`coef × (design - reference)`, so contributions plus the bias add up to the log-odds exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import expit

from beachhead.core.prediction import columns
from beachhead.core.prediction.catalog import Kind

FloatArray = npt.NDArray[np.float64]
MAX_LEVELS = 30  # one-hot columns per categorical feature in the baseline (the most frequent)


@dataclass(frozen=True)
class NumericTerm:
    name: str
    impute: float
    center: float
    scale: float = 1.0
    indicator: bool = False  # add a 0/1 "unknown" column


@dataclass(frozen=True)
class CategoryTerm:
    name: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class LinearModel:
    """`log-odds = intercept + coef · design(frame)`; contributions measured from `reference`."""

    features: tuple[str, ...]
    numeric: tuple[NumericTerm, ...]
    categorical: tuple[CategoryTerm, ...]
    coef: tuple[float, ...]
    intercept: float
    reference: tuple[float, ...] = field(default=())

    def design(self, frame: pd.DataFrame) -> FloatArray:
        blocks: list[FloatArray] = []
        for term in self.numeric:
            raw = columns.numeric(frame, term.name)
            unknown = np.isnan(raw)
            blocks.append((np.where(unknown, term.impute, raw) - term.center) / term.scale)
            if term.indicator:
                blocks.append(unknown.astype(np.float64))
        for cat in self.categorical:
            values = columns.text(frame, cat.name)
            blocks.extend((values == level).astype(np.float64) for level in cat.levels)
        if not blocks:
            return np.zeros((len(frame), 0))
        return np.column_stack(blocks)

    def owners(self) -> list[int]:
        """For each design column, the index of its feature in `features`."""
        position = {name: i for i, name in enumerate(self.features)}
        out: list[int] = []
        for term in self.numeric:
            out.extend([position[term.name]] * (2 if term.indicator else 1))
        for cat in self.categorical:
            out.extend([position[cat.name]] * len(cat.levels))
        return out

    def raw(self, frame: pd.DataFrame) -> FloatArray:
        return np.asarray(self.design(frame) @ np.asarray(self.coef) + self.intercept)

    def contributions(self, frame: pd.DataFrame) -> tuple[FloatArray, float]:
        """Per-feature log-odds contributions and the bias (the log-odds at the reference)."""
        coef = np.asarray(self.coef)
        reference = np.asarray(self.reference) if self.reference else np.zeros(len(coef))
        per_column = (self.design(frame) - reference) * coef
        out = np.zeros((len(frame), len(self.features)))
        np.add.at(out.T, np.asarray(self.owners(), dtype=np.intp), per_column.T)
        return out, float(reference @ coef + self.intercept)

    def to_payload(self) -> dict[str, Any]:
        return {
            "kind": "linear",
            "features": list(self.features),
            "numeric": [asdict(t) for t in self.numeric],
            "categorical": [{"name": c.name, "levels": list(c.levels)} for c in self.categorical],
            "coef": list(self.coef),
            "intercept": self.intercept,
            "reference": list(self.reference),
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> LinearModel:
        return cls(
            features=tuple(data["features"]),
            numeric=tuple(NumericTerm(**t) for t in data["numeric"]),
            categorical=tuple(
                CategoryTerm(c["name"], tuple(c["levels"])) for c in data["categorical"]
            ),
            coef=tuple(data["coef"]),
            intercept=data["intercept"],
            reference=tuple(data["reference"]),
        )


def standard_terms(
    frame: pd.DataFrame, kind_of: Mapping[str, Kind]
) -> tuple[tuple[NumericTerm, ...], tuple[CategoryTerm, ...]]:
    """Baseline design: median imputation, missing indicators, standardisation, one-hot."""
    numeric: list[NumericTerm] = []
    categorical: list[CategoryTerm] = []
    for name, kind in kind_of.items():
        if kind == "categorical":
            counts = pd.Series(columns.text(frame, name)).value_counts(dropna=True)
            top = counts.sort_index().sort_values(ascending=False, kind="stable")[:MAX_LEVELS]
            categorical.append(CategoryTerm(name, tuple(sorted(str(v) for v in top.index))))
            continue
        raw = columns.numeric(frame, name)
        known = raw[~np.isnan(raw)]
        median = float(np.median(known)) if len(known) else 0.0
        imputed = np.where(np.isnan(raw), median, raw)
        std = float(imputed.std()) if len(imputed) else 0.0
        numeric.append(
            NumericTerm(
                name,
                impute=median,
                center=float(imputed.mean()) if len(imputed) else 0.0,
                scale=std if std > 1e-12 else 1.0,
                indicator=bool(len(known) < len(raw)),
            )
        )
    return tuple(numeric), tuple(categorical)


def fit_baseline(
    frame: pd.DataFrame, y: npt.NDArray[np.bool_], kind_of: Mapping[str, Kind]
) -> LinearModel:
    """The simple comparator: L2 logistic regression (C=1) on the standard design."""
    from sklearn.linear_model import LogisticRegression

    numeric, categorical = standard_terms(frame, kind_of)
    shell = LinearModel(tuple(kind_of), numeric, categorical, (), 0.0)
    x = shell.design(frame)
    if len(np.unique(y)) < 2:  # one class: nothing to learn beyond the rate itself
        return _constant(shell, x, y)
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    return _with_coef(shell, x, fitted.coef_[0], float(fitted.intercept_[0]))


def _constant(shell: LinearModel, x: FloatArray, y: npt.NDArray[np.bool_]) -> LinearModel:
    rate = float(np.clip(np.mean(y) if len(y) else 0.5, 1e-4, 1 - 1e-4))
    return _with_coef(shell, x, np.zeros(x.shape[1]), float(np.log(rate / (1 - rate))))


def _with_coef(
    shell: LinearModel, x: FloatArray, coef: FloatArray, intercept: float
) -> LinearModel:
    reference = x.mean(axis=0) if len(x) else np.zeros(x.shape[1])
    return LinearModel(
        shell.features,
        shell.numeric,
        shell.categorical,
        tuple(float(c) for c in coef),
        intercept,
        tuple(float(r) for r in reference),
    )


def fit_map(
    x: FloatArray,
    y: npt.NDArray[np.bool_],
    prior_mean: FloatArray,
    prior_precision: FloatArray,
    iterations: int = 100,
) -> FloatArray:
    """Logistic regression with a Gaussian prior: the posterior mode, by Newton's method.

    `x` includes the intercept column. The prior keeps the problem strictly convex, so Newton
    converges in a handful of steps even on separable data.
    """
    beta = prior_mean.astype(np.float64).copy()
    target = y.astype(np.float64)
    for _ in range(iterations):
        p = expit(x @ beta)
        gradient = x.T @ (p - target) + prior_precision * (beta - prior_mean)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(prior_precision)
        step = np.linalg.solve(hessian, gradient)
        beta = beta - step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return beta


def with_coefficients(
    shell: LinearModel, coef: Sequence[float], intercept: float, frame: pd.DataFrame | None
) -> LinearModel:
    """`shell`'s design with new coefficients; reference at the frame's mean (else the center)."""
    x = shell.design(frame) if frame is not None and len(frame) else None
    if x is None:
        return LinearModel(
            shell.features, shell.numeric, shell.categorical, tuple(coef), intercept, ()
        )
    return _with_coef(shell, x, np.asarray(coef, dtype=np.float64), intercept)
