"""Shared fixtures: workspaces on every store backend the suite can reach.

`workspace` runs a test once on SQLite and once on PostgreSQL. PostgreSQL needs
BEACHHEAD_TEST_PG_URL (see scripts/test-postgres.sh); outside CI the PostgreSQL leg is skipped
when it is missing, in CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from beachhead.platform import Platform
from beachhead.services.workspace import init_workspace

PG_ENV = "BEACHHEAD_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL leg")
        pytest.skip(f"{PG_ENV} not set (run scripts/test-postgres.sh)")
    return url


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = _pg_admin_url()
    assert admin_url is not None
    name = f"bh_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    """'' (the workspace's SQLite file) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return ""
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def workspace(tmp_path: Path, store_url: str) -> Path:
    """An initialised workspace folder whose records live in `store_url`."""
    path = tmp_path / "ws"
    init_workspace(path, store_url)
    return path


@pytest.fixture
def platform(workspace: Path) -> Iterator[Platform]:
    opened = Platform.open(workspace)
    try:
        yield opened
    finally:
        opened.close()
