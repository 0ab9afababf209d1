"""`beachhead tiers plan|show` and the export's tier columns, through the CLI on a demo market."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from beachhead.cli import run, tiers
from beachhead.demo.market import MarketConfig
from beachhead.services.demo import build_demo

app = typer.Typer()
run.register(app)
tiers.register(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-tiers") / "ws"
    build_demo(path, MarketConfig(accounts=300))
    (path / "tiers.yaml").write_text(
        "tier_1:\n  capacity: 5\ntier_2:\n  capacity: 40\ntier_3:\n  capacity: 100\n",
        encoding="utf-8",
    )
    return path


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def test_plan_respects_capacities_and_clusters(demo: Path) -> None:
    plan = invoke("tiers", "plan", "-w", str(demo), "--json")
    counts = {t["tier"]: t["accounts"] for t in plan["tiers"]}
    assert counts["tier_1"] <= 5 and counts["tier_2"] <= 40 and counts["tier_3"] <= 100
    assert sum(counts.values()) + plan["not_planned"] > 0
    sizes = [c["size"] for c in plan["clusters"]]
    assert sum(sizes) == counts["tier_2"] and all(5 <= s <= 15 for s in sizes)
    assert all(c["label"] for c in plan["clusters"])
    grown = {t["tier"]: t["accounts"] for t in plan["expansion_tiers"]}
    assert grown["tier_1"] <= 10 and grown["tier_2"] <= 100 and grown["tier_3"] <= 1000
    assert sum(grown.values()) > 0
    text = invoke("tiers", "plan", "-w", str(demo))
    assert "New logos (prospects)" in text and "Expansion (customers)" in text
    assert "1:few clusters (new-logo tier_2)" in text and "expected pipeline" in text


def test_show_explains_an_account_and_export_carries_the_tier(demo: Path, tmp_path: Path) -> None:
    invoke("tiers", "plan", "-w", str(demo))
    out = tmp_path / "accounts.json"
    invoke("export", "accounts", "-w", str(demo), "-f", "json", "-o", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    first = next(r for r in rows if r["tier"] == "tier_1")
    shown = invoke("tiers", "show", first["domain"], "-w", str(demo), "--json")
    assert shown["tier"] == "tier_1" and shown["explanation"]["down"]["tier"] == "tier_2"
    text = invoke("tiers", "show", first["domain"], "-w", str(demo))
    assert "down to tier_2" in text and "deal value:" in text
    clustered = next(r for r in rows if r["tier"] == "tier_2" and r["motion"] == "new_logo")
    assert clustered["cluster"].startswith("C")
    customer = next(r for r in rows if r["motion"] == "expansion")
    shown = invoke("tiers", "show", customer["domain"], "-w", str(demo), "--json")
    assert shown["motion"] == "expansion" and shown["tier"] == customer["tier"]
    assert all(r["cluster"] is None for r in rows if r["motion"] == "expansion")


def test_bad_tiers_yaml_is_one_line(demo: Path) -> None:
    path = demo / "tiers.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text("tier_2:\n  uplift: nope\n", encoding="utf-8")
    try:
        result = runner.invoke(app, ["tiers", "plan", "-w", str(demo)])
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.exit_code == 1
    assert "tiers.yaml: line 2: tier_2.uplift:" in result.output
    assert "Traceback" not in result.output
