"""Propensity model versions and per-run propensity scores in the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from beachhead.store.bulk import insert_returning_ids, upsert_many
from beachhead.store.models import PredictionModel, PropensityScore, ScoreRun

ACTIVE, CANDIDATE, RETIRED = "active", "candidate", "retired"


def add_model(session: Session, row: dict[str, Any]) -> int:
    """Insert one model version (status candidate unless the row says otherwise)."""
    return insert_returning_ids(session, PredictionModel, [{"status": CANDIDATE, **row}])[0]


def get_model(session: Session, model_id: int) -> PredictionModel | None:
    return session.get(PredictionModel, model_id)


def active_model(session: Session) -> PredictionModel | None:
    stmt = select(PredictionModel).where(PredictionModel.status == ACTIVE)
    return session.scalars(stmt.order_by(PredictionModel.id.desc()).limit(1)).first()


def list_models(session: Session) -> list[PredictionModel]:
    return list(session.scalars(select(PredictionModel).order_by(PredictionModel.id)))


def activate(
    session: Session, model_id: int, now: dt.datetime, remember_previous: bool = True
) -> int | None:
    """Make `model_id` the active version; the one it replaces is retired and returned.

    A promotion remembers the replaced version as the new one's `previous_id`, so a rollback
    can return to it; a rollback itself does not (`remember_previous=False`), so rolling back
    twice walks further back instead of bouncing between two versions.
    """
    current = active_model(session)
    replaced = current.id if current is not None and current.id != model_id else None
    if replaced is not None:
        session.execute(
            update(PredictionModel).where(PredictionModel.id == replaced).values(status=RETIRED)
        )
    values: dict[str, Any] = {"status": ACTIVE, "activated_at": now}
    if remember_previous and replaced is not None:
        values["previous_id"] = replaced
    session.execute(update(PredictionModel).where(PredictionModel.id == model_id).values(values))
    return replaced


def insert_propensity(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """PropensityScore rows (each with run_id), many per statement."""
    upsert_many(session, PropensityScore.__table__, rows, key=("run_id", "account_id"))  # type: ignore[arg-type]


def run_propensity(session: Session, run_id: int) -> dict[int, dict[str, Any]]:
    """account_id -> {propensity, population, regime, model_id, factors} for one run."""
    stmt = select(PropensityScore).where(PropensityScore.run_id == run_id)
    return {row.account_id: _as_dict(row) for row in session.scalars(stmt)}


def latest_account_propensity(session: Session, account_id: int) -> dict[str, Any] | None:
    """The account's propensity in the newest run that scored it, with that run's day."""
    stmt = (
        select(PropensityScore, ScoreRun.as_of)
        .join(ScoreRun, ScoreRun.id == PropensityScore.run_id)
        .where(PropensityScore.account_id == account_id)
        .order_by(ScoreRun.id.desc())
        .limit(1)
    )
    found = session.execute(stmt).first()
    if found is None:
        return None
    score, as_of = found
    return {**_as_dict(score), "run_id": score.run_id, "as_of": as_of}


def _as_dict(row: PropensityScore) -> dict[str, Any]:
    return {
        "propensity": row.propensity,
        "population": row.population,
        "regime": row.regime,
        "model_id": row.model_id,
        "factors": list(row.factors or []),
    }
