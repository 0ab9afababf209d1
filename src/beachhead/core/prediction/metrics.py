"""How good a ranking of accounts is: AUC, PR-AUC, lift, precision and pipeline in the top K.

Scores are ranked highest first; equal scores keep their input order, so the same inputs always
give the same top K. `evaluate` returns a frozen `Evaluation` that serialises to JSON.

>>> e = evaluate([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], k_values=(2,), bins=2)
>>> e.auc, e.precision_at_k[2], round(e.brier, 4)
(0.75, 0.5, 0.2875)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
DEFAULT_K = (25, 300, 3000)  # tier capacities: 1:1, 1:few, 1:many


@dataclass(frozen=True)
class ReliabilityBin:
    """Accounts predicted within [lo, hi): their mean probability vs the share that opened."""

    lo: float
    hi: float
    n: int
    mean_predicted: float | None
    observed: float | None


@dataclass(frozen=True)
class Evaluation:
    """Quality of one set of predictions against outcomes (None where undefined)."""

    n: int
    positives: int
    base_rate: float | None
    auc: float | None
    pr_auc: float | None
    lift_at_10pct: float | None
    precision_at_k: Mapping[int, float | None]
    captured_at_k: Mapping[int, float | None]
    brier: float | None
    reliability: Sequence[ReliabilityBin]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: K keys become strings."""
        out = asdict(self)
        out["precision_at_k"] = {str(k): v for k, v in self.precision_at_k.items()}
        out["captured_at_k"] = {str(k): v for k, v in self.captured_at_k.items()}
        out["reliability"] = [asdict(b) for b in self.reliability]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evaluation:
        """Inverse of `as_dict`."""
        fields = dict(data)
        fields["precision_at_k"] = {int(k): v for k, v in data["precision_at_k"].items()}
        fields["captured_at_k"] = {int(k): v for k, v in data["captured_at_k"].items()}
        fields["reliability"] = [ReliabilityBin(**b) for b in data["reliability"]]
        return cls(**fields)


def ranking(scores: npt.ArrayLike) -> npt.NDArray[np.intp]:
    """Indices from the highest score down; ties keep input order."""
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")


def evaluate(
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    *,
    k_values: Sequence[int] = DEFAULT_K,
    value: npt.ArrayLike | None = None,
    bins: int = 10,
) -> Evaluation:
    """Score predicted probabilities `p` against 0/1 outcomes `y`.

    `value` (e.g. pipeline amount per account) gives `captured_at_k`: the share of the total
    that the top K accounts hold. K larger than the number of accounts counts every account.
    """
    labels = np.asarray(y, dtype=bool)
    probs = np.asarray(p, dtype=np.float64)
    _check_inputs(labels, probs, bins)
    order = ranking(probs)
    hits = labels[order]
    amounts = None if value is None else np.asarray(value, dtype=np.float64)[order]
    n, positives = len(labels), int(labels.sum())
    return Evaluation(
        n=n,
        positives=positives,
        base_rate=positives / n if n else None,
        auc=roc_auc(labels, probs),
        pr_auc=average_precision(labels, probs),
        lift_at_10pct=_lift(hits, positives),
        precision_at_k={k: _precision(hits, k) for k in k_values},
        captured_at_k={k: _captured(amounts, k) for k in k_values},
        brier=float(np.mean((probs - labels) ** 2)) if n else None,
        reliability=reliability(labels, probs, bins),
    )


def _check_inputs(labels: npt.NDArray[np.bool_], probs: FloatArray, bins: int) -> None:
    if labels.shape != probs.shape or labels.ndim != 1:
        raise ValueError(f"y and p must be 1-d and equal length, got {labels.shape} {probs.shape}")
    if not np.all((probs >= 0) & (probs <= 1)):
        raise ValueError("p must hold probabilities in [0, 1] (no NaN)")
    if bins < 1:
        raise ValueError("bins must be at least 1")


def roc_auc(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float | None:
    """Area under the ROC curve (ties count half); None unless both classes occur."""
    y = np.asarray(labels, dtype=bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return None
    ranks = average_ranks(np.asarray(scores, dtype=np.float64))
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def average_ranks(values: FloatArray) -> FloatArray:
    """1-based ranks from the lowest value; tied values share the mean of their ranks."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]
    mean_rank = (starts + ends + 1) / 2.0  # ranks start..end-1 (0-based) → mean, 1-based
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def average_precision(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float | None:
    """Precision averaged over the recall steps, one step per distinct score (sklearn's way)."""
    y = np.asarray(labels, dtype=bool)
    positives = int(y.sum())
    if positives == 0:
        return None
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last_of_tie]
    seen = (np.flatnonzero(last_of_tie) + 1).astype(np.float64)
    recall_step = np.diff(np.r_[0, tp]) / positives
    return float(np.sum(recall_step * tp / seen))


def _top(n: int, k: int) -> int:
    return max(0, min(k, n))


def _precision(hits: npt.NDArray[np.bool_], k: int) -> float | None:
    top = _top(len(hits), k)
    return float(hits[:top].mean()) if top else None


def _lift(hits: npt.NDArray[np.bool_], positives: int) -> float | None:
    n = len(hits)
    if n == 0 or positives == 0:
        return None
    top = math.ceil(n / 10)
    return float(hits[:top].mean() / (positives / n))


def _captured(amounts: FloatArray | None, k: int) -> float | None:
    if amounts is None:
        return None
    total = float(np.nansum(amounts))
    if total <= 0:
        return None
    return float(np.nansum(amounts[: _top(len(amounts), k)]) / total)


def reliability(
    labels: npt.NDArray[np.bool_], probs: FloatArray, bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width probability bins over [0, 1] (the last one includes 1)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, probs, side="right") - 1, 0, bins - 1)
    out = []
    for i in range(bins):
        inside = which == i
        count = int(inside.sum())
        out.append(
            ReliabilityBin(
                lo=float(edges[i]),
                hi=float(edges[i + 1]),
                n=count,
                mean_predicted=float(probs[inside].mean()) if count else None,
                observed=float(labels[inside].mean()) if count else None,
            )
        )
    return out
