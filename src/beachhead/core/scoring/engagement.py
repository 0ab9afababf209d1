"""Engagement: decayed, person-weighted activity points per account, and how broad they are.

An event is worth `type weight x person weight x 0.5 ** (age_days / half_life)`:

* the type weight comes from `scoring.yaml` (`engagement.activity_weights`); for the
  `minutes_types` (a meeting by default) an event is worth its `duration_minutes` when known;
* the person weight follows the contact's seniority (cxo 2.0, vp 1.5, director 1.25,
  manager 1.0, other 0.5); an anonymous event (no contact) counts at account level at 1.0;
* `age_days` is the whole number of days from the event's date to `as_of` (yesterday = 1).

Only events before `as_of` and within `lookback_days` count, and at most `daily_cap` events per
person, type and day (Marketo's 20). `engagement_score = 100 * (1 - exp(-points / score_scale))`.
"""

from __future__ import annotations

import datetime as dt
import math

import ibis
import ibis.expr.types as ir

from beachhead.core.scoring.config import ACTIVITY_TYPES, EngagementConfig, ScoringConfig
from beachhead.core.scoring.reasons import Keep, as_is, contribution_rows, day_of, number_text, real

WEEK = 7


def engagement_scores(
    activities: ir.Table,
    contacts: ir.Table,
    as_of: dt.date,
    cfg: ScoringConfig,
    keep: Keep = as_is,
) -> tuple[ir.Table, ir.Table]:
    """Per-account engagement and its contributions by activity type.

    Scores: `account_id, engagement, engagement_score, engaged_people, departments_engaged,
    roles_engaged, depth_3x3, spike, minutes_90d, last_activity_days`; accounts without any
    counted event are absent (read them as zero). Contributions: one row per account and
    activity type, whose points add up to `engagement`.
    """
    as_of = day_of(as_of)
    events = keep(weighted_events(activities, contacts, as_of, cfg.engagement))
    totals = _totals(events, cfg.engagement)
    people = _people(events, cfg.engagement)
    scores = totals.left_join(people, "account_id").select(
        "account_id",
        "engagement",
        "engagement_score",
        engaged_people=ibis.coalesce(ibis._.engaged_people, 0),
        departments_engaged=ibis.coalesce(ibis._.departments_engaged, 0),
        roles_engaged=ibis.coalesce(ibis._.roles_engaged, 0),
        depth_3x3=ibis.coalesce(ibis._.depth_3x3, 0),
        spike="spike",
        minutes_90d="minutes_90d",
        last_activity_days="last_activity_days",
    )
    return scores, _contributions(events)


def weighted_events(
    activities: ir.Table, contacts: ir.Table, as_of: dt.date, cfg: EngagementConfig
) -> ir.Table:
    """Counted events with `age_days`, `raw` (undecayed) and `points` (decayed) weights."""
    people = contacts.select(
        person_id="contact_id",
        person_account_id="account_id",
        seniority="seniority",
        function="function",
        buying_role="buying_role",
    )
    joined = activities.left_join(people, activities.contact_id == people.person_id)
    start = ibis.literal(dt.datetime.combine(as_of, dt.time()), type="timestamp")
    joined = joined.filter(joined.occurred_at < start)
    age = ibis.literal(as_of, type="date").delta(joined.occurred_at.cast("date"), unit="day")
    events = joined.select(
        "event_id", "occurred_at", "activity_type", "contact_id", "seniority", "function",
        "buying_role", "duration_minutes",
        account_id=ibis.coalesce(joined.account_id, joined.person_account_id),
        day=joined.occurred_at.cast("date"),
        age_days=age.cast("int64"),
    )  # fmt: skip
    events = events.filter(events.account_id.notnull(), events.age_days <= cfg.lookback_days)
    return _weigh(_capped(events, cfg.daily_cap), cfg)


def decay(age_days: ir.NumericValue, half_life_days: float) -> ir.FloatingValue:
    """`0.5 ** (age / half_life)`, written with `exp` so every backend computes it alike."""
    return (age_days.cast("float64") * (-math.log(2.0) / half_life_days)).exp()


def saturate(points: ir.NumericValue, scale: float) -> ir.FloatingValue:
    """0-100: `100 * (1 - exp(-points / scale))`; `scale` points give 63, 2x scale 86."""
    return 100.0 * (1.0 - (points.cast("float64") * (-1.0 / scale)).exp())


