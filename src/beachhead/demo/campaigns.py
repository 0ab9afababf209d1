"""Marketing campaigns: the Salesforce Campaign object and which campaign an activity belongs to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from beachhead.demo.common import Calendar, blank_where, dates, take
from beachhead.demo.ids import salesforce_ids
from beachhead.demo.intent import TOPICS

CAMPAIGN_TYPES: tuple[str, ...] = (
    "Email",
    "Webinar",
    "Advertisement",
    "Content Syndication",
    "Conference",
    "Trade Show",
    "Direct Mail",
)
_SHARE = np.array([0.34, 0.2, 0.12, 0.1, 0.08, 0.08, 0.08])
_DAYS = np.array([1, 1, 60, 45, 3, 3, 14])  # typical run length of each type
_COST = np.array([1_500, 8_000, 25_000, 15_000, 60_000, 45_000, 12_000])


@dataclass(frozen=True)
class Campaigns:
    """Campaign ids, types (index into CAMPAIGN_TYPES) and run dates, sorted by start."""

    id: pa.Array
    type: np.ndarray
    start: np.ndarray
    end: np.ndarray
    table: pa.Table


def _names(rng: np.random.Generator, kind: np.ndarray, start: np.ndarray) -> list[str]:
    topic = rng.integers(0, len(TOPICS), len(kind))
    month = np.datetime64("1970-01-01") + start.astype("timedelta64[D]")
    labels = np.datetime_as_string(month, unit="M")
    return [
        f"{lab} {CAMPAIGN_TYPES[k]} - {TOPICS[t]}"
        for lab, k, t in zip(labels.tolist(), kind.tolist(), topic.tolist(), strict=True)
    ]


def generate_campaigns(rng: np.random.Generator, cal: Calendar, n_accounts: int) -> Campaigns:
    """Campaigns spread evenly over the history; each type runs from the first weeks on."""
    n = int(np.clip(40 + n_accounts // 1000, 40, 300))
    kind = np.sort(rng.choice(len(CAMPAIGN_TYPES), size=n, p=_SHARE))
    rank = np.arange(n) - np.searchsorted(kind, kind)
    per_type = np.bincount(kind, minlength=len(CAMPAIGN_TYPES))[kind]
    span = cal.weeks + cal.burn_in
    week = -cal.burn_in + (rank + rng.random(n)) * span / per_type
    start = cal.day_of_week(week.astype(np.int64)) + rng.integers(0, 5, n)
    end = start + np.maximum(1, (_DAYS[kind] * rng.uniform(0.7, 1.3, n)).astype(np.int64)) - 1
    order = np.argsort(start, kind="stable")
    kind, start, end = kind[order], start[order], end[order]
    ids = salesforce_ids(rng, "701", n)
    return Campaigns(ids, kind, start, end, _table(rng, cal, ids, kind, (start, end)))


def _table(
    rng: np.random.Generator,
    cal: Calendar,
    ids: pa.Array,
    kind: np.ndarray,
    run: tuple[np.ndarray, np.ndarray],
) -> pa.Table:
    start, end = run
    budget = np.round(_COST[kind] * rng.lognormal(0.0, 0.3, len(kind)), -2).astype(np.int64)
    actual = np.round(budget * rng.uniform(0.75, 1.15, len(kind)), -2).astype(np.int64)
    running = end >= cal.as_of
    return pa.table(
        {
            "Id": ids,
            "Name": pa.array(_names(rng, kind, start)),
            "Type": take(CAMPAIGN_TYPES, kind),
            "Status": take(("Completed", "In Progress"), running.astype(int)),
            "StartDate": dates(start),
            "EndDate": dates(end),
            "BudgetedCost": pa.array(budget),
            # Costs of a running campaign are not final yet.
            "ActualCost": blank_where(pa.array(actual), running),
        }
    )


def latest_campaign(
    campaigns: Campaigns, types: tuple[int, ...], day: np.ndarray, max_age_days: int
) -> np.ndarray:
    """Index of the latest campaign of `types` started on or before `day` and not older than
    `max_age_days` (after its end); -1 where there is none."""
    members = np.flatnonzero(np.isin(campaigns.type, types))
    if members.size == 0:
        return np.full(len(day), -1)
    pos = np.searchsorted(campaigns.start[members], day, side="right") - 1
    found = members[np.maximum(pos, 0)]
    fresh = (pos >= 0) & (day - campaigns.end[found] <= max_age_days)
    return np.where(fresh, found, -1)
