"""Fit, intent, engagement and journey stages as Ibis expressions, with their reasons.

Each function takes Ibis tables (the engine's contract) and returns a per-account score table
and a long contributions table (`reasons.CONTRIBUTION_SCHEMA`). Nothing here executes: the
engine runs the expressions on DuckDB, Spark or PostgreSQL alike. `scoring.yaml` is
`config.ScoringConfig`.
"""

from beachhead.core.scoring.config import ScoringConfig, load_scoring_config, parse_scoring_config
from beachhead.core.scoring.engagement import engagement_scores
from beachhead.core.scoring.fit import fit_scores
from beachhead.core.scoring.intent import combined_intent, first_party_intent, intent_scores
from beachhead.core.scoring.reasons import CONTRIBUTION_SCHEMA, explain
from beachhead.core.scoring.stages import journey_stages

__all__ = [
    "CONTRIBUTION_SCHEMA",
    "ScoringConfig",
    "combined_intent",
    "engagement_scores",
    "explain",
    "first_party_intent",
    "fit_scores",
    "intent_scores",
    "journey_stages",
    "load_scoring_config",
    "parse_scoring_config",
]
