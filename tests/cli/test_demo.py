from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from beachhead.cli.main import app

runner = CliRunner()


def _demo(workspace: Path, *extra: str) -> dict[str, object]:
    args = ["demo", "--workspace", str(workspace), "--accounts", "150", "--json", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_demo_imports_through_the_importers_and_dedups(tmp_path: Path) -> None:
    data = _demo(tmp_path / "ws")
    kinds = [s["kind"] for s in data["imports"]]  # type: ignore[index, union-attr]
    assert kinds == ["salesforce", "hubspot", "intent", "activities"]
    identity = data["identity"]
    assert isinstance(identity, dict)
    extra = identity["accounts"] - identity["true_companies"]
    # Every account the rules could not merge on their own is waiting in the review queue.
    assert 0 <= extra <= identity["pending_account_reviews"]
    for summary in data["imports"]:  # type: ignore[union-attr]
        assert summary["rejected_rows"] == 0
    run = data["run"]
    assert isinstance(run, dict)
    assert run["accounts_scored"] == identity["accounts"]
    assert sum(run["by_stage"].values()) == run["accounts_scored"]
    top = data["top_prospects"]
    assert isinstance(top, list) and top
    assert all(row["stage"] not in ("customer", "expansion", "opportunity") for row in top)


def test_demo_again_changes_nothing(tmp_path: Path) -> None:
    _demo(tmp_path / "ws")
    # The second pass may attach Salesforce leads to companies the HubSpot import created
    # after them; from then on the same files change nothing.
    second = _demo(tmp_path / "ws")
    for summary in second["imports"]:  # type: ignore[union-attr]
        counts = summary["counts"]
        assert all(c["inserted"] == c["merged"] == 0 for c in counts.values()), summary["kind"]
    third = _demo(tmp_path / "ws")
    for summary in third["imports"]:  # type: ignore[union-attr]
        assert summary["changed"] is False, summary["kind"]


def test_reset_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("keep me")
    result = runner.invoke(app, ["demo", "-w", str(tmp_path / "precious"), "--reset"])
    assert result.exit_code == 1
    assert "refusing to delete it" in result.output
    assert (tmp_path / "precious" / "thesis.txt").exists()


def test_accounts_top_lists_the_demo_prospects(tmp_path: Path) -> None:
    data = _demo(tmp_path / "ws")
    result = runner.invoke(
        app, ["accounts", "top", "--limit", "10", "--json", "-w", str(tmp_path / "ws")]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [r["domain"] for r in listed] == [r["domain"] for r in data["top_prospects"]]  # type: ignore[union-attr]


def test_accounts_top_without_a_run_says_what_to_do(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "ws")])
    result = runner.invoke(app, ["accounts", "top", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert "no score run yet" in result.output and "beachhead run" in result.output


def test_account_show_explains_scores_and_stage_history(tmp_path: Path) -> None:
    data = _demo(tmp_path / "ws")
    domain = data["top_prospects"][0]["domain"]  # type: ignore[index]
    result = runner.invoke(app, ["account", "show", domain, "-w", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert "fit " in result.output and " = " in result.output  # `fit 73 = Base +40, ...`
    assert "Stage history" in result.output
