"""`beachhead run` (score every account, keep the run) and `beachhead export accounts`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
from beachhead.services.export import FORMATS, export_accounts
from beachhead.services.pipeline import RunSummary, run_pipeline

export_app = typer.Typer(help="Write scores and their reasons out to files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("run", rich_help_panel="Signals")(run_command_)
    app.add_typer(export_app, name="export", rich_help_panel="Data")


def run_command_(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    engine: EngineOption = "duckdb",
    as_json: JsonOption = False,
) -> None:
    """Score every account (fit, intent, engagement, stage) and keep the run with its reasons."""
    day = run_command(lambda: parse_day(as_of))
    with open_platform(workspace) as platform, RichProgress(enabled=not as_json) as bars:
        summary = run_command(lambda: run_pipeline(platform, day, engine, bars))
    if as_json:
        print_json(summary.as_dict())
        return
    _render(summary)


def _render(s: RunSummary) -> None:
    rows: list[tuple[str, object]] = [("accounts scored", s.accounts_scored)]
    rows += [(f"fit {band}", n) for band, n in s.by_band.items()]
    rows.append(("in market", s.in_market))
    rows += [(f"stage {stage}", n) for stage, n in s.by_stage.items()]
    rows += [
        ("stage changes", s.stage_changes), ("as of", s.as_of), ("run id", s.run_id),
        ("engine", s.engine), ("config hash", s.config_hash[:12]),
        ("ICP regime", s.icp_regime), ("seconds", s.seconds.get("total")),
    ]  # fmt: skip
    render_table(f"Run #{s.run_id}", ["", "value"], rows)


@export_app.command("accounts")
def export_accounts_command(
    workspace: WorkspaceOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: exports/ in the workspace)."),
    ] = None,
    run_id: Annotated[
        int | None, typer.Option("--run", help="Score run id (default: the latest).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Every account of a run: domain, name, scores, stage and the reasons behind them."""
    with open_platform(workspace) as platform:
        done = run_command(lambda: export_accounts(platform, fmt.lower(), output, run_id))
    if as_json:
        print_json({"path": str(done.path), "rows": done.rows, "run_id": done.run_id})
        return
    console.print(f"Wrote {done.rows} accounts of run #{done.run_id} to {done.path}")
