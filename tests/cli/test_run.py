"""`beachhead run` and `beachhead export accounts`: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from beachhead.cli import run
from beachhead.demo.market import MarketConfig
from beachhead.services.demo import build_demo
from beachhead.services.workspace import init_workspace

app = typer.Typer()
run.register(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-run") / "ws"
    build_demo(path, MarketConfig(accounts=60))
    return path


def test_run_prints_a_summary_and_json(demo: Path) -> None:
    table = runner.invoke(app, ["run", "-w", str(demo), "--as-of", "2026-11-02"])
    assert table.exit_code == 0, table.output
    assert "accounts scored" in table.output and "config hash" in table.output
    result = runner.invoke(app, ["run", "-w", str(demo), "--as-of", "2026-11-02", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["accounts_scored"] > 0 and summary["stage_changes"] == 0
    assert summary["engine"] == "duckdb" and len(summary["config_hash"]) == 64


def test_export_writes_the_latest_run(demo: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["run", "-w", str(demo), "--as-of", "2026-11-02", "--json"])
    out = tmp_path / "accounts.json"
    args = ["export", "accounts", "-w", str(demo), "--format", "json", "-o", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"] == len(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--as-of", "02/11/2026"], "not a date"),
        (["run", "--engine", "oracle"], "unknown engine"),
        (["export", "accounts", "--format", "xml"], "unknown format"),
        (["export", "accounts"], "no score run yet"),
        (["export", "accounts", "--run", "99"], "no score run #99"),
    ],
)
def test_bad_input_exits_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    workspace = tmp_path / "ws"
    init_workspace(workspace)
    result = runner.invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
