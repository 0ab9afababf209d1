"""`beachhead models train|list|promote|rollback`: versioned propensity models.

Training reads the workspace as of a day, stacks labelled snapshots whose horizon ended before
that day (`prediction.yaml`: horizon, snapshots, step), refuses leaky custom columns, trains
one model per population in the regime the data allow, and stores the version with its
training window, data and config hashes, held-out metrics beside the logistic baseline, and
the drift of its rankings against the active version. The first version becomes active;
later ones are candidates until promoted (or `--promote`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from beachhead.core.prediction.catalog import FEATURE_NAMES, POPULATIONS
from beachhead.core.prediction.config import PredictionConfig, load_prediction_config
from beachhead.core.prediction.drift import rank_drift
from beachhead.core.prediction.features import activity_window_days
from beachhead.core.prediction.labels import training_days
from beachhead.core.prediction.model import RegimeRules, TrainedModel, train_model
from beachhead.engine.backends import connect
from beachhead.engine.tables import EngineTables, load_tables
from beachhead.errors import NotFoundError
from beachhead.platform import Platform
from beachhead.services import prediction_frames as frames
from beachhead.services.pipeline import RunSummary, run_pipeline
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.propensity import ModelSet, active_models, score
from beachhead.services.run_config import RunConfig, run_config
from beachhead.store import prediction as store
from beachhead.store import results

PREDICTION_FILE = "prediction.yaml"
TASK = "Training propensity models"


@dataclass
class TrainSummary:
    model_id: int
    status: str
    as_of: dt.date
    horizon_days: int
    train_from: dt.date
    train_to: dt.date
    regimes: dict[str, str]
    heldout: dict[str, dict[str, Any]]
    trained_on: dict[str, dict[str, Any]]
    drift: dict[str, Any] | None
    warnings: list[dict[str, Any]] = field(default_factory=list)  # leakage, regime fallbacks

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Market:
    """What training reads: the configs, the days, and the frames built from them."""

    run: RunConfig
    prediction: PredictionConfig
    days: list[dt.date]
    training: pd.DataFrame
    current: pd.DataFrame
    features: tuple[str, ...]


def prediction_config(workspace: Path) -> PredictionConfig:
    return load_prediction_config(workspace / PREDICTION_FILE)


def regime_rules(config: PredictionConfig) -> RegimeRules:
    r = config.regimes
    return RegimeRules(
        learned_min_positive_accounts=r.learned_min_positive_accounts,
        learned_min_negative_accounts=r.learned_min_negative_accounts,
        priors_min_positive_accounts=r.priors_min_positive_accounts,
    )


def read_market(
    platform: Platform, day: dt.date, engine: str = "duckdb", sink: Progress | None = None
) -> Market:
    """Training snapshots before `day` and every account's features on `day`."""
    sink = sink or NoProgress()
    run = run_config(platform.settings.workspace)
    config = prediction_config(platform.settings.workspace)
    days = training_days(day, config.horizon_days, config.snapshots, config.step_days)
    con = connect(engine, store_url=platform.settings.store_url)
    try:
        tables = read_tables(platform, con, run, day, days[0])
        sink.advance(TASK)
        profiles = frames.profiles_for(platform, run, days)
        training = frames.training_frame(tables, days, run, config.horizon_days, profiles)
        current = frames.features_on(tables, day, run)
        sink.advance(TASK)
    finally:
        con.disconnect()
    custom = frames.read_custom_fields(platform, config.custom_features)
    return Market(
        run=run, prediction=config, days=days,
        training=frames.with_custom(training, custom), current=frames.with_custom(current, custom),
        features=(*FEATURE_NAMES, *config.custom_features),
    )  # fmt: skip


def read_tables(
    platform: Platform, con: Any, run: RunConfig, day: dt.date, first: dt.date
) -> EngineTables:
    window = activity_window_days(run.scoring)
    since = dt.datetime.combine(first, dt.time()) - dt.timedelta(days=window)
    return load_tables(platform, con, dt.datetime.combine(day, dt.time()), since)


def train_models(
    platform: Platform,
    as_of: dt.date | None = None,
    promote: bool = False,
    engine: str = "duckdb",
    progress: Progress | None = None,
) -> TrainSummary:
    """Train and store a new model version as of `as_of` (default: today, UTC)."""
    sink = progress or NoProgress()
    day = as_of or dt.datetime.now(dt.UTC).date()
    sink.start(TASK, 4)
    market = read_market(platform, day, engine, sink)
    rules = regime_rules(market.prediction)
    models = {
        p: train_model(
            frames.for_population(market.training, p), market.features, p, rules,
            market.prediction.seed, horizon_days=market.prediction.horizon_days,
            k_values=market.prediction.k_values, allow=market.prediction.allow_features,
        )
        for p in POPULATIONS
    }  # fmt: skip
    sink.advance(TASK)
    findings = [{"population": p, "warning": w} for p, m in models.items() for w in m.warnings]
    summary = _store(platform, market, models, day, promote, findings)
    sink.advance(TASK)
    sink.finish(TASK)
    return summary


