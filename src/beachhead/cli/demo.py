"""`beachhead demo`: a seeded synthetic market, written as real exports and imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from beachhead.cli.common import JsonOption, console, print_json, render_table, run_command
from beachhead.cli.progress import RichProgress
from beachhead.demo.market import MarketConfig
from beachhead.services.demo import DemoResult, IdentityCheck, build_demo
from beachhead.settings import WORKSPACE_ENV

DEFAULT_WORKSPACE = Path("demo-workspace")


def demo(
    workspace: Annotated[
        Path,
        typer.Option("--workspace", "-w", envvar=WORKSPACE_ENV, help="Workspace to build."),
    ] = DEFAULT_WORKSPACE,
    accounts: Annotated[int, typer.Option(min=10, help="True companies in the market.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same market.")] = 7,
    as_of: Annotated[
        str, typer.Option("--as-of", help="The market's 'today' (YYYY-MM-DD).")
    ] = "2026-11-02",
    companies_file: Annotated[
        Path | None,
        typer.Option(help="Sample real company names from a People Data Labs companies CSV."),
    ] = None,
    reset: Annotated[bool, typer.Option(help="Delete the workspace first.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Generate a realistic B2B market with hidden truth and load it through the importers."""
    config = MarketConfig(
        accounts=accounts, seed=seed, as_of=_date(as_of), companies_file=companies_file
    )
    with RichProgress(enabled=not as_json) as progress:
        result = run_command(lambda: build_demo(workspace, config, reset, progress))
    if as_json:
        print_json(_as_dict(result))
    else:
        _render(result)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
        ) from None


def _as_dict(result: DemoResult) -> dict[str, object]:
    identity = result.identity
    return {
        "workspace": str(result.workspace),
        "exports": {k: str(v) for k, v in vars(result.exports).items()},
        "imports": [s.as_dict() for s in result.imports],
        "identity": None
        if identity is None
        else {
            "true_companies": identity.true_companies,
            "accounts": identity.accounts,
            "exact": identity.exact,
            "pending_account_reviews": identity.pending_account_reviews,
        },
        "icp": result.icp_note,
        "model": None if result.model is None else result.model.as_dict(),
        "run": None if result.run is None else result.run.as_dict(),
        "top_prospects": result.top,
    }


def _render(result: DemoResult) -> None:
    rows = []
    for summary in result.imports:
        for entity, c in summary.counts.items():
            rows.append(
                (
                    summary.kind,
                    entity,
                    c.read,
                    c.inserted,
                    c.updated,
                    c.merged,
                    c.unchanged,
                    c.rejected,
                )
            )
    render_table(
        "Demo market imported",
        ("import", "entity", "read", "inserted", "updated", "merged", "unchanged", "rejected"),
        rows,
    )
    if result.identity is not None:
        _render_identity(result.identity)
    if result.run is not None:
        _render_run(result)
    console.print(f"Workspace: [bold]{result.workspace}[/]")


def _render_run(result: DemoResult) -> None:
    run = result.run
    assert run is not None
    console.print(result.icp_note)
    if result.model is not None:
        m = result.model
        auc = m.heldout.get("new_business", {}).get("model", {}).get("auc")
        held = "" if auc is None else f", held-out AUC {auc:.2f}"
        console.print(f"Propensity model v{m.model_id}: {m.regimes['new_business']}{held}")
    stages = ", ".join(f"{stage} {n}" for stage, n in run.by_stage.items())
    bands = ", ".join(f"{band} {n}" for band, n in run.by_band.items())
    console.print(
        f"Run #{run.run_id} as of {run.as_of}: {run.accounts_scored} accounts scored; "
        f"fit {bands}; {run.in_market} in market; stages: {stages}."
    )
    rows = [
        (r["domain"], r["name"], _pct(r.get("propensity")), r["stage"], _n(r["fit"]),
         r["fit_band"], _n(r["intent"]), _n(r["engagement_score"]))
        for r in result.top
    ]  # fmt: skip
    render_table(
        "Prospects to work first (why: beachhead account show DOMAIN)",
        ("domain", "name", "90-day propensity", "stage", "fit", "band", "intent", "engagement"),
        rows,
    )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _n(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _render_identity(identity: IdentityCheck) -> None:
    gap = identity.accounts - identity.true_companies
    mark = "[green]exact[/]" if gap == 0 else f"[yellow]{gap:+d}[/]"
    console.print(
        f"Identity: {identity.true_companies} true companies in the exports → "
        f"{identity.accounts} accounts after dedup ({mark})."
    )
    if identity.pending_account_reviews:
        console.print(
            f"{identity.pending_account_reviews} uncertain account pair(s) wait for a person: "
            "beachhead accounts matches"
        )


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Workspace")(demo)
