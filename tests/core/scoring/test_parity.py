"""The same scoring expressions give the same rows on Spark and PostgreSQL as on DuckDB.

The Spark leg runs when `pyspark` imports and Java is on the PATH (scripts/test-spark.sh), the
PostgreSQL leg when BEACHHEAD_TEST_PG_URL is set (scripts/test-postgres.sh); outside CI each is
skipped otherwise. Inputs
reach each backend as Arrow tables (Ibis' pandas route into Spark loses nullable integers),
as the engine moves them.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterator
from typing import Any

import ibis
import ibis.expr.types as ir
import pytest

from beachhead.core.scoring import (
    ScoringConfig,
    combined_intent,
    engagement_scores,
    first_party_intent,
    fit_scores,
    intent_scores,
    journey_stages,
)
from beachhead.engine.backends import EngineUnavailableError, connect, spark_session

from . import test_engagement as eng
from . import test_fit as fit
from . import test_intent as topic
from . import test_stages as stage
from .tables import AS_OF, activities

Loader = Callable[[str, ir.Table], ir.Table]


@pytest.fixture(scope="module")
def spark() -> tuple[Any, Loader]:
    try:
        con = connect("pyspark")  # the process's shared local session, as the engine runs it
    except EngineUnavailableError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Spark leg: {exc.message}")
        pytest.skip(exc.message)
    session = spark_session()

    def load(name: str, table: ir.Table) -> ir.Table:
        session.createDataFrame(table.to_pyarrow()).createOrReplaceTempView(name)
        return con.table(name)

    return con, load


@pytest.fixture(scope="module")
def postgres() -> Iterator[tuple[Any, Loader]]:
    url = os.environ.get("BEACHHEAD_TEST_PG_URL")
    if not url:
        pytest.skip("BEACHHEAD_TEST_PG_URL not set (run scripts/test-postgres.sh)")
    con = ibis.connect(url.replace("postgresql+psycopg://", "postgres://", 1))

    def load(name: str, table: ir.Table) -> ir.Table:
        return con.create_table(name, table.to_pyarrow(), temp=True, overwrite=True)

    yield con, load
    con.disconnect()


def duckdb() -> tuple[Any, Loader]:
    con = ibis.duckdb.connect()

    def load(name: str, table: ir.Table) -> ir.Table:
        return con.create_table(name, table.to_pyarrow())

    return con, load


def expressions(load: Loader) -> dict[str, ir.Table]:
    cfg = ScoringConfig.model_validate(
        {"first_party": {"topic_pages": {"/solutions/security": "Cloud Security"}}}
    )
    people = load("contacts", eng.PEOPLE)
    raw_events = activities(
        [
            eng.event(1, eng.at(1), "demo_request", account_id=1, contact_id=10),
            eng.event(2, eng.at(31), "meeting", account_id=1, contact_id=11, duration_minutes=45),
            eng.event(
                3, eng.at(3), "web_visit", account_id=1, contact_id=12, url="/solutions/security/x"
            ),
            eng.event(4, eng.at(2), "email_open", account_id=2),
            *[eng.event(10 + d, eng.at(d), "web_visit", account_id=2) for d in (10, 17, 24)],
        ]
    )
    events = load("activities", raw_events)
    fits, fit_reasons = fit_scores(load("fit_accounts", fit.accounts(fit.ROWS)), fit.ICP)
    intents, intent_reasons = intent_scores(load("intent", topic.intent(topic.ROWS)), AS_OF, cfg)
    own, own_reasons = first_party_intent(events, AS_OF, cfg)
    both, _ = combined_intent(load("intent_again", topic.intent(topic.ROWS)), events, AS_OF, cfg)
    engaged, engaged_reasons = engagement_scores(events, people, AS_OF, cfg)
    inputs = {
        "accounts": stage.ACCOUNTS, "fit": stage.FIT, "intent_scores": stage.INTENT,
        "engagement": stage.ENGAGEMENT, "opportunities": stage.OPPS,
    }  # fmt: skip
    tables = [load(f"stage_{name}", table) for name, table in inputs.items()]
    stages, stage_reasons = journey_stages(*tables, AS_OF, cfg)
    return {
        "fit": fits, "fit_reasons": fit_reasons, "intent": intents,
        "intent_reasons": intent_reasons, "own": own, "own_reasons": own_reasons, "both": both,
        "engagement": engaged, "engagement_reasons": engaged_reasons, "stages": stages,
        "stage_reasons": stage_reasons,
    }  # fmt: skip


def rows(backend: Any, table: ir.Table) -> list[tuple[Any, ...]]:
    result = backend.to_pyarrow(table).to_pylist()
    return sorted((tuple(_norm(v) for v in row.values()) for row in result), key=repr)


def _norm(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def same_as_duckdb(other: tuple[Any, Loader]) -> None:
    other_con, other_load = other
    duck_con, duck_load = duckdb()
    on_other, on_duck = expressions(other_load), expressions(duck_load)
    assert on_duck["fit"].count().execute() == len(fit.ROWS)
    assert on_duck["own"].count().execute() == 1
    for name, table in on_other.items():
        assert rows(other_con, table) == rows(duck_con, on_duck[name]), name


@pytest.mark.slow  # about a minute of local Spark jobs
def test_spark_matches_duckdb(spark: tuple[Any, Loader]) -> None:
    same_as_duckdb(spark)


def test_postgres_matches_duckdb(postgres: tuple[Any, Loader]) -> None:
    same_as_duckdb(postgres)
