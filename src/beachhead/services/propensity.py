"""Propensity in `beachhead run`: the active model version (or the rules) scores every account.

Each account is scored by the model of its population as of the run's day (a prospect by the
new-business model, a customer by the expansion model); an account with a deal already open
has no population and no propensity. The rows keep the regime and model version that made
each number and its top signed factors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from beachhead.core.prediction.catalog import FEATURE_NAMES, POPULATIONS
from beachhead.core.prediction.model import TrainedModel, rules_model
from beachhead.engine.tables import EngineTables
from beachhead.platform import Platform
from beachhead.services import prediction_frames as frames
from beachhead.services.run_config import RunConfig
from beachhead.store import prediction as store

TOP_FACTORS = 5


@dataclass(frozen=True)
class ModelSet:
    """The models a run scores with: a stored version, or the rules when none is active."""

    model_id: int | None
    models: dict[str, TrainedModel]

    @property
    def version(self) -> str:
        return f"v{self.model_id}" if self.model_id is not None else "rules"


def rules_models() -> ModelSet:
    return ModelSet(None, {p: rules_model(p) for p in POPULATIONS})


def models_from_payload(model_id: int | None, payload: dict[str, Any]) -> ModelSet:
    models = {p: TrainedModel.from_payload(payload[p]) for p in POPULATIONS if p in payload}
    for population in POPULATIONS:
        models.setdefault(population, rules_model(population))
    return ModelSet(model_id, models)


def active_models(session: Session) -> ModelSet:
    """The active version's models, or the rules when no model was trained yet."""
    row = store.active_model(session)
    return rules_models() if row is None else models_from_payload(row.id, row.payload)


def score(features: pd.DataFrame, models: ModelSet) -> pd.DataFrame:
    """`account_id, population, propensity, regime, factors` for every row of `features`."""
    parts = [_score_population(features, models, p) for p in POPULATIONS]
    rest = features.loc[~features["population"].isin(POPULATIONS), ["account_id"]].copy()
    rest["population"], rest["propensity"], rest["regime"] = None, np.nan, "none"
    rest["factors"] = [[] for _ in range(len(rest))]
    scored = pd.concat([*parts, rest], ignore_index=True)
    return scored.sort_values("account_id", kind="stable").reset_index(drop=True)


def _score_population(features: pd.DataFrame, models: ModelSet, population: str) -> pd.DataFrame:
    rows = features[features["population"] == population].reset_index(drop=True)
    model = models.models[population]
    out = rows[["account_id"]].copy()
    out["population"] = population
    out["propensity"] = model.predict(rows) if len(rows) else np.zeros(0)
    out["regime"] = model.regime
    explained = model.explain(rows, top=TOP_FACTORS) if len(rows) else []
    out["factors"] = [[_factor(f) for f in factors] for factors in explained]
    return out


def _factor(factor: Any) -> dict[str, Any]:
    return {
        "name": factor.name,
        "label": factor.label,
        "value": factor.value,
        "contribution": round(float(factor.contribution), 6),
    }


def propensity_rows(
    scored: pd.DataFrame, run_id: int, model_id: int | None
) -> list[dict[str, Any]]:
    """PropensityScore rows of one run."""
    rows: list[dict[str, Any]] = []
    for record in scored.to_dict("records"):
        value = record["propensity"]
        rows.append(
            {
                "run_id": run_id,
                "account_id": int(record["account_id"]),
                "population": record["population"],
                "propensity": None if pd.isna(value) else float(value),
                "regime": record["regime"],
                "model_id": model_id,
                "factors": record["factors"],
            }
        )
    return rows


def write_propensity(
    session: Session, scored: pd.DataFrame, run_id: int, model_id: int | None
) -> None:
    store.insert_propensity(session, propensity_rows(scored, run_id, model_id))


def explain_propensity(row: dict[str, Any]) -> str:
    """`propensity 12.4% (new business, learned v3) = base ... + Intent score +4.1 pts ...`."""
    if row.get("propensity") is None:
        return "propensity: none (a deal is already open)"
    kind = str(row.get("population") or "").replace("_", " ")
    version = f"v{row['model_id']}" if row.get("model_id") else "no model trained"
    parts = [
        f"{f['label']} ({f['value']}) {100 * f['contribution']:+.1f} pts" for f in row["factors"]
    ]
    head = f"propensity {100 * row['propensity']:.1f}% ({kind}, {row['regime']}, {version})"
    return head + (" = " + ", ".join(parts) if parts else "")


def propensity_on(
    platform: Platform, tables: EngineTables, day: dt.date, config: RunConfig
) -> tuple[ModelSet, pd.DataFrame]:
    """Every account's propensity on `day` from the active models (or the rules)."""
    with platform.store.reader() as session:
        models = active_models(session)
    custom = sorted(
        {name for m in models.models.values() for name in m.features} - set(FEATURE_NAMES)
    )
    features = frames.features_on(tables, day, config)
    features = frames.with_custom(features, frames.read_custom_fields(platform, custom))
    return models, score(features, models)
