"""`beachhead icp learn|show` through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import insert
from typer.testing import CliRunner

from beachhead.cli import icp
from beachhead.platform import Platform
from beachhead.services.workspace import init_workspace
from beachhead.store.models import Account, Opportunity

runner = CliRunner()
DAY = dt.date(2025, 1, 1)


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test host for the icp commands."""

    icp.register(app)
    return app


def seed(path: Path, n: int = 300) -> None:
    """Every third account uses Snowflake and wins; the others win one time in five."""
    accounts, deals = [], []
    for i in range(n):
        snowflake = i % 3 == 0
        accounts.append(
            {
                "id": i + 1,
                "name": f"C{i}",
                "name_key": f"c{i}",
                "source": "t",
                "technologies": ["Snowflake"] if snowflake else [],
                "employees": 50 + i,
            }
        )
        deals.append(
            {
                "account_id": i + 1,
                "opp_type": "new",
                "is_closed": True,
                "source": "t",
                "is_won": snowflake or i % 5 == 1,
                "amount": 1000.0,
                "created_date": DAY,
                "close_date": DAY + dt.timedelta(days=i),
            }
        )
    platform = Platform.open(path)
    try:
        with platform.store.unit_of_work() as session:
            session.execute(insert(Account), accounts)
            session.execute(insert(Opportunity), deals)
    finally:
        platform.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    init_workspace(path)
    seed(path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(make_app(), list(args))
    return result.exit_code, result.output


def test_learn_prints_the_criteria_and_writes_icp_yaml(workspace: Path) -> None:
    code, out = run("icp", "learn", "-w", str(workspace))
    assert code == 0, out
    assert "regime learned: learned from" in out
    assert "Uses Snowflake" in out and "lift [95% CI]" in out
    assert (workspace / "icp.yaml").is_file()
    code, out = run("icp", "show", "-w", str(workspace))
    assert code == 0 and "Uses Snowflake" in out and "closed 2025-01-01 to" in out


def test_learn_json_and_thin_history_fallback(workspace: Path) -> None:
    code, out = run("icp", "learn", "-w", str(workspace), "--as-of", "2025-01-20", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["regime"] == "rules"
    assert data["report"]["reason"].startswith("too little history")
    code, out = run("icp", "show", "-w", str(workspace), "--json")
    assert json.loads(out)["criteria"][0]["id"] == "employees_1_51"


def test_relearning_over_hand_edits_needs_force(workspace: Path) -> None:
    assert run("icp", "learn", "-w", str(workspace))[0] == 0
    path = workspace / "icp.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("base:", "base:  "), "utf-8")
    code, out = run("icp", "learn", "-w", str(workspace))
    assert code == 1 and "edited by hand" in out and "--force" in out
    code, out = run("icp", "learn", "-w", str(workspace), "--force")
    assert code == 0 and "previous version in icp.yaml.bak" in out


def test_show_explains_a_missing_or_broken_profile(workspace: Path) -> None:
    code, out = run("icp", "show", "-w", str(workspace))
    assert code == 1 and "run: beachhead icp learn" in out
    (workspace / "icp.yaml").write_text("version: 1\nbase: 500\n", encoding="utf-8")
    code, out = run("icp", "show", "-w", str(workspace))
    assert code == 1 and "icp.yaml: line 2: base: Input should be less than" in out


def test_bad_as_of_is_a_usage_error(workspace: Path) -> None:
    code, out = run("icp", "learn", "-w", str(workspace), "--as-of", "soon")
    assert code == 2 and "not a date" in out
