"""Journey stages: one stage per account from rules over its scores and deals.

Stages are listed in `scoring.yaml` from the top of the funnel's end (expansion, customer,
opportunity, MQA, engaged, aware) and the first one whose conditions hold wins; an account
matching none gets `default_stage` (unaware). Conditions compare one per-account *fact*
(`config.FACTS`) with a constant; a missing fact (no intent, never active) never matches.
Opportunity facts are taken as of `as_of`: a deal counts as open if it was created before
`as_of` and was not yet closed then, and as won if it closed won before `as_of`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir

from beachhead.core.scoring.config import Condition, ScoringConfig, Stage
from beachhead.core.scoring.reasons import contribution_rows, count_true, day_of, real

COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip
EPSILON = 1e-9
ZERO_WHEN_MISSING = {
    "intent": 0.0, "surging_topics": 0, "breadth": 0.0, "in_market": False,
    "engagement": 0.0, "engagement_score": 0.0, "minutes_90d": 0.0, "engaged_people": 0,
    "departments_engaged": 0, "depth_3x3": 0, "spike": False,
    "won_deals": 0, "open_new_opps": 0, "open_expansion_opps": 0,
}  # fmt: skip


def journey_stages(
    accounts: ir.Table,
    fit: ir.Table,
    intent: ir.Table,
    engagement: ir.Table,
    opportunities: ir.Table,
    as_of: dt.date,
    cfg: ScoringConfig,
) -> tuple[ir.Table, ir.Table]:
    """`account_id, stage, stage_reason` for every account, and one stage contribution each.

    `fit`, `intent` and `engagement` are the score tables of `fit_scores`, `intent_scores` (or
    first-party intent) and `engagement_scores`. The contribution's points are the stage's
    level (the default stage 0, the top stage the highest) so stages sort and compare.
    """
    as_of = day_of(as_of)
    facts = account_facts(accounts, fit, intent, engagement, opportunities, as_of)
    matched = [(stage, stage_condition(facts, stage)) for stage in cfg.stages]
    if matched:
        stage = ibis.cases(*((cond, s.name) for s, cond in matched), else_=cfg.default_stage)
        reason = ibis.cases(
            *((cond, s.reason()) for s, cond in matched), else_=cfg.default_stage_label
        )
        level = ibis.cases(
            *((cond, real(len(matched) - i)) for i, (_, cond) in enumerate(matched)),
            else_=real(0.0),
        )
    else:
        stage = ibis.literal(cfg.default_stage)
        reason = ibis.literal(cfg.default_stage_label)
        level = real(0.0)
    staged = facts.select("account_id", stage=stage, stage_reason=reason, level=level)
    contributions = contribution_rows(
        staged, "stage", staged.stage, staged.stage_reason, staged.level
    )
    return staged.drop("level"), contributions


def stage_condition(facts: ir.Table, stage: Stage) -> ir.BooleanValue:
    """Every `all` condition and, when there are any, at least one `any` condition."""
    result: ir.BooleanValue = ibis.literal(True)
    for condition in stage.all_of:
        result = result & condition_expr(facts, condition)
    if stage.any_of:
        alternatives: ir.BooleanValue = ibis.literal(False)
        for condition in stage.any_of:
            alternatives = alternatives | condition_expr(facts, condition)
        result = result & alternatives
    return result


def condition_expr(facts: ir.Table, condition: Condition) -> ir.BooleanValue:
    """`field op value`, false where the fact is missing."""
    value = condition.value
    if isinstance(value, bool | str):
        return COMPARE[condition.op](facts[condition.field], ibis.literal(value)).fill_null(False)
    # Parallel sums come back as 9.999999999999998 or 10.0 depending on thread order: compare
    # numbers with a tolerance far below any meaningful difference, so stages do not flicker.
    nudged = value - EPSILON if condition.op in (">=", "<") else value + EPSILON
    literal = real(nudged) if condition.op in (">=", "<", ">", "<=") else real(value)
    return COMPARE[condition.op](facts[condition.field], literal).fill_null(False)


def account_facts(
    accounts: ir.Table,
    fit: ir.Table,
    intent: ir.Table,
    engagement: ir.Table,
    opportunities: ir.Table,
    as_of: dt.date,
) -> ir.Table:
    """One row per account with every name in `config.FACTS`."""
    facts = accounts.select("account_id", is_customer=accounts.is_customer.fill_null(False))
    facts = _attach(facts, fit, ["fit", "fit_band"])
    facts = _attach(
        facts, intent, ["intent", "in_market", "surging_topics", "breadth", "freshness_days"]
    )
    facts = _attach(
        facts,
        engagement,
        ["engagement", "engagement_score", "minutes_90d", "engaged_people",
         "departments_engaged", "depth_3x3", "spike", "last_activity_days"],
    )  # fmt: skip
    facts = _attach(facts, deal_facts(opportunities, as_of), list(_DEAL_FACTS))
    filled = {k: ibis.coalesce(facts[k], v) for k, v in ZERO_WHEN_MISSING.items()}
    facts = facts.mutate(**filled)
    return facts.mutate(customer=facts.is_customer | (facts.won_deals > 0))


_DEAL_FACTS = ("won_deals", "open_new_opps", "open_expansion_opps", "days_since_won_expansion")


def deal_facts(opportunities: ir.Table, as_of: dt.date) -> ir.Table:
    """Per account: won deals, open new-business and expansion deals, days since an upsell."""
    day = ibis.literal(as_of, type="date")
    opps = opportunities
    closed_by_then = opps.is_closed.fill_null(False) & ~(opps.close_date >= day).fill_null(False)
    is_open = (opps.created_date < day).fill_null(False) & ~closed_by_then
    won = opps.is_won.fill_null(False) & (opps.close_date < day).fill_null(True)
    kind = opps.opp_type.lower()
    won_expansion = won & (kind == "expansion")
    return opps.group_by("account_id").aggregate(
        won_deals=count_true(won),
        open_new_opps=count_true(is_open & (kind == "new")),
        open_expansion_opps=count_true(is_open & (kind == "expansion")),
        days_since_won_expansion=day.delta(opps.close_date, unit="day").min(where=won_expansion),
    )


def _attach(facts: ir.Table, scores: ir.Table, columns: list[str]) -> ir.Table:
    right = scores.select(_key=scores.account_id, **{c: scores[c] for c in columns})
    joined = facts.left_join(right, facts.account_id == right._key)
    return joined.drop("_key")
