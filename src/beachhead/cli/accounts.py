"""`beachhead accounts list|matches|match|stats` and `beachhead account show`."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

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
from beachhead.services import accounts as service
from beachhead.services.worklist import top_prospects

T = TypeVar("T")

accounts_app = typer.Typer(
    help="Accounts: list them, see identity statistics, review uncertain matches.",
    no_args_is_help=True,
)
account_app = typer.Typer(help="One account: everything known about it.", no_args_is_help=True)
match_app = typer.Typer(
    help="Decide a match candidate (see `accounts matches`).", no_args_is_help=True
)
accounts_app.add_typer(match_app, name="match")


# The session is the store's; the CLI only hands it from the unit of work to the service.
Session = Any


def _read(workspace: Path | None, action: Callable[[Session], T]) -> T:
    with open_platform(workspace) as platform, platform.store.reader() as session:
        return run_command(lambda: action(session))


def _write(workspace: Path | None, action: Callable[[Session], T]) -> T:
    with open_platform(workspace) as platform, platform.store.unit_of_work() as session:
        return run_command(lambda: action(session))


@accounts_app.command("list")
def list_accounts(
    customers: Annotated[bool, typer.Option("--customers", help="Only customers.")] = False,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Text in the name or domain.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many rows.")] = 50,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Accounts by name: domain, industry, size, country, customer, contacts, open deals, owner."""
    rows = _read(workspace, lambda s: service.list_accounts(s, customers, search, limit))
    if as_json:
        print_json(rows)
        return
    columns = ["domain", "name", "industry", "employees", "country", "customer", "contacts",
               "open opps", "owner"]  # fmt: skip
    cells = [
        [r["domain"], r["name"], r["industry"], r["employees"], r["country"],
         "yes" if r["is_customer"] else "", r["contacts"], r["open_opportunities"], r["owner"]]
        for r in rows
    ]  # fmt: skip
    render_table(f"{len(rows)} account(s)", columns, cells)


