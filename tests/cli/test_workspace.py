from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from beachhead.cli.main import app
from beachhead.store.db import head_revision

runner = CliRunner()


def test_init_then_upgrade_on_sqlite_uses_wal(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["created"] is True
    upgraded = runner.invoke(app, ["db", "upgrade", "--workspace", str(ws), "--json"])
    engine = create_engine(f"sqlite:///{ws / 'beachhead.db'}")
    head = head_revision(engine)
    assert json.loads(upgraded.output) == {"before": head, "after": head}
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert "accounts" in inspect(engine).get_table_names()


def test_store_url_puts_records_in_postgres(tmp_path: Path, pg_database: str) -> None:
    ws = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(ws), "--store-url", pg_database, "--json"])
    assert result.exit_code == 0, result.output
    assert ":***@" in json.loads(result.output)["store"]
    assert not (ws / "beachhead.db").exists()
    assert "accounts" in inspect(create_engine(pg_database)).get_table_names()


def test_commands_outside_a_workspace_fail_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "not a Beachhead workspace" in result.output
    assert "Traceback" not in result.output


def test_unreachable_store_is_a_clear_error(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    (ws / "beachhead.toml").write_text(
        '[store]\nurl = "postgresql+psycopg://x:y@127.0.0.1:1/nope"\n'
    )
    result = runner.invoke(app, ["db", "upgrade", "--workspace", str(ws)])
    assert result.exit_code == 1
    assert "cannot reach the record store" in result.output


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
