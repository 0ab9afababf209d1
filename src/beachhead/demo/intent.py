"""Bombora-style Company Surge rows: sparse domain x topic x week research with a score.

Background research is noise (size-driven, on any topic, now and then an educational spike).
Buying episodes surge on 3-5 topics of one relevant category, rising towards the week the
opportunity opens - the signal a propensity model should find.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from beachhead.demo.common import Calendar, dates, take
from beachhead.demo.companies import Firms
from beachhead.demo.vocab import INTENT_CATEGORIES, RELEVANT_CATEGORIES

TOPICS: tuple[str, ...] = tuple(t for _, topics in INTENT_CATEGORIES for t in topics)
TOPIC_CATEGORY: tuple[str, ...] = tuple(c for c, topics in INTENT_CATEGORIES for _ in topics)
_SIZE_BANDS = np.array([10, 50, 200, 500, 1000, 5000, 10000])
SIZE_LABELS: tuple[str, ...] = (
    "1-10 employees",
    "11-50 employees",
    "51-200 employees",
    "201-500 employees",
    "501-1000 employees",
    "1001-5000 employees",
    "5001-10000 employees",
    "10001+ employees",
)


def size_band(employees: np.ndarray) -> np.ndarray:
    """Index into SIZE_LABELS for each head count."""
    return np.searchsorted(_SIZE_BANDS, employees, side="left")


def episode_topics(rng: np.random.Generator, n_episodes: int) -> np.ndarray:
    """Which topics each buying episode researches: 3-5 topics of one relevant category."""
    category = rng.integers(0, RELEVANT_CATEGORIES, n_episodes)
    in_category = (
        np.array(TOPIC_CATEGORY)[None, :]
        == np.array([c for c, _ in INTENT_CATEGORIES])[category][:, None]
    )
    # Random ranks inside the category; keep the lowest 3-5.
    rank = np.where(in_category, rng.random((n_episodes, len(TOPICS))), 2.0)
    keep = rng.integers(3, 6, n_episodes)
    order = np.argsort(np.argsort(rank, axis=1), axis=1)
    return np.asarray((order < keep[:, None]) & in_category)


def _background(
    rng: np.random.Generator, firms: Firms, weeks: np.ndarray
) -> tuple[np.ndarray, ...]:
    rate = np.clip(0.12 * (firms.employees / 200.0) ** 0.35, 0.03, 2.0)
    counts = rng.poisson(np.outer(rate, np.ones(len(weeks))))
    company = np.repeat(np.arange(firms.n), counts.sum(axis=1))
    week = np.repeat(np.tile(weeks, firms.n), counts.ravel())
    topic = rng.integers(0, len(TOPICS), len(company))
    score = rng.normal(45.0, 9.0, len(company))
    # Educational spikes: research that looks like a surge but is not a purchase.
    spike = rng.random(len(company)) < 0.03
    score = np.where(spike, rng.uniform(60, 85, len(company)), score)
    return company, topic, week, score


def _episode_rows(
    rng: np.random.Generator,
    episodes: dict[str, np.ndarray],
    topics: np.ndarray,
    window: tuple[int, int],
) -> tuple[np.ndarray, ...]:
    duration = episodes["duration"]
    ep = np.repeat(np.arange(len(duration)), duration)
    step = np.arange(len(ep)) - np.repeat(np.cumsum(duration) - duration, duration)
    week = episodes["start"][ep] + step
    visible = (week >= window[0]) & (week < window[1])
    ep, week, progress = ep[visible], week[visible], ((step + 1) / duration[ep])[visible]
    ep_rows, topic = np.nonzero(topics[ep])
    progress = progress[ep_rows]
    present = rng.random(len(ep_rows)) < 0.55 + 0.4 * progress
    score = 56.0 + 32.0 * progress + rng.normal(0.0, 6.0, len(ep_rows))
    company = episodes["company"][ep[ep_rows]]
    return company[present], topic[present], week[ep_rows][present], score[present]


def _research_bursts(
    rng: np.random.Generator, firms: Firms, window: tuple[int, int]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Surges with no purchase behind them: a project, a conference, an analyst's report."""
    weeks = window[1] - window[0]
    rate = 0.012 * np.clip((firms.employees / 200.0) ** 0.25, 0.5, 3.0)
    company = np.repeat(np.arange(firms.n), rng.poisson(rate * weeks))
    bursts = {
        "company": company,
        "start": rng.integers(window[0] - 3, window[1], company.size),
        "duration": rng.integers(1, 5, company.size),
    }
    rank = rng.random((company.size, len(TOPICS)))
    keep = rng.integers(2, 5, company.size)
    topics = np.argsort(np.argsort(rank, axis=1), axis=1) < keep[:, None]
    return bursts, topics


def _dedupe(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    company, topic, week, score = (np.concatenate(cols) for cols in zip(*parts, strict=True))
    score = np.clip(np.round(score), 1, 99).astype(np.int64)
    key = (company * len(TOPICS) + topic) * 4096 + (week + 2048)
    # One row per company x topic x week: the strongest research wins; rows sorted by week.
    order = np.lexsort((-score, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]][: key.size]
    kept = order[first]
    kept = kept[np.lexsort((topic[kept], company[kept], week[kept]))]
    return company[kept], topic[kept], week[kept], score[kept]


def _bucket(score: np.ndarray) -> np.ndarray:
    # A: very strong surge, B: strong, C: surging (>= 60), D: average or below.
    return np.asarray(np.searchsorted(np.array([60, 70, 80]), score, side="right"))


def intent_table(
    rng: np.random.Generator,
    cal: Calendar,
    firms: Firms,
    episodes: dict[str, np.ndarray],
    topics: np.ndarray,
    weeks_of_intent: int,
) -> pa.Table:
    """The Company Surge export for the last `weeks_of_intent` full weeks before `as_of`."""
    window = (cal.weeks - weeks_of_intent, cal.weeks)
    weeks = np.arange(*window)
    bursts, burst_topics = _research_bursts(rng, firms, window)
    company, topic, week, score = _dedupe(
        [
            _background(rng, firms, weeks),
            _episode_rows(rng, episodes, topics, window),
            _episode_rows(rng, bursts, burst_topics, window),
        ]
    )
    metro = [f"{c}, {s}" if s else c for c, s in zip(firms.city, firms.state, strict=True)]
    return pa.table(
        {
            "Company Name": take(firms.name, company),
            "Domain": take(firms.domain, company),
            "Size": take(SIZE_LABELS, size_band(firms.employees)[company]),
            "Industry": take(firms.industry, company),
            "Category": take(TOPIC_CATEGORY, topic),
            "Topic": take(TOPICS, topic),
            "Composite Score": pa.array(score, type=pa.int64()),
            "Bucket Code": take(("D", "C", "B", "A"), _bucket(score)),
            "Metro Area": take(metro, company),
            "Domain Origin Country": take(firms.country, company),
            "Week Start": dates(cal.day_of_week(week)),
        }
    )
