"""Reading feature columns out of a training or scoring frame, tolerant of what is missing.

A column the frame lacks reads as unknown (NaN / None) rather than failing: a model trained with
a custom feature can still score a frame built without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from beachhead.core.prediction.catalog import CATEGORICAL, FEATURE_NAMES, Kind
from beachhead.errors import InputError

FloatArray = npt.NDArray[np.float64]
REQUIRED = ("account_id", "as_of", "label")


def numeric(frame: pd.DataFrame, name: str) -> FloatArray:
    """The column as float64 (booleans 0/1, text that is not a number NaN)."""
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    column = frame[name]
    if column.dtype == bool:
        column = column.astype(np.float64)
    return np.asarray(pd.to_numeric(column, errors="coerce"), dtype=np.float64)


def text(frame: pd.DataFrame, name: str) -> npt.NDArray[np.object_]:
    """The column as strings, None where unknown or blank."""
    if name not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    values = frame[name].astype(object).to_numpy()
    present = pd.notna(values)
    out = np.full(len(values), None, dtype=object)
    out[present] = [str(v).strip() or None for v in values[present]]
    return out


def codes(frame: pd.DataFrame, name: str, levels: Sequence[str]) -> FloatArray:
    """Category positions in `levels` as floats; unknown or unseen categories are NaN."""
    lookup = {level: float(i) for i, level in enumerate(levels)}
    return np.array([lookup.get(v, np.nan) for v in text(frame, name)], dtype=np.float64)


def kinds(frame: pd.DataFrame, features: Sequence[str]) -> dict[str, Kind]:
    """Catalog features keep their catalog kind; custom ones are categorical when textual."""
    out: dict[str, Kind] = {}
    for name in features:
        if name in FEATURE_NAMES:
            out[name] = "categorical" if name in CATEGORICAL else "numeric"
        elif name in frame.columns and _is_textual(frame[name]):
            out[name] = "categorical"
        else:
            out[name] = "numeric"
    return out


def _is_textual(column: pd.Series) -> bool:
    return bool(
        pd.api.types.is_object_dtype(column)
        or pd.api.types.is_string_dtype(column)
        or isinstance(column.dtype, pd.CategoricalDtype)
    )


def levels(frame: pd.DataFrame, name: str) -> tuple[str, ...]:
    """The categories seen in training, sorted (their order is the model's coding)."""
    return tuple(sorted({v for v in text(frame, name) if v is not None}))


def check_frame(frame: pd.DataFrame) -> None:
    """A training frame has the columns the contract names."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            f"training frame lacks column(s) {', '.join(missing)}",
            hint="the feature table must carry account_id, as_of and label",
        )


def labels(frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """The outcome column as booleans (missing counts as no opportunity)."""
    return np.asarray(frame["label"].fillna(False).astype(bool), dtype=bool)


def category_levels(frame: pd.DataFrame, kind_of: Mapping[str, Kind]) -> dict[str, tuple[str, ...]]:
    """Levels of every categorical feature."""
    return {name: levels(frame, name) for name, kind in kind_of.items() if kind == "categorical"}
