"""`beachhead run`: score every account as of a day and keep the run as a snapshot.

The run reads records and signals into the compute engine (`engine.tables`), computes fit,
intent, engagement and journey stages (`core.scoring`), and writes one ScoreRun, one
AccountScore per account (with the contributions behind every number) and a StageChange for
every account whose stage moved since the previous run, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
from ibis import BaseBackend

from beachhead.core.icp.defaults import default_profile
from beachhead.core.icp.io import read_icp
from beachhead.core.icp.model import IcpModel
from beachhead.core.scoring import ScoringConfig, load_scoring_config
from beachhead.engine.backends import backend_kind, connect
from beachhead.engine.tables import load_tables
from beachhead.platform import Platform
from beachhead.services.icp import ICP_FILE
from beachhead.services.pipeline_compute import Scored, compute_scores
from beachhead.services.pipeline_rows import (
    count_by,
    reasons_by_account,
    score_rows,
    stage_change_rows,
)
from beachhead.services.progress import NoProgress, Progress
from beachhead.store import results

SCORING_FILE = "scoring.yaml"
TASK = "Scoring accounts"
STEPS = 4  # connect, load, score, write


@dataclass(frozen=True)
class RunConfig:
    """The profile and scoring rules a run used, and the hash that identifies them."""

    icp: IcpModel
    scoring: ScoringConfig
    config_hash: str


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
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_config(workspace: Path) -> RunConfig:
    """icp.yaml and scoring.yaml of `workspace` (defaults for a missing file), hashed as used."""
    icp_file, scoring_file = workspace / ICP_FILE, workspace / SCORING_FILE
    icp = read_icp(icp_file) if icp_file.exists() else default_profile()
    scoring = load_scoring_config(scoring_file)
    digest = hashlib.sha256()
    for path, model in ((scoring_file, scoring), (icp_file, icp)):
        text = path.read_text(encoding="utf-8") if path.exists() else model.model_dump_json()
        digest.update(f"{path.name}\n{text}\n".encode())
    return RunConfig(icp=icp, scoring=scoring, config_hash=digest.hexdigest())


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
        since = moment - dt.timedelta(days=config.scoring.activity_window_days())
        tables = load_tables(platform, con, moment, since)
        clock.lap("load", sink)
        scored = compute_scores(tables, config.icp, config.scoring, day)
        clock.lap("score", sink)
    finally:
        _close(con)
    summary = _write(platform, scored, config, day, started, backend_kind(con))
    clock.lap("write", sink)
    sink.finish(TASK)
    summary.seconds = clock.laps
    return summary


def _write(
    platform: Platform,
    scored: Scored,
    config: RunConfig,
    day: dt.date,
    started: dt.datetime,
    engine: str,
) -> RunSummary:
    scores = scored.scores
    reasons = reasons_by_account(scored.contributions, scores.column("account_id"))
    run = {
        "as_of": day, "started_at": started, "engine": engine,
        "config_hash": config.config_hash, "icp_regime": config.icp.regime, "accounts_scored": 0,
    }  # fmt: skip
    with platform.store.unit_of_work() as session:
        run_id = results.start_run(session, run)
        results.insert_scores(session, score_rows(scores, reasons, run_id))
        previous_id = results.previous_run_id(session, run_id, day)
        previous = results.run_stages(session, previous_id) if previous_id else []
        changes = stage_change_rows(scores, previous, run_id, day)
        results.insert_stage_changes(session, changes)
        finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        results.finish_run(session, run_id, finished, scores.num_rows)
    return RunSummary(
        run_id=run_id, as_of=day, engine=engine, config_hash=config.config_hash,
        icp_regime=config.icp.regime, accounts_scored=scores.num_rows,
        in_market=int(pc.sum(scores.column("in_market").cast("int64")).as_py() or 0),
        by_band=count_by(scores, "fit_band"), by_stage=count_by(scores, "stage"),
        stage_changes=len(changes),
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
