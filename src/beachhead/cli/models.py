"""`beachhead models train|list|show|promote|rollback`: versioned propensity models."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from beachhead.cli.common import (
    JsonOption,
    WorkspaceOption,
    console,
    open_platform,
    print_json,
    render_table,
    run_command,
)
from beachhead.cli.dates import AsOfOption, EngineOption, parse_day
from beachhead.cli.progress import RichProgress
from beachhead.errors import BeachheadError
from beachhead.services import prediction
from beachhead.services.prediction import TrainSummary

models_app = typer.Typer(
    help="Train, compare, promote and roll back propensity models.", no_args_is_help=True
)


class VersionError(BeachheadError):
    """A model version that is not v<number>."""


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models", rich_help_panel="Prediction")


@models_app.command("train")
def train(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    promote: Annotated[
        bool, typer.Option("--promote", help="Make the new version active at once.")
    ] = False,
    engine: EngineOption = "duckdb",
    as_json: JsonOption = False,
) -> None:
    """Train a new model version from the workspace's history (only data before --as-of)."""
    day = run_command(lambda: parse_day(as_of))
    with open_platform(workspace) as platform, RichProgress(enabled=not as_json) as bars:
        summary = run_command(lambda: prediction.train_models(platform, day, promote, engine, bars))
    if as_json:
        print_json(summary.as_dict())
        return
    _render_training(summary)


def _render_training(s: TrainSummary) -> None:
    console.print(
        f"Model v{s.model_id} ({s.status}) trained as of {s.as_of}: snapshots {s.train_from} "
        f"to {s.train_to}, horizon {s.horizon_days} days"
    )
    rows = []
    for population, regime in s.regimes.items():
        data = s.trained_on.get(population, {})
        for name, e in s.heldout.get(population, {}).items():
            rows.append((population, regime, name, data.get("positives"), _num(e.get("auc")),
                         _num(e.get("pr_auc")), _num(e.get("lift_at_10pct")),
                         _num(e.get("brier"), 4)))  # fmt: skip
        if not s.heldout.get(population):
            rows.append((population, regime, "-", data.get("positives"), "", "", "", ""))
    columns = ["population", "regime", "held out", "positives", "AUC", "PR-AUC", "lift@10%",
               "Brier"]  # fmt: skip
    render_table("Held-out evaluation (newest snapshot)", columns, rows)
    for finding in s.warnings:
        console.print(f"[yellow]warning[/] ({finding['population']}): {finding['warning']}")
    if s.drift:
        _render_drift(s.drift)


def _render_drift(drift: dict[str, Any]) -> None:
    for population, d in drift.items():
        if not isinstance(d, dict):
            continue
        flag = "[red]material[/]" if d.get("material") else "small"
        overlap = ", ".join(f"top {k}: {v:.0%}" for k, v in d.get("overlap_at_k", {}).items())
        console.print(
            f"Drift against {drift['against']} ({population}): {flag}; Spearman "
            f"{d.get('spearman', 0):.3f}; overlap {overlap}"
        )


def _num(value: Any, digits: int = 3) -> str:
    return "" if value is None else f"{float(value):.{digits}f}"


@models_app.command("list")
def list_(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Every model version: window, regimes, held-out AUC, status."""
    with open_platform(workspace) as platform:
        models = run_command(lambda: prediction.list_models(platform))
    if as_json:
        print_json(models)
        return
    rows = [
        (m["version"], m["status"], m["as_of"], f"{m['train_from']} .. {m['train_to']}",
         ", ".join(f"{p}: {r}" for p, r in m["regimes"].items()), _heldout_auc(m),
         m["data_hash"][:10], m["config_hash"][:10])
        for m in models
    ]  # fmt: skip
    columns = ["version", "status", "as of", "snapshots", "regimes", "held-out AUC (NB)",
               "data hash", "config hash"]  # fmt: skip
    render_table("Propensity models", columns, rows)


def _heldout_auc(model: dict[str, Any]) -> str:
    heldout = model["metrics"].get("heldout", {}).get("new_business", {})
    return _num(heldout.get("model", {}).get("auc"))


@models_app.command("show")
def show(
    version: Annotated[str, typer.Argument(help="Model version, e.g. v3.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """One version's training window, hashes, held-out metrics, leakage and drift."""
    model_id = run_command(lambda: parse_version(version))
    with open_platform(workspace) as platform:
        found = run_command(lambda: prediction.show_model(platform, model_id))
    if as_json:
        print_json(found)
        return
    _render_training(prediction.summary_of(found))


@models_app.command("promote")
def promote(
    version: Annotated[str, typer.Argument(help="Model version to make active, e.g. v3.")],
    workspace: WorkspaceOption = None,
    rescore: Annotated[
        bool, typer.Option(help="Score the latest run's day again with the new model.")
    ] = True,
) -> None:
    """Make a version the active one (the replaced version is kept for rollback)."""
    model_id = run_command(lambda: parse_version(version))
    with open_platform(workspace) as platform:
        done = run_command(lambda: prediction.promote_model(platform, model_id))
        _after_switch(platform, done, rescore)


@models_app.command("rollback")
def rollback(
    workspace: WorkspaceOption = None,
    rescore: Annotated[
        bool, typer.Option(help="Score the latest run's day again with the restored model.")
    ] = True,
) -> None:
    """Return to the version the active one replaced."""
    with open_platform(workspace) as platform:
        done = run_command(lambda: prediction.rollback_model(platform))
        _after_switch(platform, done, rescore)


def _after_switch(platform: Any, done: dict[str, Any], rescore: bool) -> None:
    replaced = f" (was v{done['replaced']})" if done["replaced"] else ""
    console.print(f"Active model: v{done['active']}{replaced}")
    if rescore:
        run = run_command(lambda: prediction.rescore(platform))
        if run is not None:
            console.print(f"Scored run #{run.run_id} as of {run.as_of} with v{done['active']}")


def parse_version(text: str) -> int:
    digits = text.strip().lower().removeprefix("v")
    if not digits.isdigit():
        raise VersionError(f"{text!r} is not a model version", hint="e.g. v3 (see models list)")
    return int(digits)