@account_app.command("show")
def show(
    domain: Annotated[
        str, typer.Argument(help="A domain (or URL, or email) of the account, or its name.")
    ],
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Everything known about one account: firmographics, domains, ids, people, deals."""
    detail = _read(workspace, lambda s: service.account_detail(s, domain))
    if as_json:
        print_json(detail.as_dict())
        return
    _render_detail(detail)


def _render_detail(detail: service.AccountDetail) -> None:
    a = detail.account
    flag = " [green]customer[/]" if a["is_customer"] else ""
    console.print(f"[bold]{a['name']}[/] {a['domain'] or '(no domain)'}{flag}", highlight=False)
    facts = [
        ("website", a["website"]), ("industry", a["industry"]), ("employees", a["employees"]),
        ("annual revenue", a["annual_revenue"]), ("type", a["account_type"]),
        ("location", ", ".join(p for p in (a["city"], a["state"], a["country"]) if p) or None),
        ("phone", a["phone"]), ("owner", a["owner"]),
        ("parent", a["parent"]["name"] if a["parent"] else None),
        ("technologies", ", ".join(a["technologies"] or []) or None), ("source", a["source"]),
    ]  # fmt: skip
    render_table(None, ["field", "value"], [(k, v) for k, v in facts if v not in (None, "")])
    _table("Domains", detail.domains, ["domain", "kind", "host"])
    _table("Source ids", detail.external_ids, ["source", "external_id"])
    contacts = [{**c, "flags": ", ".join(c["flags"])} for c in detail.contacts]
    _table("Contacts", contacts, ["name", "title", "email", "flags", "match_method"])
    _table("Opportunities", [_opportunity(o) for o in detail.opportunities],
           ["name", "stage", "amount", "status", "close_date", "history"])  # fmt: skip
    _table("Campaigns", detail.campaigns, ["name", "campaign_type", "status", "start_date"])
    _table("Child accounts", detail.children, ["name", "domain"])
    _scores(detail.scores)


def _scores(scores: dict[str, Any] | None) -> None:
    if scores is None:
        console.print("[dim]No scores yet (run: beachhead run)[/]")
        return
    head = f"Scores (run #{scores['run_id']}, as of {scores['as_of']})"
    render_table(head, ["score"], [[line] for line in scores["explanation"]])
    moves = [{**m, "from_stage": m["from_stage"] or "—"} for m in scores["stage_history"]]
    _table("Stage history", moves, ["changed_on", "from_stage", "stage"])


def _opportunity(opp: dict[str, Any]) -> dict[str, Any]:
    status = "won" if opp["is_won"] else "lost" if opp["is_closed"] else "open"
    steps = [f"{h['stage']} {h['changed_at']:%Y-%m-%d}" for h in opp["history"]]
    return {**opp, "status": status, "history": " → ".join(steps)}


def _table(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    if rows:
        render_table(title, [c.replace("_", " ") for c in columns],
                     [[r.get(c) for c in columns] for r in rows])  # fmt: skip


@accounts_app.command("matches")
def matches(
    status: Annotated[
        str, typer.Option("--status", help="pending, accepted, rejected or all.")
    ] = "pending",
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Uncertain identity matches: duplicate accounts, people whose account is unsure."""
    items = _read(workspace, lambda s: service.list_matches(s, status))
    if as_json:
        print_json([i.as_dict() for i in items])
        return
    rows = [
        [i.id, i.subject, i.subject_label, i.account_label, f"{i.score:.0f}",
         ", ".join(i.evidence.get("signals") or []) or "-", i.status, i.decided_by]
        for i in items
    ]  # fmt: skip
    columns = ["id", "subject", "this", "may be / belong to", "score", "signals", "status", "by"]
    render_table(f"{len(items)} {status} match(es)", columns, rows)
    if items and status == "pending":
        console.print("Decide with: beachhead accounts match accept|reject ID")


ByOption = Annotated[
    str | None, typer.Option("--by", help="Who decides (default: your user name).")
]
IdArgument = Annotated[int, typer.Argument(help="The candidate's id (see `accounts matches`).")]


def _decide(
    candidate: int, accept: bool, by: str | None, as_json: bool, workspace: Path | None
) -> None:
    who = by or getpass.getuser()
    item = _write(workspace, lambda s: service.decide_match(s, candidate, accept, who))
    if as_json:
        print_json(item.as_dict())
        return
    verb = "Accepted" if accept else "Rejected"
    outcome = {"account": "merged into", "contact": "attached to", "lead": "attached to"}
    detail = (
        f": {item.subject_label} {outcome[item.subject]} {item.account_label}" if accept else ""
    )
    console.print(f"{verb} match #{item.id}{detail}", highlight=False)


@match_app.command("accept")
def accept(
    candidate: IdArgument, by: ByOption = None, as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:  # fmt: skip
    """Accept: merge the two accounts, or attach the person to the account (method manual)."""
    _decide(candidate, True, by, as_json, workspace)


@match_app.command("reject")
def reject(
    candidate: IdArgument, by: ByOption = None, as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:  # fmt: skip
    """Reject: keep them apart; later imports will not propose or make this match again."""
    _decide(candidate, False, by, as_json, workspace)


@accounts_app.command("top")
def top(
    limit: Annotated[int, typer.Option(min=1, help="How many prospects.")] = 20,
    run_id: Annotated[
        int | None, typer.Option("--run", help="Score run (default: latest).")
    ] = None,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Prospects to work first: most likely to open pipeline, then furthest along the journey."""
    with open_platform(workspace) as platform:
        rows = run_command(lambda: top_prospects(platform, limit, run_id))
    if as_json:
        print_json(rows)
        return
    columns = ["domain", "name", "propensity", "stage", "fit", "fit_band", "intent",
               "engagement_score"]  # fmt: skip
    shown = [{**{c: _rounded(r[c]) for c in columns}, "propensity": _percent(r)} for r in rows]
    _table(f"Prospects to work first ({len(rows)})", shown, columns)


def _percent(row: dict[str, Any]) -> str:
    value = row.get("propensity")
    return "" if value is None else f"{100 * value:.1f}% ({row['propensity_regime']})"


def _rounded(value: Any) -> Any:
    return round(value) if isinstance(value, float) else value


@accounts_app.command("stats")
def stats(as_json: JsonOption = False, workspace: WorkspaceOption = None) -> None:
    """Identity coverage: accounts with domains, people attached (and how), pending reviews."""
    figures = _read(workspace, service.account_stats)
    if as_json:
        print_json(figures)
        return
    rows: list[tuple[str, str, Any]] = []
    for group, values in figures.items():
        for name, value in values.items():
            if isinstance(value, dict):
                rows.extend((group, f"{name}: {k}", v) for k, v in value.items())
            else:
                rows.append((group, name, value))
    render_table("Identity", ["group", "figure", "count"], rows)


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts", rich_help_panel="Accounts")
    app.add_typer(account_app, name="account", rich_help_panel="Accounts")
