"""Opportunities as the CRMs see them on `as_of`: dated stage history, amounts, outcomes.

Only what happened before `as_of` is visible: stages entered later are cut, open deals carry
the rep's forecast close date instead of the (hidden) real one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from beachhead.demo.campaigns import CAMPAIGN_TYPES, Campaigns, latest_campaign
from beachhead.demo.common import Calendar
from beachhead.demo.timeline import NEW_BUSINESS, OPEN_STAGES, Timeline

STAGES: tuple[str, ...] = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
)
HS_STAGES: tuple[str, ...] = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
)
WON, LOST = 5, 6


@dataclass(frozen=True)
class Deals:
    """Visible opportunities (created before `as_of`), aligned by position."""

    company: np.ndarray
    kind: np.ndarray
    episode: np.ndarray  # index into timeline episodes, -1 for deals older than the history
    closed: np.ndarray
    won: np.ndarray  # only meaningful where closed
    created: np.ndarray  # epoch day
    close_day: np.ndarray  # actual close day if closed, the rep's forecast if open
    stage_day: np.ndarray  # (deals, 7): day each stage was entered, -1 if not (yet)
    stage: np.ndarray  # current stage index into STAGES
    amount: np.ndarray
    first_amount: np.ndarray  # the early-stage estimate
    campaign: np.ndarray  # index of the primary campaign, -1 for none
    engaged: np.ndarray  # committee members involved (the first `engaged` committee slots)

    @property
    def n(self) -> int:
        return len(self.company)


def _legacy(rng: np.random.Generator, cal: Calendar, initial: np.ndarray) -> dict[str, np.ndarray]:
    # Customers from before the history closed their first deal before the burn-in began.
    company = np.flatnonzero(initial)
    created = cal.as_of - rng.integers(1150, 2100, company.size)
    close = created + 7 * rng.integers(8, 30, company.size)
    ones = np.ones(company.size, dtype=np.int64)
    return {
        "company": company,
        "kind": ones * NEW_BUSINESS,
        "episode": -ones,
        "won": ones.astype(bool),
        "reached": ones * (OPEN_STAGES - 1),
        "created_day": created,
        "close_day": close,
    }


def _simulated(
    rng: np.random.Generator, cal: Calendar, opps: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    visible = opps["created"] < cal.weeks
    pick = {k: v[visible] for k, v in opps.items()}
    created = cal.day_of_week(pick["created"]) + rng.integers(0, 5, int(visible.sum()))
    close = cal.day_of_week(pick["close"]) + rng.integers(0, 5, int(visible.sum()))
    return {
        "company": pick["company"],
        "kind": pick["kind"],
        "episode": pick["episode"],
        "won": pick["won"],
        "reached": pick["reached"],
        "created_day": created,
        "close_day": close,
    }


def _stage_days(
    rng: np.random.Generator,
    created: np.ndarray,
    close: np.ndarray,
    reached: np.ndarray,
    won: np.ndarray,
) -> np.ndarray:
    n = len(created)
    fractions = np.c_[np.zeros(n), np.sort(rng.uniform(0.05, 0.95, (n, OPEN_STAGES - 1)), 1)]
    days = created[:, None] + (fractions * (close - created)[:, None]).astype(np.int64)
    days = np.where(np.arange(OPEN_STAGES)[None, :] <= reached[:, None], days, -1)
    closing = np.full((n, 2), -1, dtype=np.int64)
    closing[won, 0] = close[won]
    closing[~won, 1] = close[~won]
    return np.asarray(np.c_[days, closing])


def _amounts(
    rng: np.random.Generator, employees: np.ndarray, kind: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    base = 20_000 * (employees / 100.0) ** 0.45 * rng.lognormal(0.0, 0.35, len(kind))
    base = np.where(kind == NEW_BUSINESS, base, base * rng.uniform(0.2, 0.5, len(kind)))
    amount = np.maximum(np.round(base / 500) * 500, 5_000).astype(np.int64)
    first = (np.round(amount * rng.uniform(0.7, 1.3, len(kind)) / 500) * 500).astype(np.int64)
    return amount, first


def _forecast(
    rng: np.random.Generator, cal: Calendar, created: np.ndarray, actual: np.ndarray
) -> np.ndarray:
    # Reps forecast a typical cycle and push overdue deals into the coming weeks.
    planned = created + ((actual - created) * rng.lognormal(0.0, 0.3, len(created)))
    pushed = cal.as_of + rng.integers(7, 75, len(created))
    return np.where(planned < cal.as_of + 7, pushed, planned).astype(np.int64)


def _campaigns(rng: np.random.Generator, campaigns: Campaigns, created: np.ndarray) -> np.ndarray:
    # About half the deals credit the latest campaign that ran in the quarter before them.
    any_type = tuple(range(len(CAMPAIGN_TYPES)))
    campaign = latest_campaign(campaigns, any_type, created, 90)
    return np.where(rng.random(len(campaign)) < 0.45, campaign, -1)


def build_deals(
    rng: np.random.Generator,
    cal: Calendar,
    timeline: Timeline,
    firmographics: tuple[np.ndarray, np.ndarray],
    campaigns: Campaigns,
) -> Deals:
    """The deals a CRM shows on `as_of`, legacy wins first; `firmographics` holds each
    company's employees and committee size."""
    employees, committee = firmographics
    parts = [_legacy(rng, cal, timeline.initial_customer), _simulated(rng, cal, timeline.opps)]
    d = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    all_days = _stage_days(rng, d["created_day"], d["close_day"], d["reached"], d["won"])
    stage_day = np.where(all_days < cal.anchor, all_days, -1)
    stage = np.argmax(np.where(stage_day >= 0, np.arange(len(STAGES))[None, :], -1), axis=1)
    closed = d["close_day"] < cal.anchor
    amount, first = _amounts(rng, employees[d["company"]], d["kind"])
    campaign = _campaigns(rng, campaigns, d["created_day"])
    close_day = np.where(
        closed, d["close_day"], _forecast(rng, cal, d["created_day"], d["close_day"])
    )
    known = np.r_[timeline.episodes["coverage"], 2]  # legacy deals (episode -1) involved two
    coverage = known[d["episode"]]
    engaged = np.minimum(coverage, committee[d["company"]])
    return Deals(
        d["company"],
        d["kind"],
        d["episode"],
        closed,
        d["won"],
        d["created_day"],
        close_day,
        stage_day,
        stage,
        amount,
        first,
        campaign,
        engaged,
    )
