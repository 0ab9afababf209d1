"""The propensity feature table: one row per account as of a day, from data dated before it.

`feature_table(inputs, as_of, icp, cfg)` returns `account_id`, `population` and every column
of `catalog.FEATURES` (numeric as float64, categorical as string), as an Ibis expression the
engine runs on DuckDB, Spark or PostgreSQL alike. Nothing dated on or after `as_of` counts:
activities before it, intent weeks starting before it, deals created before it with their
state then (`features_deals`). Counts and scores are 0 when an account has no signal;
day counts (since the last activity, close or win, the account's age), logs of unknown sizes
and unknown categories are null.

`population` says which question a row answers: 'new_business' for an account that was not a
customer then and had no open new-business deal, 'expansion' for a customer without an open
expansion deal, null otherwise (a deal of that kind was already open, or the account was only
created in the CRM on or after the day, so nobody could have scored it then).

Two inputs are current rather than as of the day, because nothing dates them: the account's
firmographics and technologies (fit, sizes, industry, region) and, for an account with no dated
won deal, the CRM's customer flag. Contacts count only through events dated before the day
(engaged people, departments, roles, seniors): contacts carry no created date, so a contact
without such an event changes no feature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from beachhead.core.icp.model import IcpModel
from beachhead.core.prediction import features_deals as deals
from beachhead.core.prediction import features_signals as signals
from beachhead.core.prediction.catalog import FEATURES
from beachhead.core.scoring import ScoringConfig, engagement_scores, fit_scores
from beachhead.core.scoring.reasons import day_of, real

ENGAGEMENT_COLUMNS = (
    "engagement_score", "minutes_90d", "spike", "last_activity_days", "engaged_people",
    "departments_engaged", "roles_engaged", "depth_3x3",
)  # fmt: skip
INTENT_COLUMNS = ("intent", "in_market", "surging_topics", "breadth")
# Features that are 0 for an account without any matching signal or deal.
ZERO_WHEN_MISSING = (
    "intent", "surging_topics", "breadth", "engagement_score", "minutes_90d",
    "high_intent_actions_90d", "engaged_people", "departments_engaged", "roles_engaged",
    "depth_3x3", "senior_engaged", "prior_new_opps", "prior_lost", "won_deals",
)  # fmt: skip
FLAGS = ("in_market", "spike")


@dataclass(frozen=True)
class FeatureInputs:
    """The engine tables features are built from (columns as in `engine.tables`)."""

    accounts: ir.Table
    contacts: ir.Table
    opportunities: ir.Table
    activities: ir.Table
    intent: ir.Table


def frame_columns() -> tuple[str, ...]:
    """The columns of `feature_table`, in order.

    >>> frame_columns()[:4]
    ('account_id', 'population', 'fit', 'employees_log')
    """
    return ("account_id", "population", *(f.name for f in FEATURES))


def activity_window_days(cfg: ScoringConfig) -> int:
    """How many days before `as_of` the feature table reads activities: the scores' window,
    plus the four weeks of `intent_trend` (first-party intent reads activities too).

    >>> activity_window_days(ScoringConfig())
    208
    """
    return cfg.activity_window_days() + signals.TREND_DAYS


def feature_table(
    inputs: FeatureInputs, as_of: dt.date, icp: IcpModel, cfg: ScoringConfig
) -> ir.Table:
    """One row per account of `inputs.accounts`: `frame_columns()` as of `as_of`.

    `as_of` is a day (a datetime counts by its date); only data dated before it is read.
    """
    day = day_of(as_of)
    gathered = _gathered(inputs, day, icp, cfg)
    columns = {**_fit_columns(gathered), **_signal_columns(gathered), **_history(gathered, day)}
    population = deals.population(
        _in_book(gathered, day),
        _customer(gathered),
        ibis.coalesce(gathered.open_new, 0),
        ibis.coalesce(gathered.open_expansion, 0),
    )
    typed = {
        f.name: columns[f.name].cast("float64" if f.kind == "numeric" else "string")
        for f in FEATURES
    }
    return gathered.select("account_id", population=population, **typed)


def _gathered(inputs: FeatureInputs, day: dt.date, icp: IcpModel, cfg: ScoringConfig) -> ir.Table:
    """Every account with the raw per-account parts attached (left joins on account_id)."""
    a, acts, people = inputs.accounts, inputs.activities, inputs.contacts
    table = a.select(
        "account_id", "industry", "region", "employees", "annual_revenue", "created_at",
        technologies=ibis.coalesce(a.technologies.length(), 0),
    )  # fmt: skip
    earlier = day - dt.timedelta(days=signals.TREND_DAYS)
    before = signals.intent_at(inputs.intent, acts, earlier, cfg)
    parts: list[tuple[ir.Table, Sequence[str]]] = [
        (fit_scores(a, icp)[0], ["fit"]),
        (signals.intent_at(inputs.intent, acts, day, cfg), INTENT_COLUMNS),
        (before.select("account_id", intent_before=before.intent), ["intent_before"]),
        (engagement_scores(acts, people, day, cfg)[0], ENGAGEMENT_COLUMNS),
        (signals.activity_counts(acts, people, day, cfg), signals.COUNT_COLUMNS),
        (deals.deal_history(inputs.opportunities, day), deals.HISTORY_COLUMNS),
        (deals.static_customers(a, inputs.opportunities), ["static_customer"]),
    ]  # fmt: skip
    return _attached(table, parts)


def _attached(table: ir.Table, parts: Sequence[tuple[ir.Table, Sequence[str]]]) -> ir.Table:
    """`table` with the named columns of every part, left-joined on account_id in one chain."""
    joined = table
    columns: dict[str, ir.Value] = {name: table[name] for name in table.columns}
    for index, (part, names) in enumerate(parts):
        key = f"_key{index}"
        right = part.select(**{key: part.account_id}, **{c: part[c] for c in names})
        joined = joined.left_join(right, table.account_id == right[key])
        columns.update({c: right[c] for c in names})
    return joined.select(**columns)


def _fit_columns(t: ir.Table) -> dict[str, ir.Value]:
    return {
        "fit": t.fit,
        "employees_log": _log10(t.employees),
        "revenue_log": _log10(t.annual_revenue),
        "technologies": t.technologies,
        "industry": t.industry,
        "region": t.region.nullif("unknown"),
    }


def _signal_columns(t: ir.Table) -> dict[str, ir.Value]:
    columns: dict[str, ir.Value] = {name: ibis.coalesce(t[name], 0) for name in ZERO_WHEN_MISSING}
    for name in FLAGS:
        columns[name] = t[name].fill_null(False).ifelse(real(1.0), real(0.0))
    now, before = ibis.coalesce(t.intent, real(0.0)), ibis.coalesce(t.intent_before, real(0.0))
    columns["intent_trend"] = now - before
    columns["engagement_trend"] = signals.engagement_trend(t.p30, t.p60)
    columns["last_activity_days"] = t.last_activity_days
    return columns


def _history(t: ir.Table, day: dt.date) -> dict[str, ir.Value]:
    today = ibis.literal(day, type="date")
    return {
        "days_since_last_close": today.delta(t.last_close, unit="day"),
        "customer_days": today.delta(t.first_won, unit="day"),
    }


def _in_book(t: ir.Table, day: dt.date) -> ir.BooleanValue:
    """The account was in the CRM before the day (an unknown creation time counts as before)."""
    midnight = ibis.literal(dt.datetime.combine(day, dt.time()), type="timestamp")
    return t.created_at.isnull() | (t.created_at < midnight)


def _customer(t: ir.Table) -> ir.BooleanValue:
    return (ibis.coalesce(t.won_deals, 0) > 0) | t.static_customer.fill_null(False)


def _log10(value: ir.NumericValue) -> ir.FloatingValue:
    """log10 of a positive size; null when unknown or not positive."""
    number = value.cast("float64")
    return (number > real(0.0)).ifelse(number.log10(), ibis.null("float64"))
