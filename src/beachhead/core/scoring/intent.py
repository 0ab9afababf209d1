"""Intent: is an account researching our topics now, broadly, and more than it usually does?

Weeks are counted back from `as_of`: week 0 starts 1-7 days before it, week 1 8-14 days...
Only weeks starting before `as_of` count, and only the last `recent_weeks + baseline_weeks`.
Per account and topic: the latest weekly score (the highest over metros and providers), the
mean of the recent weeks and of the baseline weeks before them. A topic *surges* when its latest
score is fresh (within the recent weeks) and at least `surge_threshold`. Per account:

    breadth   = surging topics / tracked topics
    in_market = breadth >= in_market_breadth and at least one surging topic
    intent    = 100 * (0.40 * strength + 0.30 * min(1, breadth / in_market_breadth)
                       + 0.15 * recency + 0.15 * momentum)

with strength = the best fresh topic's (score - 50) / 50, recency = 1 - weeks since the last
signal / recent_weeks, momentum = the best fresh topic's (recent mean - baseline mean) / 20,
each clipped to 0-1 (weights and levels are in `scoring.yaml`).
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from beachhead.core.scoring.config import IntentConfig, ScoringConfig
from beachhead.core.scoring.intent_parts import (
    account_intent,
    intent_contributions,
    joined_ranked,
    topic_summary,
)
from beachhead.core.scoring.reasons import Keep, as_is, count_true, day_of

WEEK = 7


def intent_scores(
    intent: ir.Table, as_of: dt.date, cfg: ScoringConfig, keep: Keep = as_is
) -> tuple[ir.Table, ir.Table]:
    """Per-account third-party intent (Bombora-style topic scores) and its contributions.

    Scores: `account_id, intent, surging_topics, tracked_topics, breadth, in_market,
    top_topics, last_signal_week, freshness_days, provider, party`; accounts with no topic
    signal in the window are absent. Rows without an `account_id` are ignored.
    """
    as_of = day_of(as_of)
    return score_weekly(third_party_weekly(intent, as_of), as_of, cfg.intent, keep)


def first_party_intent(
    activities: ir.Table, as_of: dt.date, cfg: ScoringConfig
) -> tuple[ir.Table, ir.Table]:
    """The same scores from visits to topic-tagged pages of our own site (provider `website`).

    A weekly topic score is `min(100, visits x points_per_visit)` (20: three visits in a week
    make a surge at the default threshold of 60); pages map to topics by URL path prefix.
    """
    as_of = day_of(as_of)
    return score_weekly(first_party_weekly(activities, as_of, cfg), as_of, cfg.intent)


def combined_intent(
    intent: ir.Table,
    activities: ir.Table,
    as_of: dt.date,
    cfg: ScoringConfig,
    keep: Keep = as_is,
) -> tuple[ir.Table, ir.Table]:
    """Third- and first-party signals scored together (a topic's best weekly score counts)."""
    as_of = day_of(as_of)
    both = third_party_weekly(intent, as_of).union(first_party_weekly(activities, as_of, cfg))
    return score_weekly(both, as_of, cfg.intent, keep)


WEEKLY_COLUMNS = ("account_id", "provider", "topic", "week_start", "week_idx", "score")


def third_party_weekly(intent: ir.Table, as_of: dt.date) -> ir.Table:
    """Provider rows as `WEEKLY_COLUMNS` (resolved accounts, weeks starting before `as_of`)."""
    rows = intent.filter(intent.account_id.notnull(), intent.week_start < as_of)
    days = ibis.literal(as_of, type="date").delta(rows.week_start, unit="day")
    return rows.select(
        "account_id", "provider", "topic", "week_start",
        week_idx=((days - 1) // WEEK).cast("int64"),
        score=rows.score.cast("float64"),
    )  # fmt: skip


def first_party_weekly(activities: ir.Table, as_of: dt.date, cfg: ScoringConfig) -> ir.Table:
    """Weekly topic-page visits as `WEEKLY_COLUMNS`, scored `min(100, visits x points)`."""
    pages = cfg.first_party
    visits = _topic_visits(activities, as_of, cfg)
    counts = visits.group_by(["account_id", "topic", "week_idx"]).aggregate(visits=visits.count())
    weeks = _week_starts(as_of, cfg.intent.recent_weeks + cfg.intent.baseline_weeks)
    score = ibis.least(counts.visits.cast("float64") * pages.points_per_visit, 100.0)
    return counts.join(weeks, "week_idx").select(
        "account_id",
        provider=ibis.literal(pages.provider, type="string"),
        topic="topic",
        week_start="week_start",
        week_idx="week_idx",
        score=score,
    )


def score_weekly(
    weekly: ir.Table, as_of: dt.date, cfg: IntentConfig, keep: Keep = as_is
) -> tuple[ir.Table, ir.Table]:
    """Score `account_id, provider, topic, week_start, week_idx, score` rows (see module doc)."""
    window = weekly.filter(weekly.week_idx < cfg.recent_weeks + cfg.baseline_weeks)
    if cfg.tracked_topics:
        tracked = [t.strip().lower() for t in cfg.tracked_topics]
        window = window.filter(window.topic.strip().lower().isin(tracked))
    topics = topic_summary(window, cfg)
    accounts = account_intent(topics, as_of, cfg)
    order = [ibis.desc(topics.heat), ibis.desc(topics.surging), ibis.desc(topics.latest_score)]
    top = joined_ranked(topics, "topic", order, 3, ", ").rename(top_topics="joined")
    providers = window.select("account_id", "provider").distinct()
    provider = joined_ranked(providers, "provider", [], 3, "+").rename(provider="joined")
    scored = accounts.join(top, "account_id").join(provider, "account_id")
    party = _party(window, cfg)
    scored = keep(scored.join(party, "account_id"))
    scores = scored.select(
        "account_id", "intent", "surging_topics", "tracked_topics", "breadth", "in_market",
        "top_topics", "last_signal_week", "freshness_days", "provider", "party",
    )  # fmt: skip
    return scores, intent_contributions(scored, cfg)


def _party(window: ir.Table, cfg: IntentConfig) -> ir.Table:
    """'first' when every signal is our own (website), 'third' when none is, else 'mixed'."""
    first = window.provider.isin(list(cfg.first_party_providers))
    counted = window.group_by("account_id").aggregate(first=count_true(first), rows=window.count())
    party = ibis.cases(
        (counted.first == counted.rows, "first"), (counted.first == 0, "third"), else_="mixed"
    )
    return counted.select("account_id", party=party)


def _topic_visits(activities: ir.Table, as_of: dt.date, cfg: ScoringConfig) -> ir.Table:
    """One row per visit to a topic page: `account_id, topic, week_idx`."""
    pages = cfg.first_party
    start = ibis.literal(dt.datetime.combine(as_of, dt.time()), type="timestamp")
    visits = activities.filter(
        activities.account_id.notnull(),
        activities.url.notnull(),
        activities.activity_type.isin(list(pages.visit_types)),
        activities.occurred_at < start,
    )
    days = ibis.literal(as_of, type="date").delta(visits.occurred_at.cast("date"), unit="day")
    dated = visits.select(
        "account_id", url=visits.url.lower(), week_idx=((days - 1) // WEEK).cast("int64")
    )
    parts = [
        dated.filter(dated.url.re_search(path_pattern(prefix))).select(
            "account_id", "week_idx", topic=ibis.literal(topic, type="string")
        )
        for prefix, topic in sorted(pages.topic_pages.items())
    ]
    if not parts:
        return dated.filter(ibis.literal(False)).select(
            "account_id", "week_idx", topic=ibis.literal("", type="string")
        )
    return ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]


def path_pattern(prefix: str) -> str:
    r"""A regex matching URLs whose path starts with `prefix`, portable across regex dialects.

    >>> path_pattern("/solutions/data.v2")
    '^([a-z][a-z0-9+.-]*://[^/]+)?/solutions/data[.]v2'
    """
    safe = "".join(c if c.isalnum() or c in "/_-~%" else f"[{c}]" for c in prefix.lower())
    return "^([a-z][a-z0-9+.-]*://[^/]+)?" + safe


def _week_starts(as_of: dt.date, weeks: int) -> ir.Table:
    """`week_idx -> week_start`: week i starts 7 * (i + 1) days before `as_of`."""
    starts = [as_of - dt.timedelta(days=WEEK * (i + 1)) for i in range(weeks)]
    table = pa.table(
        {
            "week_idx": pa.array(range(weeks), pa.int64()),
            "week_start": pa.array(starts, pa.date32()),
        }
    )
    return ibis.memtable(table)
