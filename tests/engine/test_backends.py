"""connect(): the engines, and clear errors when one cannot run here."""

from __future__ import annotations

import importlib.util

import ibis
import pytest

from beachhead.engine import backends
from beachhead.engine.backends import EngineUnavailableError, connect, postgres_params


def test_duckdb_is_the_default() -> None:
    con = connect()
    assert con.name == "duckdb"
    assert con.execute(ibis.literal(41) + 1) == 42


def test_unknown_engine_is_named() -> None:
    with pytest.raises(EngineUnavailableError, match="unknown engine 'oracle'"):
        connect("oracle")


@pytest.mark.parametrize("url", [None, "", "sqlite:////tmp/x.db"])
def test_postgres_needs_a_postgres_store(url: str | None) -> None:
    with pytest.raises(EngineUnavailableError, match="postgres"):
        connect("postgres", store_url=url)


def test_postgres_params_come_from_the_sqlalchemy_url() -> None:
    params = postgres_params("postgresql+psycopg://bh:p%40ss@db.local:6543/crm")
    assert params == {
        "host": "db.local",
        "port": 6543,
        "user": "bh",
        "password": "p@ss",
        "database": "crm",
    }
    assert postgres_params("postgresql://localhost/crm") == {
        "host": "localhost",
        "port": 5432,
        "database": "crm",
    }


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailableError, match="cannot connect to PostgreSQL"):
        connect("postgres", store_url="postgresql://nobody:x@127.0.0.1:1/none")


def test_spark_without_pyspark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(EngineUnavailableError, match="needs pyspark"):
        backends.spark_session()


def test_spark_without_java(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed")
    monkeypatch.setattr(backends.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(EngineUnavailableError, match="needs Java"):
        backends.spark_session()
