"""`beachhead icp learn|show`: the ideal customer profile, learned from deals, kept in icp.yaml."""

from __future__ import annotations

import datetime as dt
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
from beachhead.core.icp.learn import LearnReport
from beachhead.core.icp.model import IcpModel
from beachhead.services.icp import icp_path, learn_from_workspace, load_icp, save_icp

icp_app = typer.Typer(
    help="Ideal customer profile: learn it from won and lost deals, read and edit icp.yaml.",
    no_args_is_help=True,
)
COLUMNS = ("criterion", "weight", "lift [95% CI]", "support", "market", "ACV ratio", "cycle Δ days")


def register(app: typer.Typer) -> None:
    app.add_typer(icp_app, name="icp", rich_help_panel="Signals")


@icp_app.command("learn")
def learn_command(
    workspace: WorkspaceOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Learn only from deals closed before this day (YYYY-MM-DD)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an icp.yaml that was edited by hand.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Study won customers against lost deals and the market; write icp.yaml."""
    cut_off = _date(as_of)
    with open_platform(workspace) as platform:
        result = run_command(lambda: learn_from_workspace(platform, cut_off))
        saved = run_command(lambda: save_icp(platform, result.model, force=force))
    if as_json:
        print_json(
            {
                **_model_dict(result.model),
                "report": _report_dict(result.report),
                "path": str(saved.path),
            }
        )
        return
    _render(result.model, f"regime {result.report.regime}: {result.report.reason}")
    backup = f" (previous version in {saved.backup.name})" if saved.backup else ""
    console.print(f"Wrote {saved.path}{backup}", highlight=False)


@icp_app.command("show")
def show_command(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Render the workspace's icp.yaml."""
    with open_platform(workspace) as platform:
        model = run_command(lambda: load_icp(platform))
        path = icp_path(platform)
    if as_json:
        print_json(_model_dict(model))
        return
    _render(model, f"regime {model.regime}: {_provenance(model)}")
    console.print(f"From {path}", highlight=False)


def _render(model: IcpModel, headline: str) -> None:
    console.print(headline, highlight=False)
    rows = [_row(c) for c in model.criteria]
    render_table(f"Ideal customer profile (base {model.base:g})", COLUMNS, rows)
    bands = model.bands
    console.print(
        f"Fit = clip(base + matched weights, 0, 100); Strong ≥ {bands.strong:g}, "
        f"Moderate ≥ {bands.moderate:g}, else Weak.",
        highlight=False,
    )


def _row(criterion: Any) -> tuple[str, ...]:
    e = criterion.evidence
    lift = "" if e.lift is None else f"{e.lift:.2f}"
    if e.lift_ci is not None:
        lift += f" [{e.lift_ci[0]:.2f}, {e.lift_ci[1]:.2f}]"
    return (
        criterion.label,
        f"{criterion.weight:+g}",
        lift,
        _text(e.support),
        "" if e.market_share is None else f"{e.market_share:.0%}",
        "" if e.acv_ratio is None else f"{e.acv_ratio:.2f}",
        "" if e.cycle_days_delta is None else f"{e.cycle_days_delta:+g}",
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _provenance(model: IcpModel) -> str:
    source = model.learned_from
    if model.regime == "learned":
        window = f", closed {source.window_start} to {source.window_end}"
        return f"learned from {source.won} won and {source.lost} lost deals{window}"
    return "generic rules, not learned from your deals (edit icp.yaml to your market)"


def _model_dict(model: IcpModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _report_dict(report: LearnReport) -> dict[str, Any]:
    return {
        "regime": report.regime,
        "reason": report.reason,
        "won_deals": report.won_deals,
        "lost_deals": report.lost_deals,
        "market": report.market,
        "base_win_rate": report.base_win_rate,
        "customer_rate": report.customer_rate,
        "candidates_tested": len(report.candidates),
        "candidates_kept": sum(c.kept for c in report.candidates),
    }


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
        ) from None
