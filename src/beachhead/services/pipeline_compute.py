"""The scoring step of `beachhead run`: every score as Ibis expressions, executed to Arrow.

Fit, intent, engagement and stages are computed by `core.scoring` on whichever engine holds the
tables; their per-account tables are left-joined onto every account and brought back as one
Arrow table, with the long contributions table beside it. Missing scores (an account without
any intent or activity) are filled in Arrow, after the engine, so every engine gives the same
answer: 0 for numbers, false for `in_market`, the weak band, the default stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.core.icp.model import IcpModel
from beachhead.core.scoring import (
    ScoringConfig,
    combined_intent,
    engagement_scores,
    fit_scores,
    intent_scores,
    journey_stages,
)
from beachhead.engine.results import to_arrow
from beachhead.engine.tables import EngineTables

COMPONENTS = ("fit", "intent", "engagement", "stage")
SCORE_FIELDS = (
    "account_id",
    "fit",
    "fit_band",
    "intent",
    "in_market",
    "engagement",
    "engagement_score",
    "stage",
    "stage_reason",
)


@dataclass(frozen=True)
class Scored:
    """One row per account (`SCORE_FIELDS`) and the contributions behind every number."""

    scores: pa.Table
    contributions: pa.Table


def compute_scores(
    tables: EngineTables, icp: IcpModel, cfg: ScoringConfig, as_of: dt.date
) -> Scored:
    """Run fit, intent, engagement and stages for every account of `tables` as of `as_of`."""
    # Each score and its contributions read one base table: computed once, not twice.
    fit, fit_reasons = fit_scores(tables.accounts, icp, _cached)
    intent, intent_reasons = _intent(tables, as_of, cfg)
    engaged, engaged_reasons = engagement_scores(
        tables.activities, tables.contacts, as_of, cfg, _cached
    )
    # Stages and the final join read each score table again: materialise them once.
    fit, intent, engaged = fit.cache(), intent.cache(), engaged.cache()
    stages, stage_reasons = journey_stages(
        tables.accounts, fit, intent, engaged, tables.opportunities, as_of, cfg
    )
    joined = _joined(tables.accounts, fit, intent, engaged, stages)
    scores = _filled(to_arrow(joined, "account_id"), cfg)
    parts = [fit_reasons, intent_reasons, engaged_reasons, stage_reasons]
    contributions = pa.concat_tables([to_arrow(part) for part in parts])
    return Scored(scores=scores, contributions=contributions)


def _intent(tables: EngineTables, as_of: dt.date, cfg: ScoringConfig) -> tuple[ir.Table, ir.Table]:
    # Our own topic pages only add signal once scoring.yaml maps some.
    if cfg.first_party.topic_pages:
        return combined_intent(tables.intent, tables.activities, as_of, cfg, _cached)
    return intent_scores(tables.intent, as_of, cfg, _cached)


def _cached(table: ir.Table) -> ir.Table:
    return table.cache()


def _joined(
    accounts: ir.Table, fit: ir.Table, intent: ir.Table, engaged: ir.Table, stages: ir.Table
) -> ir.Table:
    base = accounts.select("account_id")
    joined = (
        base.left_join(fit, base.account_id == fit.account_id)
        .left_join(intent, base.account_id == intent.account_id)
        .left_join(engaged, base.account_id == engaged.account_id)
        .left_join(stages, base.account_id == stages.account_id)
    )
    return joined.select(
        account_id=base.account_id,
        fit=fit.fit,
        fit_band=fit.fit_band,
        intent=intent.intent,
        in_market=intent.in_market,
        engagement=engaged.engagement,
        engagement_score=engaged.engagement_score,
        stage=stages.stage,
        stage_reason=stages.stage_reason,
    )


def _filled(scores: pa.Table, cfg: ScoringConfig) -> pa.Table:
    defaults: dict[str, object] = {
        "fit": 0.0,
        "fit_band": "weak",
        "intent": 0.0,
        "in_market": False,
        "engagement": 0.0,
        "engagement_score": 0.0,
        "stage": cfg.default_stage,
        "stage_reason": cfg.default_stage_label,
    }
    columns = {"account_id": scores.column("account_id")}
    for name, value in defaults.items():
        column = scores.column(name)
        columns[name] = pc.fill_null(column, pa.scalar(value, type=column.type))
    return pa.table(columns)
