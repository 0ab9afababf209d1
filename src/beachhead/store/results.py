"""Score runs in the store: write a run's rows set-based, read runs back for export and display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from beachhead.store.bulk import (
    insert_arrow,
    insert_returning_ids,
    select_arrow,
    update_by_id,
    upsert_many,
)
from beachhead.store.models import Account, AccountScore, ScoreRun, StageChange

SCORE_COLUMNS = (
    AccountScore.account_id,
    AccountScore.fit,
    AccountScore.fit_band,
    AccountScore.intent,
    AccountScore.in_market,
    AccountScore.engagement_score,
    AccountScore.stage,
    AccountScore.stage_reason,
    AccountScore.reasons,
)
STAGES = pa.schema([("account_id", pa.int64()), ("stage", pa.string())])


def start_run(session: Session, run: dict[str, Any]) -> int:
    """Insert one ScoreRun row and return its id."""
    return insert_returning_ids(session, ScoreRun, [run])[0]


def finish_run(session: Session, run_id: int, finished_at: dt.datetime, scored: int) -> None:
    update_by_id(
        session, ScoreRun, [{"id": run_id, "finished_at": finished_at, "accounts_scored": scored}]
    )


def insert_scores(session: Session, rows: Sequence[dict[str, Any]] | pa.Table) -> None:
    """AccountScore rows (each with run_id), many per statement.

    An Arrow table (one new run's rows, `reasons` already JSON text) goes in bulk.
    """
    table: Table = AccountScore.__table__  # type: ignore[assignment]
    if isinstance(rows, pa.Table):
        insert_arrow(session, table, rows)
    else:
        upsert_many(session, table, rows, key=("run_id", "account_id"))


def insert_stage_changes(session: Session, rows: Sequence[dict[str, Any]] | pa.Table) -> None:
    """StageChange rows (their ids are assigned by the store)."""
    if isinstance(rows, pa.Table):
        insert_arrow(session, StageChange.__table__, rows)  # type: ignore[arg-type]
    elif rows:
        insert_returning_ids(session, StageChange, rows)


def previous_run_id(session: Session, before_id: int, as_of: dt.date) -> int | None:
    """The run (other than `before_id`) for the latest day on or before `as_of`, newest first.

    Ordering by day, not by id, keeps a backfill (a run for an earlier day) from becoming the
    baseline of today's run.
    """
    stmt = (
        select(ScoreRun.id)
        .where(ScoreRun.id != before_id, ScoreRun.as_of <= as_of)
        .order_by(ScoreRun.as_of.desc(), ScoreRun.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def run_stages(session: Session, run_id: int) -> pa.Table:
    """`account_id, stage` of every account scored in `run_id`."""
    stmt = select(AccountScore.account_id, AccountScore.stage).where(AccountScore.run_id == run_id)
    return select_arrow(session, stmt, STAGES)


def latest_run(session: Session) -> ScoreRun | None:
    return session.scalars(select(ScoreRun).order_by(ScoreRun.id.desc()).limit(1)).first()


def get_run(session: Session, run_id: int) -> ScoreRun | None:
    return session.get(ScoreRun, run_id)


def run_rows(session: Session, run_id: int) -> list[dict[str, Any]]:
    """Every account's scores in a run, with its domain and name, in account order."""
    stmt = (
        select(Account.domain, Account.name, *SCORE_COLUMNS)
        .join(Account, Account.id == AccountScore.account_id, isouter=True)
        .where(AccountScore.run_id == run_id)
        .order_by(AccountScore.account_id)
    )
    return [dict(row._mapping) for row in session.execute(stmt)]


def latest_account_score(session: Session, account_id: int) -> dict[str, Any] | None:
    """The account's scores in the newest run that scored it, with the run's day and id."""
    stmt = (
        select(ScoreRun.id.label("run_id"), ScoreRun.as_of, ScoreRun.config_hash, *SCORE_COLUMNS)
        .join(ScoreRun, ScoreRun.id == AccountScore.run_id)
        .where(AccountScore.account_id == account_id)
        .order_by(ScoreRun.id.desc())
        .limit(1)
    )
    row = session.execute(stmt).first()
    return dict(row._mapping) if row is not None else None


def stage_history(session: Session, account_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(StageChange.changed_on, StageChange.from_stage, StageChange.stage)
        .where(StageChange.account_id == account_id)
        .order_by(StageChange.changed_on, StageChange.id)
    )
    return [dict(row._mapping) for row in session.execute(stmt)]
