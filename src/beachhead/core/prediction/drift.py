"""Did a retrain change who is on top? Rank correlation and top-K overlap between two scorings.

A retrain that reshuffles the target list should be looked at before it replaces the old
model: `rank_drift` calls it *material* when the Spearman correlation of the two rankings falls
below `MIN_SPEARMAN` or when fewer than `MIN_OVERLAP` of any top K stay in the top K.

>>> d = rank_drift([0.9, 0.8, 0.1, 0.2], [0.8, 0.9, 0.2, 0.1], k_values=(2,))
>>> d.spearman, d.overlap_at_k[2], d.material
(0.6, 1.0, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from beachhead.core.prediction.metrics import DEFAULT_K, average_ranks, ranking

MIN_SPEARMAN = 0.8
MIN_OVERLAP = 0.7


@dataclass(frozen=True)
class Drift:
    """How much two scorings of the same accounts (same order) disagree."""

    n: int
    spearman: float | None  # None when either scoring is constant
    overlap_at_k: Mapping[int, float | None]  # share of the old top K still in the new top K
    material: bool

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["overlap_at_k"] = {str(k): v for k, v in self.overlap_at_k.items()}
        out["thresholds"] = {"spearman": MIN_SPEARMAN, "overlap": MIN_OVERLAP}
        return out


@dataclass(frozen=True)
class Mover:
    """An account whose rank changed (ranks are 1-based, 1 = highest score)."""

    account_id: Any
    old_rank: int
    new_rank: int

    @property
    def change(self) -> int:
        """Places gained (positive) or lost (negative)."""
        return self.old_rank - self.new_rank


def rank_drift(
    old: npt.ArrayLike, new: npt.ArrayLike, k_values: Sequence[int] = DEFAULT_K
) -> Drift:
    """Compare two score arrays for the same accounts in the same order."""
    a, b = _pair(old, new)
    rho = _spearman(a, b)
    overlap = {k: _overlap(a, b, k) for k in k_values}
    material = (rho is not None and rho < MIN_SPEARMAN) or any(
        share is not None and share < MIN_OVERLAP for share in overlap.values()
    )
    return Drift(n=len(a), spearman=rho, overlap_at_k=overlap, material=material)


def movers(
    ids: Sequence[Any] | npt.ArrayLike, old: npt.ArrayLike, new: npt.ArrayLike, n: int = 10
) -> list[Mover]:
    """The `n` accounts whose rank moved most (either way); ties keep input order."""
    a, b = _pair(old, new)
    keys = list(np.asarray(ids).tolist())
    if len(keys) != len(a):
        raise ValueError("ids, old and new must have the same length")
    old_rank, new_rank = _positions(a), _positions(b)
    biggest = np.argsort(-np.abs(old_rank - new_rank), kind="stable")[: max(n, 0)]
    return [Mover(keys[i], int(old_rank[i]), int(new_rank[i])) for i in biggest]


def _pair(old: npt.ArrayLike, new: npt.ArrayLike) -> tuple[Any, Any]:
    a, b = np.asarray(old, dtype=np.float64), np.asarray(new, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"old and new must be 1-d and equal length, got {a.shape} {b.shape}")
    return a, b


def _positions(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    rank = np.empty(len(scores), dtype=np.int64)
    rank[ranking(scores)] = np.arange(1, len(scores) + 1)
    return rank


def _spearman(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float | None:
    if len(a) < 2:
        return None
    ra, rb = average_ranks(a), average_ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = float(np.sqrt((ra**2).sum() * (rb**2).sum()))
    return float((ra * rb).sum() / denominator) if denominator > 0 else None


def _overlap(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], k: int) -> float | None:
    top = min(k, len(a))
    if top <= 0:
        return None
    shared = np.intersect1d(ranking(a)[:top], ranking(b)[:top])
    return len(shared) / top
