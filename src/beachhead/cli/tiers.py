"""`beachhead tiers plan|show`: tiers under capacity, 1:few clusters and guardrails, explained."""

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
from beachhead.services import targeting

tiers_app = typer.Typer(
    help="Plan tiers 1:1 / 1:few / 1:many under capacity, with clusters and guardrails.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(tiers_app, name="tiers", rich_help_panel="Targeting")


@tiers_app.command("plan")
def plan(
    workspace: WorkspaceOption = None,
    run_id: Annotated[
        int | None, typer.Option("--run", help="Score run to plan from (default: the latest).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Assign accounts to tiers to maximise expected value under tiers.yaml's capacities.

    Prospects fill the new-logo tiers and customers the expansion tiers, each apart.
    """
    with open_platform(workspace) as platform:
        summary = run_command(lambda: targeting.plan_tiers(platform, run_id))
    if as_json:
        print_json(summary)
        return
    console.print(
        f"Plan #{summary['plan_id']} (proposed) from run #{summary['run_id']} as of "
        f"{summary['as_of']}; {summary['not_planned']} accounts not planned (no propensity)"
    )
    _render_summary(summary)


def _render_summary(summary: dict[str, Any]) -> None:
    render_table("New logos (prospects)", COLUMNS, _tier_rows(summary["tiers"]))
    expansion = summary.get("expansion_tiers") or []
    if expansion:
        render_table("Expansion (customers)", COLUMNS, _tier_rows(expansion))
    clusters = [
        (c["key"], c["label"], c["size"], ", ".join(f"{k}={v}" for k, v in c["traits"].items()))
        for c in summary["clusters"]
    ]
    render_table(
        "1:few clusters (new-logo tier_2)", ["cluster", "label", "accounts", "traits"], clusters
    )
    for warning in summary["warnings"]:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


COLUMNS = ["tier", "play", "accounts", "capacity", "expected pipeline", "cost",
           "expected value", "entry bar"]  # fmt: skip


def _tier_rows(tiers: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (t["tier"], t["label"], t["accounts"], t["capacity"] if t["capacity"] is not None else "-",
         _money(t["expected_pipeline"]), _money(t["cost"]), _money(t["expected_value"]),
         _money(t["entry_bar"]))
        for t in tiers
    ]  # fmt: skip


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


@tiers_app.command("show")
def show(
    account: Annotated[
        str | None, typer.Argument(help="Domain or exact name; omit for the plan's summary.")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """The latest plan, or one account's tier, cluster and why it sits there."""
    with open_platform(workspace) as platform:
        found = run_command(lambda: targeting.show_tier(platform, account))
    if as_json:
        print_json(found)
        return
    if account is None:
        console.print(f"Plan #{found['plan_id']} ({found['status']}) from run #{found['run_id']}")
        _render_summary(found)
        return
    why = found["explanation"]
    cluster = why.get("cluster")
    motion = {"expansion": "expansion ", "new_logo": "new logo "}.get(found.get("motion") or "", "")
    console.print(f"{account}: {motion}{found['tier'] or 'not planned'}", highlight=False)
    if cluster:
        console.print(f"cluster {cluster['key']}: {cluster['label']}", highlight=False)
    console.print(why["reason"], highlight=False)
    if "deal_value_basis" in why:
        console.print(f"deal value: {why['deal_value_basis']}", highlight=False)
