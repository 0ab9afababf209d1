"""Engine fixtures: one small demo workspace per module, loaded into each engine.

`engine_kind` runs a test on DuckDB, Spark (local mode) and PostgreSQL. Like PostgreSQL in
tests/conftest.py, Spark is skipped outside CI when pyspark or Java is missing and fails in
CI (CI=true).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from ibis import BaseBackend

from beachhead.demo.market import MarketConfig
from beachhead.engine.backends import EngineUnavailableError, connect
from beachhead.engine.tables import ArrowInputs, EngineTables, read_inputs, register_inputs
from beachhead.platform import Platform
from beachhead.services.demo import build_demo

AS_OF = dt.datetime(2026, 10, 1)


@pytest.fixture(scope="package")
def as_of() -> dt.datetime:
    """The cut-off the shared inputs are read with."""
    return AS_OF


@pytest.fixture(scope="package")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine") / "ws"
    build_demo(path, MarketConfig(accounts=200))
    return path


@pytest.fixture(scope="package")
def demo_platform(demo_workspace: Path) -> Iterator[Platform]:
    platform = Platform.open(demo_workspace)
    try:
        yield platform
    finally:
        platform.close()


@pytest.fixture(scope="package")
def inputs(demo_platform: Platform) -> ArrowInputs:
    return read_inputs(demo_platform, AS_OF)


@pytest.fixture(scope="package")
def reference(inputs: ArrowInputs) -> EngineTables:
    """The inputs on DuckDB: what every other engine must agree with."""
    return register_inputs(connect("duckdb"), inputs)


@pytest.fixture(params=["duckdb", "pyspark", "postgres"])
def engine_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def con(engine_kind: str, request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    if engine_kind == "postgres":
        store_url = str(request.getfixturevalue("pg_database"))
        backend = connect("postgres", store_url=store_url)
        yield backend
        backend.disconnect()  # before pg_database drops the database
        return
    try:
        backend = connect(engine_kind)
    except EngineUnavailableError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the {engine_kind} leg: {exc.message}")
        pytest.skip(exc.message)
    yield backend


@pytest.fixture
def tables(con: BaseBackend, inputs: ArrowInputs) -> EngineTables:
    return register_inputs(con, inputs)