def _store(
    platform: Platform,
    market: Market,
    models: dict[str, TrainedModel],
    day: dt.date,
    promote: bool,
    findings: list[dict[str, Any]],
) -> TrainSummary:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with platform.store.unit_of_work() as session:
        current = active_models(session)
        drift = _drift(market, current, models) if current.model_id is not None else None
        regimes = {p: str(m.regime) for p, m in models.items()}
        heldout = {p: {k: e.as_dict() for k, e in m.heldout.items()} for p, m in models.items()}
        trained_on = {p: asdict(m.trained_on) for p, m in models.items()}
        row = {
            "created_at": now, "as_of": day, "horizon_days": market.prediction.horizon_days,
            "train_from": market.days[0], "train_to": market.days[-1],
            "regimes": regimes,
            "data_hash": data_hash(market.training), "config_hash": config_hash(market),
            "features": list(market.features),
            "payload": {p: m.to_payload() for p, m in models.items()},
            "metrics": {"heldout": heldout, "trained_on": trained_on, "drift": drift,
                        "warnings": findings},
        }  # fmt: skip
        model_id = store.add_model(session, row)
        activate = promote or current.model_id is None
        if activate:
            store.activate(session, model_id, now)
    return TrainSummary(
        model_id=model_id, status=store.ACTIVE if activate else store.CANDIDATE, as_of=day,
        horizon_days=market.prediction.horizon_days, train_from=market.days[0],
        train_to=market.days[-1], regimes=regimes, heldout=heldout,
        trained_on=trained_on, drift=drift, warnings=findings,
    )  # fmt: skip


def _drift(market: Market, current: ModelSet, models: dict[str, TrainedModel]) -> dict[str, Any]:
    """How much the new version reorders today's accounts against the active one."""
    candidate = ModelSet(None, models)
    before, after = score(market.current, current), score(market.current, candidate)
    report: dict[str, Any] = {"against": current.version}
    for population in POPULATIONS:
        mask = before["population"] == population
        if mask.sum() < 2:
            continue
        result = rank_drift(
            before.loc[mask, "propensity"].to_numpy(), after.loc[mask, "propensity"].to_numpy(),
            market.prediction.k_values,
        )  # fmt: skip
        report[population] = result.as_dict()
    return report


def data_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of the training rows, column order and values: same data, same hash."""
    ordered = frame.sort_values(["as_of", "account_id"], kind="stable").reset_index(drop=True)
    digest = hashlib.sha256(",".join(ordered.columns).encode())
    digest.update(pd.util.hash_pandas_object(ordered, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def config_hash(market: Market) -> str:
    digest = hashlib.sha256(market.run.config_hash.encode())
    digest.update(market.prediction.model_dump_json().encode())
    return digest.hexdigest()


def list_models(platform: Platform) -> list[dict[str, Any]]:
    with platform.store.reader() as session:
        return [_model_dict(m) for m in store.list_models(session)]


def _model_dict(m: Any) -> dict[str, Any]:
    return {
        "model_id": m.id, "version": f"v{m.id}", "status": m.status, "created_at": m.created_at,
        "as_of": m.as_of, "horizon_days": m.horizon_days, "train_from": m.train_from,
        "train_to": m.train_to, "regimes": m.regimes, "data_hash": m.data_hash,
        "config_hash": m.config_hash, "metrics": m.metrics, "previous_id": m.previous_id,
    }  # fmt: skip


def promote_model(platform: Platform, model_id: int) -> dict[str, Any]:
    """Make version `model_id` active; the version it replaces is remembered for rollback."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with platform.store.unit_of_work() as session:
        if store.get_model(session, model_id) is None:
            raise NotFoundError(f"no model v{model_id}", hint="see: beachhead models list")
        replaced = store.activate(session, model_id, now)
    return {"active": model_id, "replaced": replaced}


def rollback_model(platform: Platform) -> dict[str, Any]:
    """Return to the version the active one replaced."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with platform.store.unit_of_work() as session:
        current = store.active_model(session)
        if current is None or current.previous_id is None:
            raise NotFoundError(
                "no earlier model version to roll back to", hint="see: beachhead models list"
            )
        store.activate(session, current.previous_id, now, remember_previous=False)
        return {"active": current.previous_id, "replaced": current.id}


def show_model(platform: Platform, model_id: int) -> dict[str, Any]:
    with platform.store.reader() as session:
        found = store.get_model(session, model_id)
        if found is None:
            raise NotFoundError(f"no model v{model_id}", hint="see: beachhead models list")
        return _model_dict(found)


def summary_of(model: dict[str, Any]) -> TrainSummary:
    """A stored version told like the training that made it."""
    metrics = model["metrics"]
    return TrainSummary(
        model_id=model["model_id"], status=model["status"], as_of=model["as_of"],
        horizon_days=model["horizon_days"], train_from=model["train_from"],
        train_to=model["train_to"], regimes=model["regimes"], heldout=metrics.get("heldout", {}),
        trained_on=metrics.get("trained_on", {}), drift=metrics.get("drift"),
        warnings=metrics.get("warnings", []),
    )  # fmt: skip


def rescore(platform: Platform) -> RunSummary | None:
    """Score the latest run's day again (with whichever model is active now)."""
    with platform.store.reader() as session:
        latest = results.latest_run(session)
        day = latest.as_of if latest is not None else None
    return None if day is None else run_pipeline(platform, day)
