"""`beachhead run`: score every account as of a day and keep the run as a snapshot.

The run reads records and signals into the compute engine (`engine.tables`), computes fit,
intent, engagement and journey stages (`core.scoring`), and writes one ScoreRun, one
AccountScore per account (with the contributions behind every number) and a StageChange for
every account whose stage moved since the previous run, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
import pyarrow.compute as pc
from ibis import BaseBackend

from beachhead.core.prediction.features import activity_window_days
from beachhead.engine.backends import backend_kind, connect
from beachhead.engine.tables import load_tables
from beachhead.platform import Platform
from beachhead.services.pipeline_compute import Scored, compute_scores
from beachhead.services.pipeline_rows import count_by, reasons_json, score_table, stage_changes
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.propensity import ModelSet, propensity_on, write_propensity
from beachhead.services.run_config import RunConfig, run_config
from beachhead.store import results

TASK = "Scoring accounts"
STEPS = 5  # connect, load, score, propensity, write


@dataclass
class RunSummary:
    run_id: int
    as_of: dt.date
    engine: str
    config_hash: str
    icp_regime: str
    accounts_scored: int
    in_market: int
    by_band: dict[str, int]
    by_stage: dict[str, int]
    stage_changes: int
    model_version: str = "rules"
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_pipeline(
    platform: Platform,
    as_of: dt.date | None = None,
    engine: str = "duckdb",
    progress: Progress | None = None,
) -> RunSummary:
    """Score every account of `platform` as of `as_of` (default: today, UTC) on `engine`.

    Only events before `as_of` count. Each call writes a new run, even for the same day and
    configuration: runs are snapshots, and the latest one is what the other commands read.
    """
    sink = progress or NoProgress()
    day = as_of or dt.datetime.now(dt.UTC).date()
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    clock = _Clock()
    sink.start(TASK, STEPS)
    config = run_config(platform.settings.workspace)
    con = connect(engine, store_url=platform.settings.store_url)
    try:
        clock.lap("connect", sink)
        moment = dt.datetime.combine(day, dt.time())
        # Propensity features look four weeks further back than the scores (their trends).
        since = moment - dt.timedelta(days=activity_window_days(config.scoring))
        tables = load_tables(platform, con, moment, since)
        clock.lap("load", sink)
        scored = compute_scores(tables, config.icp, config.scoring, day)
        clock.lap("score", sink)
        models, propensity = propensity_on(platform, tables, day, config)
        clock.lap("propensity", sink)
    finally:
        _close(con)
    summary = _write(
        platform, scored, (models, propensity), config, day, started, backend_kind(con)
    )
    clock.lap("write", sink)
    sink.finish(TASK)
    summary.seconds = clock.laps
    return summary


def _write(
    platform: Platform,
    scored: Scored,
    propensity: tuple[ModelSet, pd.DataFrame],
    config: RunConfig,
    day: dt.date,
    started: dt.datetime,
    engine: str,
) -> RunSummary:
    scores = scored.scores
    reasons = reasons_json(scored.contributions, scores.column("account_id"))
    run = {
        "as_of": day, "started_at": started, "engine": engine,
        "config_hash": config.config_hash, "icp_regime": config.icp.regime, "accounts_scored": 0,
    }  # fmt: skip
    with platform.store.unit_of_work() as session:
        run_id = results.start_run(session, run)
        results.insert_scores(session, score_table(scores, reasons, run_id))
        write_propensity(session, propensity[1], run_id, propensity[0].model_id)
        previous_id = results.previous_run_id(session, run_id, day)
        previous = results.run_stages(session, previous_id) if previous_id else None
        changes = stage_changes(scores, previous, run_id, day)
        results.insert_stage_changes(session, changes)
        finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        results.finish_run(session, run_id, finished, scores.num_rows)
    return RunSummary(
        run_id=run_id, as_of=day, engine=engine, config_hash=config.config_hash,
        icp_regime=config.icp.regime, accounts_scored=scores.num_rows,
        in_market=int(pc.sum(scores.column("in_market").cast("int64")).as_py() or 0),
        by_band=count_by(scores, "fit_band"), by_stage=count_by(scores, "stage"),
        stage_changes=changes.num_rows, model_version=propensity[0].version,
    )  # fmt: skip


def _close(con: BaseBackend) -> None:
    # The local Spark session is shared by the whole process; only per-run connections close.
    if backend_kind(con) != "pyspark":
        con.disconnect()


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()
        self._first = self._last

    def lap(self, name: str, sink: Progress) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self.laps["total"] = round(now - self._first, 3)
        self._last = now
        sink.advance(TASK)
