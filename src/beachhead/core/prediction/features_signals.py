"""Intent, engagement and committee inputs of the feature table, each per account.

The scores are `core.scoring`'s own (so a feature means what the score means in `beachhead
run`); the extra counts below read the same weighted, capped events (`weighted_events`):

* `engagement_trend = (p30 - p60 / 2) / (p30 + p60 / 2 + 1)`, with `p30` the undecayed points
  of the last 30 days (ages 1-30) and `p60` those of the 60 days before (ages 31-90); `p60 / 2`
  is the earlier period's pace per 30 days. The value lies in (-1, 1): 0 when flat or idle,
  towards 1 when activity starts, towards -1 when it stops; the `+ 1` keeps a handful of
  points from swinging it to the extremes;
* `high_intent_actions_90d`: demo requests, form fills, pricing-page visits and meetings in the
  last 90 days (ages 1-90), after the daily cap;
* `senior_engaged`: distinct contacts of seniority cxo or vp with a counted event in the
  engagement's recent window (`recent_days`, 90 by default), the window `engaged_people` uses;
* `intent_trend` (in `features`): intent as of the day minus intent 28 days earlier.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from beachhead.core.scoring import ScoringConfig, combined_intent, intent_scores
from beachhead.core.scoring.engagement import weighted_events
from beachhead.core.scoring.reasons import count_true, real

HIGH_INTENT_TYPES = ("demo_request", "form_fill", "pricing_page_visit", "meeting")
SENIOR = ("cxo", "vp")
TREND_DAYS = 28
RECENT_DAYS = 30
EARLIER_DAYS = 60
ACTIONS_DAYS = 90
COUNT_COLUMNS = ("p30", "p60", "high_intent_actions_90d", "senior_engaged")


def intent_at(
    intent: ir.Table, activities: ir.Table, as_of: dt.date, cfg: ScoringConfig
) -> ir.Table:
    """The intent scores as `beachhead run` computes them on `as_of` (first-party pages too
    when `scoring.yaml` maps some)."""
    if cfg.first_party.topic_pages:
        return combined_intent(intent, activities, as_of, cfg)[0]
    return intent_scores(intent, as_of, cfg)[0]


def activity_counts(
    activities: ir.Table, contacts: ir.Table, as_of: dt.date, cfg: ScoringConfig
) -> ir.Table:
    """Per account: `p30, p60, high_intent_actions_90d, senior_engaged` (see the module docs)."""
    events = _events(activities, contacts, as_of, cfg)
    age = events.age_days
    senior = (
        events.contact_id.notnull()
        & (events.raw > 0.0)
        & (age <= cfg.engagement.recent_days)
        & events.seniority.isin(list(SENIOR))
    )
    return events.group_by("account_id").aggregate(
        p30=events.raw.sum(where=age <= RECENT_DAYS),
        p60=events.raw.sum(where=(age > RECENT_DAYS) & (age <= RECENT_DAYS + EARLIER_DAYS)),
        high_intent_actions_90d=count_true(
            events.activity_type.isin(list(HIGH_INTENT_TYPES)) & (age <= ACTIONS_DAYS)
        ),
        senior_engaged=events.contact_id.nunique(where=senior),
    )


def engagement_trend(p30: ir.NumericValue, p60: ir.NumericValue) -> ir.FloatingValue:
    """`(p30 - p60 / 2) / (p30 + p60 / 2 + 1)`, missing sums read as 0."""
    recent = ibis.coalesce(p30.cast("float64"), real(0.0))
    earlier_pace = ibis.coalesce(p60.cast("float64"), real(0.0)) / real(2.0)
    return (recent - earlier_pace) / (recent + earlier_pace + real(1.0))


def _events(
    activities: ir.Table, contacts: ir.Table, as_of: dt.date, cfg: ScoringConfig
) -> ir.Table:
    # Look back at least as far as the 90-day counts need, whatever scoring.yaml's lookback.
    needed = max(cfg.engagement.lookback_days, RECENT_DAYS + EARLIER_DAYS, ACTIONS_DAYS)
    wide = cfg.engagement.model_copy(update={"lookback_days": needed})
    return weighted_events(activities, contacts, as_of, wide)
