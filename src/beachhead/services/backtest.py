"""`beachhead backtest`: score the market as it was on a day and compare with what happened.

For each as-of day D the propensity model is trained only on snapshots whose horizon ended by
D (exactly as `models train` would have on D), every prospect is scored on D, and the scores
are compared with the deals actually opened in [D, D + horizon). Three strategies are judged
on the same accounts: the firmographic ICP filter (fit alone), fit + intent, and the full
propensity model, by AUC, PR-AUC, lift in the top 10%, precision and pipeline captured in the
top K. Several days give a spread instead of one lucky number.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from beachhead.core.prediction.catalog import FEATURE_NAMES
from beachhead.core.prediction.config import PredictionConfig
from beachhead.core.prediction.labels import training_days
from beachhead.core.prediction.metrics import evaluate
from beachhead.core.prediction.model import train_model
from beachhead.engine.backends import connect
from beachhead.engine.tables import EngineTables
from beachhead.errors import BeachheadError
from beachhead.platform import Platform
from beachhead.services import prediction_frames as frames
from beachhead.services.prediction import (
    prediction_config,
    read_tables,
    regime_rules,
)
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.run_config import run_config

TASK = "Backtesting"
STRATEGIES = ("icp_fit", "fit_plus_intent", "propensity")
SPREAD_METRICS = ("auc", "pr_auc", "lift_at_10pct", "brier")


class BacktestError(BeachheadError):
    """A backtest that cannot be run as asked."""


@dataclass
class BacktestDay:
    as_of: dt.date
    horizon_days: int
    population: str
    complete: bool  # the whole outcome window lies before the data end
    regime: str
    accounts: int
    opened: int
    strategies: dict[str, dict[str, Any]]


@dataclass
class BacktestReport:
    days: list[BacktestDay]
    k_values: tuple[int, ...]
    spread: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def backtest(
    platform: Platform,
    as_of_days: Sequence[dt.date],
    horizon_days: int | None = None,
    population: str = "new_business",
    engine: str = "duckdb",
    progress: Progress | None = None,
) -> BacktestReport:
    """Backtest propensity and the simpler strategies on every day of `as_of_days`."""
    if not as_of_days:
        raise BacktestError("give at least one as-of day", hint="e.g. --as-of 2026-06-01")
    sink = progress or NoProgress()
    run = run_config(platform.settings.workspace)
    config = prediction_config(platform.settings.workspace)
    if horizon_days is not None:
        config = config.model_copy(update={"horizon_days": horizon_days})
    days = sorted(set(as_of_days))
    sink.start(TASK, len(days) + 1)
    con = connect(engine, store_url=platform.settings.store_url)
    try:
        first = training_days(days[0], config.horizon_days, config.snapshots, config.step_days)
        last = days[-1] + dt.timedelta(days=config.horizon_days)
        tables = read_tables(platform, con, run, last, first[0])
        end = data_end(tables)
        every_day = _all_days(days, config)
        profiles = frames.profiles_for(platform, run, every_day)
        # Several as-of days share most training snapshots: label each day once.
        labelled = {
            day: frames.labelled(tables, day, run, config.horizon_days, profiles.get(day))
            for day in every_day
        }
        sink.advance(TASK)
        results = []
        for day in days:
            results.append(_one_day(labelled, day, config, population, end))
            sink.advance(TASK)
    finally:
        con.disconnect()
    sink.finish(TASK)
    return BacktestReport(days=results, k_values=config.k_values, spread=spread(results))


def _all_days(days: Sequence[dt.date], config: PredictionConfig) -> list[dt.date]:
    """Every as-of day and every training day behind them (each needs its own profile)."""
    found = set(days)
    for day in days:
        found.update(training_days(day, config.horizon_days, config.snapshots, config.step_days))
    return sorted(found)


def data_end(tables: EngineTables) -> dt.date | None:
    """The last day the workspace has any deal or activity on: outcomes after it are unknown,
    not absent."""
    days = [
        tables.opportunities.created_date.max().to_pyarrow().as_py(),
        tables.activities.occurred_at.max().to_pyarrow().as_py(),
    ]
    found = [d.date() if isinstance(d, dt.datetime) else d for d in days if d is not None]
    return max(found) if found else None


def _one_day(
    labelled: dict[dt.date, pd.DataFrame],
    day: dt.date,
    config: PredictionConfig,
    population: str,
    end: dt.date | None,
) -> BacktestDay:
    days = training_days(day, config.horizon_days, config.snapshots, config.step_days)
    training = pd.concat([labelled[d] for d in days], ignore_index=True)
    rows = frames.for_population(training, population)
    model = train_model(
        rows, FEATURE_NAMES, population, regime_rules(config), config.seed,
        horizon_days=config.horizon_days, k_values=config.k_values,
    )  # fmt: skip
    now = frames.for_population(labelled[day], population)
    if now.empty:
        raise BacktestError(f"no {population.replace('_', ' ')} accounts on {day}")
    y, value = now["label"].to_numpy(bool), now["value"].to_numpy(float)
    scores = strategy_scores(now, model.predict(now))
    strategies = {
        name: evaluate(y, s, k_values=config.k_values, value=value).as_dict()
        for name, s in scores.items()
    }
    horizon_end = day + dt.timedelta(days=config.horizon_days)
    return BacktestDay(
        as_of=day, horizon_days=config.horizon_days, population=population,
        complete=end is not None and horizon_end <= end + dt.timedelta(days=1),
        regime=model.regime, accounts=len(now), opened=int(y.sum()), strategies=strategies,
    )  # fmt: skip


def strategy_scores(frame: pd.DataFrame, propensity: np.ndarray) -> dict[str, np.ndarray]:
    """Each strategy's ranking score, scaled to 0-1 (only propensity is a probability)."""
    fit = frame["fit"].fillna(0.0).to_numpy(float) / 100.0
    intent = frame["intent"].fillna(0.0).to_numpy(float) / 100.0
    return {"icp_fit": fit, "fit_plus_intent": (fit + intent) / 2.0, "propensity": propensity}


def spread(days: Sequence[BacktestDay]) -> dict[str, dict[str, dict[str, float]]]:
    """Mean, min and max of each headline metric over the days, per strategy."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in STRATEGIES:
        out[name] = {}
        for metric in SPREAD_METRICS:
            if metric == "brier" and name != "propensity":
                continue  # only propensity is a probability
            values = [d.strategies[name][metric] for d in days]
            values = [float(v) for v in values if v is not None]
            if values:
                out[name][metric] = {
                    "mean": statistics.fmean(values), "min": min(values), "max": max(values),
                }  # fmt: skip
    return out
