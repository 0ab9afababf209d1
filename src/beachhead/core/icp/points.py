"""Which accounts a criterion matches, and the fit points a profile gives an account.

The pipeline computes fit with Ibis; these pure versions serve learning, evaluation and tests,
and define the same semantics: text compares ignore case, `between` is min-inclusive and
max-exclusive, a missing value matches no criterion except `lacks`.

>>> from beachhead.core.icp.model import Criterion, IcpModel
>>> model = IcpModel(base=40, criteria=[
...     Criterion(id="sw", label="Software", field="industry", op="in",
...               values=["Software"], weight=30),
...     Criterion(id="cdp", label="No CDP", field="technologies", op="lacks",
...               values=["Segment"], weight=20)])
>>> fit_points(model, {"industry": "software", "technologies": ["Snowflake"]})
90.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from beachhead.core.icp.model import Criterion, IcpModel

TECHS = "_techs"  # prepared column: casefolded frozenset of an account's technologies


def fold(value: Any) -> str | None:
    """Text compared without case or surrounding blanks; None for missing values."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().casefold()
    return text or None


def tech_set(values: Iterable[Any] | None) -> frozenset[str]:
    if values is None or isinstance(values, str | float):
        return frozenset()
    return frozenset(t for t in (fold(v) for v in values) if t)


def matches(criterion: Criterion, account: Mapping[str, Any]) -> bool:
    """Whether one account (a mapping of account columns) meets the criterion."""
    if criterion.field == "technologies":
        techs = tech_set(account.get("technologies"))
        wanted = {fold(v) for v in criterion.values}
        return bool(techs & wanted) == (criterion.op == "has")
    value = account.get(criterion.field)
    if criterion.op == "between":
        number = _number(value)
        return number is not None and _within(number, criterion.min, criterion.max)
    text = fold(value)
    if text is None:
        return False
    return (text in {fold(v) for v in criterion.values}) == (criterion.op == "in")


def fit_points(model: IcpModel, account: Mapping[str, Any]) -> float:
    """clip(base + sum of the weights of matched criteria, 0, 100)."""
    total = model.base + sum(c.weight for c in model.criteria if matches(c, account))
    return float(min(100.0, max(0.0, total)))


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of an accounts frame with the technology sets `mask` needs."""
    out = frame.copy()
    techs = out["technologies"] if "technologies" in out else pd.Series([None] * len(out))
    out[TECHS] = [tech_set(v) for v in techs]
    return out


def mask(criterion: Criterion, frame: pd.DataFrame) -> np.ndarray:
    """Vectorised `matches` over a frame from `prepare`."""
    if criterion.field == "technologies":
        wanted = frozenset(t for t in (fold(v) for v in criterion.values) if t)
        has = np.fromiter((not wanted.isdisjoint(s) for s in frame[TECHS]), bool, len(frame))
        return has if criterion.op == "has" else ~has
    column = frame[criterion.field] if criterion.field in frame else pd.Series([None] * len(frame))
    if criterion.op == "between":
        numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        low = -np.inf if criterion.min is None else criterion.min
        high = np.inf if criterion.max is None else criterion.max
        return np.asarray((numbers >= low) & (numbers < high))
    folded = column.map(fold)
    inside = folded.isin({fold(v) for v in criterion.values}).to_numpy()
    return np.asarray(inside if criterion.op == "in" else folded.notna().to_numpy() & ~inside)


def fit_frame(model: IcpModel, frame: pd.DataFrame) -> np.ndarray:
    """`fit_points` for every row of a prepared frame."""
    total = np.full(len(frame), model.base, dtype=float)
    for criterion in model.criteria:
        total += np.where(mask(criterion, frame), criterion.weight, 0.0)
    return np.asarray(np.clip(total, 0.0, 100.0))


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _within(number: float, low: float | None, high: float | None) -> bool:
    return (low is None or number >= low) and (high is None or number < high)