def _capped(events: ir.Table, cap: int) -> ir.Table:
    window = ibis.window(
        group_by=[events.account_id, events.contact_id, events.activity_type, events.day],
        order_by=[events.occurred_at, events.event_id],
    )
    ranked = events.mutate(rank_in_day=ibis.row_number().over(window))
    return ranked.filter(ranked.rank_in_day < cap).drop("rank_in_day")


def _weigh(events: ir.Table, cfg: EngagementConfig) -> ir.Table:
    type_weight = events.activity_type.substitute(
        {t: real(cfg.activity_weight(t)) for t in ACTIVITY_TYPES}, else_=real(0.0)
    )
    if cfg.minutes_types:
        by_minutes = events.activity_type.isin(list(cfg.minutes_types))
        minutes = events.duration_minutes.cast("float64")
        type_weight = (by_minutes & minutes.notnull()).ifelse(minutes, type_weight)
    known = {s: real(w) for s, w in cfg.seniority_weights.items()}
    other = real(cfg.seniority_weight("unknown"))
    person_weight = events.seniority.substitute(known, else_=other)
    person_weight = events.contact_id.isnull().ifelse(real(cfg.anonymous_weight), person_weight)
    raw = (type_weight * person_weight).clip(lower=0.0)
    weighted = events.mutate(raw=raw)
    return weighted.mutate(points=weighted.raw * decay(weighted.age_days, cfg.half_life_days))


def _totals(events: ir.Table, cfg: EngagementConfig) -> ir.Table:
    age = events.age_days
    prior_end = WEEK * (1 + cfg.spike_weeks)
    sums = events.group_by("account_id").aggregate(
        engagement=events.points.sum(),
        minutes_90d=events.raw.sum(where=age <= cfg.recent_days),
        this_week=events.raw.sum(where=age <= WEEK),
        prior_weeks=events.raw.sum(where=(age > WEEK) & (age <= prior_end)),
        last_activity_days=age.min(),
    )
    this_week = ibis.coalesce(sums.this_week, 0.0)
    baseline = ibis.coalesce(sums.prior_weeks, 0.0) / float(cfg.spike_weeks)
    spike = (this_week >= cfg.spike_floor) & (this_week > baseline * cfg.spike_ratio)
    return sums.mutate(
        engagement_score=saturate(sums.engagement, cfg.score_scale),
        minutes_90d=ibis.coalesce(sums.minutes_90d, 0.0),
        spike=spike & (this_week > 0.0),
    )


def _people(events: ir.Table, cfg: EngagementConfig) -> ir.Table:
    """Breadth over the recent window: people, departments (functions), roles, 3 x 3 depth."""
    known = events.filter(
        events.contact_id.notnull(), events.raw > 0.0, events.age_days <= cfg.recent_days
    )
    counts = known.group_by("account_id").aggregate(
        engaged_people=known.contact_id.nunique(),
        departments_engaged=known.function.nunique(),
        roles_engaged=known.buying_role.nunique(),
    )
    return counts.left_join(_depth(known, cfg), "account_id").select(
        "account_id",
        "engaged_people",
        "departments_engaged",
        "roles_engaged",
        depth_3x3=ibis.coalesce(ibis._.depth_3x3, 0),
    )


def _depth(known: ir.Table, cfg: EngagementConfig) -> ir.Table:
    """Sum over the best `depth_departments` functions of min(people, `depth_people`)."""
    staffed = known.filter(known.function.notnull())
    per_function = staffed.group_by(["account_id", "function"]).aggregate(
        people=staffed.contact_id.nunique()
    )
    capped = per_function.mutate(deep=ibis.least(per_function.people, cfg.depth_people))
    window = ibis.window(
        group_by=capped.account_id, order_by=[ibis.desc(capped.deep), capped.function]
    )
    ranked = capped.mutate(rank=ibis.row_number().over(window))
    best = ranked.filter(ranked.rank < cfg.depth_departments)
    return best.group_by("account_id").aggregate(depth_3x3=best.deep.sum().cast("int64"))


def _contributions(events: ir.Table) -> ir.Table:
    by_type = events.group_by(["account_id", "activity_type"]).aggregate(
        points=events.points.sum(), events=events.count()
    )
    by_type = by_type.filter(by_type.points > 0.0)
    name = by_type.activity_type.substitute({t: _label(t) for t in ACTIVITY_TYPES})
    label = name + " x " + number_text(by_type.events)
    return contribution_rows(by_type, "engagement", by_type.activity_type, label, by_type.points)


def _label(activity_type: str) -> str:
    return activity_type.replace("_", " ").capitalize()
