"""Ibis connections for the compute engines the pipeline runs on (DESIGN §3).

`connect("duckdb")` (the default) is an in-process, in-memory DuckDB; `connect("pyspark")` a
local Spark session (`local[2]`, one per process, session time zone UTC); `connect("postgres",
store_url=...)` the store's PostgreSQL database. Data reaches every engine as the same Arrow
tables (see `engine.tables`), so the same Ibis expression gives the same answer on each.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
import threading
from typing import Any, Final

import ibis
from ibis import BaseBackend
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from beachhead.errors import BeachheadError

KINDS: Final = ("duckdb", "pyspark", "postgres")
_ALIASES: Final = {"spark": "pyspark", "postgresql": "postgres"}
_SPARK_CONF: Final = {
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    # Naive timestamps must mean UTC on the JVM side too, whatever the machine's zone.
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
}
_spark_lock = threading.Lock()


class EngineUnavailableError(BeachheadError):
    """The requested compute engine cannot be started here."""


def connect(kind: str = "duckdb", *, store_url: str | None = None) -> BaseBackend:
    """An Ibis connection to the compute engine `kind` (duckdb, pyspark or postgres)."""
    name = _ALIASES.get(kind.strip().lower(), kind.strip().lower())
    if name == "duckdb":
        return ibis.duckdb.connect()
    if name == "pyspark":
        return ibis.pyspark.connect(spark_session())
    if name == "postgres":
        return _connect_postgres(store_url)
    raise EngineUnavailableError(f"unknown engine '{kind}'", hint=f"use one of: {', '.join(KINDS)}")


def spark_session() -> Any:
    """The process's local SparkSession, started on first use (a few seconds)."""
    _require_spark()
    from pyspark.sql import SparkSession

    with _spark_lock:
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        builder = SparkSession.builder.master("local[2]").appName("beachhead")
        conf = {**_SPARK_CONF, "spark.sql.warehouse.dir": _spark_scratch()}
        for key, value in conf.items():
            builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # the JVM failing to start surfaces as many types
            raise EngineUnavailableError(
                f"cannot start Spark: {exc}", hint="check that Java 17 works (`java -version`)"
            ) from exc
        session.sparkContext.setLogLevel("ERROR")
        return session


def _require_spark() -> None:
    if importlib.util.find_spec("pyspark") is None:
        raise EngineUnavailableError(
            "the Spark engine needs pyspark, which is not installed",
            hint="pip install 'beachhead[spark]'",
        )
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and os.path.isdir(java_home)):
        raise EngineUnavailableError(
            "the Spark engine needs Java (17), which was not found",
            hint="install it, e.g. apt-get install -y default-jre-headless",
        )


def _spark_scratch() -> str:
    """A private warehouse folder, so Spark never writes `spark-warehouse/` into the cwd."""
    folder = tempfile.mkdtemp(prefix="beachhead-spark-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _connect_postgres(store_url: str | None) -> BaseBackend:
    params = postgres_params(store_url)
    try:
        return ibis.postgres.connect(**params)
    except ImportError as exc:
        raise EngineUnavailableError(
            "the postgres engine needs psycopg", hint="pip install 'beachhead[postgres]'"
        ) from exc
    except Exception as exc:  # psycopg is optional, so its error classes are not imported
        raise EngineUnavailableError(
            f"cannot connect to PostgreSQL at {params.get('host')}:{params.get('port')}: {exc}"
        ) from exc


def postgres_params(store_url: str | None) -> dict[str, Any]:
    """Ibis/psycopg connection parameters from a SQLAlchemy PostgreSQL URL.

    >>> postgres_params("postgresql+psycopg://bh:s%40cret@db:5433/crm")["password"]
    's@cret'
    """
    if not store_url:
        raise EngineUnavailableError(
            "the postgres engine needs the store's PostgreSQL URL",
            hint="set [store] url in beachhead.toml to a postgresql:// URL",
        )
    try:
        url = make_url(store_url)
    except ArgumentError as exc:
        raise EngineUnavailableError(f"cannot parse store URL: {exc}") from exc
    if url.get_backend_name() != "postgresql":
        raise EngineUnavailableError(
            f"the postgres engine needs a PostgreSQL store, not {url.get_backend_name()}",
            hint="use the duckdb engine with a SQLite store",
        )
    params: dict[str, Any] = {
        "host": url.host or "localhost",
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
        "database": url.database,
    }
    return {key: value for key, value in params.items() if value is not None}


def backend_kind(con: BaseBackend) -> str:
    """'duckdb', 'pyspark' or 'postgres' for a connection made by `connect`."""
    return str(con.name)
