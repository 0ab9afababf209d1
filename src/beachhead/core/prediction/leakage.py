"""Leakage guards: refuse feature columns that could only be known after the outcome.

A feature leaks when it is recorded at or after the opportunity it should predict: a close
date, a stage duration measured through the close, a field updated when the deal closed. Such a
column makes backtests shine and live scores useless. Three checks:

* **name**: the column's name describes a post-outcome fact (`NAME_RULES`).
* **separation**: on its own it separates the label almost perfectly (univariate AUC of at least
  `MAX_AUC`, either direction, with at least `MIN_POSITIVES` positives).
* **presence**: it is filled in for at least `PRESENCE_POSITIVES` of the positives and at most
  `PRESENCE_NEGATIVES` of the negatives, the signature of a field filled in at close.

The catalog's own features are built as of the snapshot day, so for them the statistical checks
only warn; a custom column is refused on any check.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from beachhead.core.prediction import columns
from beachhead.core.prediction.catalog import FEATURE_NAMES
from beachhead.core.prediction.metrics import roc_auc
from beachhead.errors import LeakageError

MAX_AUC = 0.9
MIN_POSITIVES = 10
PRESENCE_POSITIVES = 0.8
PRESENCE_NEGATIVES = 0.1
OUTCOME_COLUMNS = ("label", "value", "account_id", "as_of")

_TOKEN = r"(?:^|_){}(?:_|$)"
NAME_RULES: tuple[tuple[str, str], ...] = (
    (_TOKEN.format(r"(?:close|closed|closing|closedate|closedat)"), "a close date or closing"),
    (_TOKEN.format(r"(?:won|lost|win|loss|iswon|isclosed|outcome|converted)"), "the outcome"),
    (_TOKEN.format(r"(?:stage|stages)"), "a deal stage or the time spent in one"),
    (
        _TOKEN.format(r"(?:modified|lastmodified|modstamp|systemmodstamp|updated)"),
        "a field updated at close (last modified / updated)",
    ),
    (r"forecast", "a forecast category"),
    (
        _TOKEN.format(r"(?:opportunity|opp|deal)")
        + r"(?:amount|value|probability|created|status|type|owner)",
        "a fact about the opportunity itself",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One suspicious column: which check fired, why, and whether it is refused or a warning."""

    column: str
    check: Literal["outcome", "name", "separation", "presence"]
    severity: Literal["refuse", "warn"]
    reason: str


def check_leakage(
    frame: pd.DataFrame,
    features: Sequence[str],
    *,
    label: str = "label",
    allow: Collection[str] = (),
) -> list[Finding]:
    """Every finding for `features` against the `label` column of `frame`.

    `allow` lists custom columns whose names only look suspicious (the name check skips them;
    the statistical checks still run).
    """
    y = np.asarray(frame[label].fillna(False).astype(bool), dtype=bool)
    findings: list[Finding] = []
    for name in features:
        findings.extend(_check_column(frame, name, y, allowed=name in allow))
    return findings


def refuse_leaky(
    frame: pd.DataFrame,
    features: Sequence[str],
    *,
    label: str = "label",
    allow: Collection[str] = (),
) -> list[Finding]:
    """Raise `LeakageError` naming every refused column; return the warnings otherwise."""
    findings = check_leakage(frame, features, label=label, allow=allow)
    refused = [f for f in findings if f.severity == "refuse"]
    if refused:
        detail = "; ".join(f"{f.column}: {f.reason}" for f in refused)
        raise LeakageError(
            f"feature column(s) known only after the outcome: {detail}",
            hint="drop them, or rebuild them from data dated before each snapshot day",
        )
    return findings


def _check_column(
    frame: pd.DataFrame, name: str, y: npt.NDArray[np.bool_], *, allowed: bool
) -> list[Finding]:
    if name in OUTCOME_COLUMNS:
        return [Finding(name, "outcome", "refuse", "it is the outcome or its key, not a feature")]
    severity: Literal["refuse", "warn"] = "warn" if name in FEATURE_NAMES else "refuse"
    out: list[Finding] = []
    if severity == "refuse" and not allowed:
        out.extend(Finding(name, "name", "refuse", why) for why in _name_reasons(name))
    if name in frame.columns:
        out.extend(_statistical(frame, name, y, severity))
    return out


def _name_reasons(name: str) -> list[str]:
    normal = _snake(name)
    return [
        f"its name describes {what}" for pattern, what in NAME_RULES if re.search(pattern, normal)
    ][:1]


def _snake(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


def _statistical(
    frame: pd.DataFrame, name: str, y: npt.NDArray[np.bool_], severity: Literal["refuse", "warn"]
) -> list[Finding]:
    if y.sum() < MIN_POSITIVES:
        return []
    present = _present(frame[name])
    out: list[Finding] = []
    filled = _presence(present, y)
    if filled is not None:
        pos, neg = filled
        out.append(
            Finding(
                name,
                "presence",
                severity,
                f"filled in for {pos:.0%} of accounts with the outcome and {neg:.0%} without "
                "(filled in at close?)",
            )
        )
    auc = _separation(frame, name, y, present)
    if auc is not None:
        out.append(
            Finding(
                name, "separation", severity, f"separates the outcome on its own (AUC {auc:.2f})"
            )
        )
    return out


def _present(column: pd.Series) -> npt.NDArray[np.bool_]:
    """Known and not blank (a zero counts as filled in)."""
    known = np.asarray(column.notna(), dtype=bool)
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return known
    blank = np.array([isinstance(v, str) and not v.strip() for v in column.to_numpy()], dtype=bool)
    return np.asarray(known & ~blank, dtype=bool)


def _presence(
    present: npt.NDArray[np.bool_], y: npt.NDArray[np.bool_]
) -> tuple[float, float] | None:
    if (~y).sum() == 0:
        return None
    pos, neg = float(present[y].mean()), float(present[~y].mean())
    if pos >= PRESENCE_POSITIVES and neg <= PRESENCE_NEGATIVES:
        return pos, neg
    return None


def _separation(
    frame: pd.DataFrame, name: str, y: npt.NDArray[np.bool_], present: npt.NDArray[np.bool_]
) -> float | None:
    """Univariate AUC where the column is known (categories: out-of-fold outcome rates)."""
    if columns.kinds(frame, [name])[name] == "categorical":
        score = _category_rates(columns.text(frame, name), y)
        scope = np.ones(len(y), dtype=bool)
    else:
        score = columns.numeric(frame, name)
        scope = present & ~np.isnan(score)
    known_y = y[scope]
    if known_y.sum() < MIN_POSITIVES:
        return None
    auc = roc_auc(known_y, score[scope])
    if auc is None or max(auc, 1 - auc) < MAX_AUC:
        return None
    return max(auc, 1 - auc)


def _category_rates(
    values: npt.NDArray[np.object_], y: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Each row's category outcome rate from the other four fifths of the rows (smoothed).

    Out-of-fold, so a column that is merely unique per account (an id, a name) does not look
    like a perfect separator.
    """
    keys = pd.Series(values, dtype=object).fillna("\x00missing")
    prior, weight = float(y.mean()), 10.0
    fold = np.arange(len(y)) % 5
    out = np.empty(len(y))
    for k in range(5):
        train = fold != k
        stats = pd.DataFrame({"key": keys[train].to_numpy(), "y": y[train]}).groupby("key")["y"]
        sums, counts = stats.sum(), stats.count()
        rate = (sums + prior * weight) / (counts + weight)
        out[~train] = keys[~train].map(rate).fillna(prior).to_numpy(dtype=np.float64)
    return out
