"""Shared pieces of the generator: the week calendar, random times, Arrow column helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)
DAY_SECONDS = 86_400
# Office-hours weekdays dominate B2B activity; weekends are quiet but not empty.
_WEEKDAY_WEIGHTS = np.array([0.19, 0.19, 0.19, 0.18, 0.15, 0.05, 0.05])


@dataclass(frozen=True)
class Calendar:
    """Week indices of the simulation. Week `weeks - 1` is the last full week before `as_of`.

    Negative weeks are burn-in (the market is already moving when history starts); weeks
    `weeks .. weeks + horizon - 1` are the hidden future used only for the ground truth.
    """

    as_of: int  # days since 1970-01-01
    anchor: int  # the Monday on or before as_of: history ends the day before it
    weeks: int = 104
    burn_in: int = 26
    horizon: int = 13

    @classmethod
    def for_date(cls, as_of: dt.date) -> Calendar:
        days = (as_of - EPOCH).days
        return cls(as_of=days, anchor=days - as_of.weekday())

    def day_of_week(self, week: np.ndarray | int) -> np.ndarray:
        """Day number (since 1970) of the Monday starting `week`."""
        return np.asarray(self.anchor - 7 * (self.weeks - np.asarray(week)), dtype=np.int64)


def random_days(rng: np.random.Generator, cal: Calendar, weeks: np.ndarray) -> np.ndarray:
    """A business-weighted random day inside each given week."""
    offset = rng.choice(7, size=len(weeks), p=_WEEKDAY_WEIGHTS)
    return cal.day_of_week(weeks) + offset


def random_times(rng: np.random.Generator, cal: Calendar, weeks: np.ndarray) -> np.ndarray:
    """Epoch seconds of a random working-hours moment inside each given week."""
    days = random_days(rng, cal, weeks)
    hours = np.mod(rng.normal(13.0, 3.0, size=len(weeks)), 24.0)
    return days * DAY_SECONDS + (hours * 3600).astype(np.int64)


def dates(days: np.ndarray) -> pa.Array:
    """Arrow date32 column from day numbers."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32())


def stamps(seconds: np.ndarray) -> pa.Array:
    """Arrow UTC timestamp column from epoch seconds."""
    return pa.array(np.asarray(seconds, dtype=np.int64), type=pa.timestamp("s", tz="UTC"))


def take(values: Sequence[str] | pa.Array, index: np.ndarray) -> pa.Array:
    """`values[index]` as an Arrow string column (vectorised lookup into a vocabulary)."""
    # An empty string in a vocabulary means "no value": it becomes a null (an empty CSV field).
    array = (
        values
        if isinstance(values, pa.Array)
        else pa.array([v if v != "" else None for v in values], type=pa.string())
    )
    return array.take(pa.array(np.asarray(index, dtype=np.int64)))


def blank_where(column: pa.Array, mask: np.ndarray) -> pa.Array:
    """`column` with nulls where `mask` is true: optional fields left empty by users."""
    return pc.if_else(pa.array(mask), pa.nulls(len(column), column.type), column)


def concat(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    """Element-wise string join of columns and literals."""
    return pc.binary_join_element_wise(*parts, sep)


def occurrence(keys: np.ndarray) -> np.ndarray:
    """For each element, how many equal keys came before it (0 for the first)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]][: keys.size]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    result = np.empty(len(keys), dtype=np.int64)
    result[order] = np.arange(len(keys)) - group_start
    return result


def weighted_choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """`n` draws of indices with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return np.asarray(1.0 / (1.0 + np.exp(-x)))
