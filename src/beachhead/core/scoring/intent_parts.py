"""The steps of the intent score: per topic, per account, and the reasons (see `intent`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from beachhead.core.scoring.config import IntentConfig
from beachhead.core.scoring.reasons import contribution_rows, count_true, number_text, union_all


def topic_summary(weekly: ir.Table, cfg: IntentConfig) -> ir.Table:
    """Per account and topic: latest score and week, recent and baseline means, surge."""
    week = weekly.group_by(["account_id", "topic", "week_idx"]).aggregate(
        score=weekly.score.max(), week_start=weekly.week_start.max()
    )
    week = week.mutate(latest=week.week_idx.min().over(group_by=[week.account_id, week.topic]))
    recent = week.week_idx < cfg.recent_weeks
    topics = week.group_by(["account_id", "topic"]).aggregate(
        latest_idx=week.week_idx.min(),
        latest_score=week.score.max(where=week.week_idx == week.latest),
        recent_mean=week.score.mean(where=recent),
        baseline_mean=week.score.mean(where=~recent),
        last_week=week.week_start.max(),
    )
    fresh = topics.latest_idx < cfg.recent_weeks
    surging = fresh & (topics.latest_score >= cfg.surge_threshold)
    heat = (topics.latest_score - cfg.average_score) / (100.0 - cfg.average_score)
    lift = topics.recent_mean - ibis.coalesce(topics.baseline_mean, cfg.average_score)
    momentum = lift / cfg.lift_for_full_momentum
    return topics.mutate(
        surging=surging,
        heat=fresh.ifelse(heat.clip(lower=0.0, upper=1.0), 0.0),
        momentum=fresh.ifelse(momentum.clip(lower=0.0, upper=1.0), 0.0),
    )


def account_intent(topics: ir.Table, as_of: dt.date, cfg: IntentConfig) -> ir.Table:
    """Per account: counts, breadth, in-market flag, the four weighted parts and their sum."""
    acc = topics.group_by("account_id").aggregate(
        surging_topics=count_true(topics.surging),
        seen_topics=topics.count(),
        strength=topics.heat.max(),
        momentum=topics.momentum.max(),
        latest_idx=topics.latest_idx.min(),
        last_signal_week=topics.last_week.max(),
    )
    tracked = (
        ibis.literal(len(cfg.tracked_topics), type="int64")
        if cfg.tracked_topics
        else acc.seen_topics
    )
    acc = acc.mutate(tracked_topics=tracked.cast("int64"))
    breadth = acc.surging_topics.cast("float64") / acc.tracked_topics.cast("float64")
    recency = 1.0 - acc.latest_idx.cast("float64") / float(cfg.recent_weeks)
    acc = acc.mutate(breadth=breadth, recency=recency.clip(lower=0.0, upper=1.0))
    breadth_part = ibis.least(acc.breadth / cfg.in_market_breadth, 1.0)
    acc = acc.mutate(
        strength_points=100.0 * cfg.strength_weight * acc.strength,
        breadth_points=100.0 * cfg.breadth_weight * breadth_part,
        recency_points=100.0 * cfg.recency_weight * acc.recency,
        momentum_points=100.0 * cfg.momentum_weight * acc.momentum,
    )
    days = ibis.literal(as_of, type="date").delta(acc.last_signal_week, unit="day")
    return acc.mutate(
        intent=acc.strength_points + acc.breadth_points + acc.recency_points
        + acc.momentum_points,
        in_market=(acc.breadth >= cfg.in_market_breadth) & (acc.surging_topics > 0),
        freshness_days=days.cast("int64"),
    )  # fmt: skip


def joined_ranked(
    table: ir.Table, column: str, order: Sequence[ir.Value], n: int, sep: str
) -> ir.Table:
    """Per account: the first `n` values of `column` in `order` (ties by value), joined.

    Built from a row number and a pivot rather than an ordered string aggregate, so every
    backend returns the same text.
    """
    window = ibis.window(group_by=table.account_id, order_by=[*order, table[column]])
    ranked = table.mutate(_rank=ibis.row_number().over(window))
    ranked = ranked.filter(ranked._rank < n)
    firsts = ranked.group_by("account_id").aggregate(
        **{f"_v{i}": ranked[column].max(where=ranked._rank == i) for i in range(n)}
    )
    joined: ir.StringValue = ibis.coalesce(firsts["_v0"], "")
    for i in range(1, n):
        joined = joined + ibis.coalesce(sep + firsts[f"_v{i}"], "")
    return firsts.select("account_id", joined=joined)


def intent_contributions(scored: ir.Table, cfg: IntentConfig) -> ir.Table:
    """Four reasons per account, whose points add up to `intent`."""
    tracked = number_text(scored.tracked_topics)
    labels = {
        "intent_strength": "Topic strength (top: " + scored.top_topics + ")",
        "intent_breadth": "Surging on " + number_text(scored.surging_topics) + " of "
        + tracked + " topics",
        "intent_recency": "Last signal " + number_text(scored.freshness_days) + " days ago",
        "intent_momentum": "Above own baseline",
    }  # fmt: skip
    parts = []
    for code, label in labels.items():
        points = scored[code.replace("intent_", "") + "_points"]
        rows = contribution_rows(scored, "intent", code, label, points)
        parts.append(rows.filter(rows.points != 0.0))
    return union_all(parts)
