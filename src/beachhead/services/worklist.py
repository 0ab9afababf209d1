"""The accounts worth working first, from a score run: a short, explained list."""

from __future__ import annotations

from typing import Any

from beachhead.errors import NotFoundError
from beachhead.platform import Platform
from beachhead.services.run_config import run_config
from beachhead.store import prediction, results

# Stages where the account is already someone's deal or customer: not a prospect to work.
IN_HAND = ("expansion", "customer", "opportunity")


def top_prospects(
    platform: Platform, limit: int = 10, run_id: int | None = None
) -> list[dict[str, Any]]:
    """Prospects ordered by propensity to open pipeline, then how far along the journey they
    are, intent, fit and engagement (the order alone when the run has no propensity)."""
    stages = [stage.name for stage in run_config(platform.settings.workspace).scoring.stages]
    with platform.store.reader() as session:
        run = results.get_run(session, run_id) if run_id else results.latest_run(session)
        if run is None:
            raise NotFoundError("no score run yet", hint="run: beachhead run")
        scored = prediction.run_propensity(session, run.id)
        rows = [r for r in results.run_rows(session, run.id) if r["stage"] not in IN_HAND]
    for row in rows:
        found = scored.get(row["account_id"], {})
        row["propensity"] = found.get("propensity")
        row["propensity_regime"] = found.get("regime")

    def rank(row: dict[str, Any]) -> tuple[Any, ...]:
        level = stages.index(row["stage"]) if row["stage"] in stages else len(stages)
        chance = row["propensity"] if row["propensity"] is not None else -1.0
        return (-chance, level, -(row["intent"] or 0), -(row["fit"] or 0),
                -(row["engagement_score"] or 0))  # fmt: skip

    return sorted(rows, key=rank)[:limit]
