"""`beachhead models` and `beachhead backtest` through the command line, on a demo market."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import select, update
from typer.testing import CliRunner

from beachhead.cli import backtest, models, run
from beachhead.demo.market import MarketConfig
from beachhead.platform import Platform
from beachhead.services.demo import build_demo
from beachhead.store.models import Account, Opportunity

app = typer.Typer()
run.register(app)
models.register(app)
backtest.register(app)
runner = CliRunner()
DAY = "2026-11-02"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-models") / "ws"
    build_demo(path, MarketConfig(accounts=300))
    return path


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def exported(workspace: Path, out: Path) -> dict[str, tuple[Any, Any, Any]]:
    invoke("export", "accounts", "-w", str(workspace), "-f", "json", "-o", str(out), "--json")
    rows = json.loads(out.read_text(encoding="utf-8"))
    return {
        r["domain"]: (r["propensity"], r["propensity_regime"], r["model_version"]) for r in rows
    }


def test_train_promote_and_rollback_restore_scores_exactly(demo: Path, tmp_path: Path) -> None:
    ws = str(demo)  # the demo trained and activated v1
    first = invoke("models", "show", "v1", "-w", ws, "--json")
    assert first["status"] == "active" and set(first["regimes"]) == {"new_business", "expansion"}
    invoke("run", "-w", ws, "--as-of", DAY, "--json")
    before = exported(demo, tmp_path / "v1.json")
    scored = [v for v in before.values() if v[0] is not None]
    assert scored and all(0.0 <= p <= 1.0 and version == "v1" for p, _, version in scored)

    (demo / "prediction.yaml").write_text("snapshots: 3\nstep_days: 45\n", encoding="utf-8")
    second = invoke("models", "train", "-w", ws, "--as-of", DAY, "--json")
    assert second["status"] == "candidate" and second["drift"]["against"] == "v1"
    invoke("models", "promote", "v2", "-w", ws)
    promoted = exported(demo, tmp_path / "v2.json")
    assert {v[2] for v in promoted.values() if v[0] is not None} == {"v2"}

    output = invoke("models", "rollback", "-w", ws)
    assert "Active model: v1 (was v2)" in output
    assert exported(demo, tmp_path / "back.json") == before
    listed = invoke("models", "list", "-w", ws, "--json")
    assert [(m["version"], m["status"]) for m in listed] == [("v1", "active"), ("v2", "retired")]
    (demo / "prediction.yaml").unlink()


def test_the_same_data_and_config_train_the_same_model(demo: Path) -> None:
    ws = str(demo)
    first = invoke("models", "train", "-w", ws, "--as-of", DAY, "--json")
    again = invoke("models", "train", "-w", ws, "--as-of", DAY, "--json")
    shown = [
        invoke("models", "show", f"v{m['model_id']}", "-w", ws, "--json") for m in (first, again)
    ]
    assert shown[0]["data_hash"] == shown[1]["data_hash"]
    assert shown[0]["config_hash"] == shown[1]["config_hash"]
    assert first["heldout"] == again["heldout"] and first["regimes"] == again["regimes"]
    assert again["drift"]["new_business"]["spearman"] == pytest.approx(1.0)


def test_backtest_compares_strategies_and_writes_a_chart(demo: Path, tmp_path: Path) -> None:
    chart = tmp_path / "reliability.svg"
    args = ["backtest", "-w", str(demo), "--as-of", "2026-07-01", "--times", "2", "--every", "45"]
    report = invoke(*args, "--chart", str(chart), "--json")
    assert [d["as_of"] for d in report["days"]] == ["2026-05-17", "2026-07-01"]
    for day in report["days"]:
        assert day["complete"] and day["accounts"] > 0 and 0 < day["opened"] < day["accounts"]
        assert set(day["strategies"]) == {"icp_fit", "fit_plus_intent", "propensity"}
        for evaluation in day["strategies"].values():
            assert 0.0 <= evaluation["auc"] <= 1.0
            assert evaluation["precision_at_k"]["25"] is not None
    assert set(report["spread"]["propensity"]) >= {"auc", "brier"}
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    table = invoke(*args)
    assert "propensity model" in table and "Reliability" in table


def test_a_leaky_custom_column_is_refused_and_nothing_is_stored(demo: Path, tmp_path: Path) -> None:
    platform = Platform.open(demo)
    try:
        with platform.store.unit_of_work() as session:
            openers = set(session.scalars(select(Opportunity.account_id)))
            for account_id in openers:
                session.execute(
                    update(Account).where(Account.id == account_id)
                    .values(custom={"days_to_close": 42})
                )  # fmt: skip
    finally:
        platform.close()
    (demo / "prediction.yaml").write_text("custom_features: [days_to_close]\n", encoding="utf-8")
    listed = invoke("models", "list", "-w", str(demo), "--json")
    result = runner.invoke(app, ["models", "train", "-w", str(demo), "--as-of", DAY])
    (demo / "prediction.yaml").unlink()
    assert result.exit_code == 1
    assert "days_to_close" in result.output and "Traceback" not in result.output
    assert invoke("models", "list", "-w", str(demo), "--json") == listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["models", "promote", "x3"], "not a model version"),
        (["models", "promote", "v99"], "no model v99"),
        (["models", "rollback"], "no earlier model version"),
        (["backtest", "--as-of", "1st of May"], "not a date"),
    ],
)
def test_bad_input_exits_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    from beachhead.services.workspace import init_workspace

    workspace = tmp_path / "ws"
    init_workspace(workspace)
    result = runner.invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
