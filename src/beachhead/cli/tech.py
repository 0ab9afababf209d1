"""`beachhead tech detect|list|normalise`: technologies on websites and accounts, the catalog."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from beachhead.cli.common import (
    JsonOption,
    WorkspaceOption,
    console,
    err_console,
    open_platform,
    print_json,
    render_table,
    run_command,
)
from beachhead.cli.progress import RichProgress
from beachhead.core.technographics import Evidence, Technology
from beachhead.services.technographics import SiteResult, catalog_entries, detect_targets
from beachhead.services.technographics_accounts import (
    DEFAULT_MIN_CONFIDENCE,
    SaveSummary,
    normalise_account_stacks,
    save_detections,
)

_SCHEME = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_CELL = 60

tech_app = typer.Typer(
    help="Technographics: the tools a company's website reveals, and the technology catalog.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(tech_app, name="tech", rich_help_panel="Signals")


@tech_app.command("detect")
def detect_command(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Saved .html files or folders of them (a sibling NAME.headers file adds the "
            "response headers); URLs or domains with --online.",
            show_default=False,
        ),
    ],
    online: Annotated[
        bool, typer.Option("--online", help="Fetch URLs and domains over the network.")
    ] = False,
    timeout: Annotated[
        float, typer.Option(min=1.0, max=120.0, help="Seconds to wait for each live page.")
    ] = 10.0,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Add what was found to the workspace's accounts with the page's domain.",
        ),
    ] = False,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="With --save: the lowest confidence saved."),
    ] = DEFAULT_MIN_CONFIDENCE,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Detect CRM, marketing automation, CMS, analytics... from saved pages or live sites."""
    saved: SaveSummary | None = None
    if save:
        with open_platform(workspace) as platform:
            results = _detect(targets, online, timeout, as_json)
            saved = run_command(lambda: save_detections(platform, results, min_confidence))
    else:
        results = _detect(targets, online, timeout, as_json)
    if as_json:
        sites = [_site_dict(result) for result in results]
        print_json(sites if saved is None else {"sites": sites, "saved": _saved_dict(saved)})
    else:
        _render_sites(results)
        if saved is not None:
            _render_saved(saved)
    if results and all(result.error for result in results):
        raise typer.Exit(1)


@tech_app.command("normalise")
def normalise_command(as_json: JsonOption = False, workspace: WorkspaceOption = None) -> None:
    """Rewrite every account's technologies to the catalog's canonical names."""
    with open_platform(workspace) as platform:
        changed = run_command(lambda: normalise_account_stacks(platform))
    if as_json:
        print_json({"accounts_changed": changed})
    else:
        console.print(f"{changed} account(s) had their technologies renamed.", highlight=False)


def _detect(targets: list[str], online: bool, timeout: float, quiet: bool) -> list[SiteResult]:
    with RichProgress(enabled=online and not quiet) as progress:
        return run_command(lambda: detect_targets(targets, online, timeout, progress))


@tech_app.command("list")
def list_command(
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help="Only this category (e.g. crm, cdp, abm_intent)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the technology catalog: canonical names, categories, vendors, aliases."""
    entries = run_command(lambda: catalog_entries(category))
    if as_json:
        print_json([_tech_dict(tech) for tech in entries])
        return
    rows = [
        (
            tech.name,
            ", ".join(tech.categories),
            tech.vendor,
            ", ".join(tech.kinds) or "—",
            ", ".join(tech.aliases),
        )
        for tech in entries
    ]
    columns = ("technology", "category", "vendor", "detected from", "aliases")
    render_table(f"Technology catalog ({len(rows)})", columns, rows)


def _tech_dict(tech: Technology) -> dict[str, Any]:
    return {
        "technology": tech.name,
        "category": tech.category,
        "also": list(tech.also),
        "vendor": tech.vendor,
        "aliases": list(tech.aliases),
        "detected_from": list(tech.kinds),
    }


def _site_dict(result: SiteResult) -> dict[str, Any]:
    return {
        "site": result.site,
        "source": result.source,
        "status": result.status,
        "error": result.error,
        "detections": [
            {
                "technology": d.technology,
                "category": d.category,
                "confidence": d.confidence,
                "evidence": [{"source": e.source, "match": e.match} for e in d.evidence],
            }
            for d in result.detections
        ],
    }


def _brief(evidence: Evidence) -> str:
    """Evidence short enough for a table cell: no URL scheme, at most ~60 characters."""
    match = _SCHEME.sub("", evidence.match)
    match = match if len(match) <= _CELL else match[: _CELL - 1] + "…"
    return f"{evidence.source}: {match}"


def _render_sites(results: list[SiteResult]) -> None:
    rows: list[tuple[str, str, str, str, str]] = []
    for result in results:
        if result.error:
            err_console.print(f"[yellow]{result.site}:[/] {result.error}", highlight=False)
            continue
        if not result.detections:
            rows.append((result.site, "—", "", "", "no known technology found"))
        for d in result.detections:
            more = f" (+{len(d.evidence) - 1})" if len(d.evidence) > 1 else ""
            rows.append(
                (
                    result.site,
                    d.technology,
                    d.category,
                    f"{d.confidence:.2f}",
                    _brief(d.evidence[0]) + more,
                )
            )
    columns = ("site", "technology", "category", "confidence", "evidence")
    render_table(None, columns, rows)
    found = sum(len(result.detections) for result in results)
    failed = sum(1 for result in results if result.error)
    summary = f"{len(results)} site(s), {found} detection(s)"
    console.print(summary + (f", {failed} could not be fetched" if failed else ""), highlight=False)


def _saved_dict(saved: SaveSummary) -> dict[str, Any]:
    return {
        "accounts_updated": saved.accounts_updated,
        "technologies_added": saved.technologies_added,
        "unknown_domains": saved.unknown_domains,
        "without_domain": saved.without_domain,
        "sites": [
            {
                "site": s.site,
                "domain": s.domain,
                "account_id": s.account_id,
                "account": s.account,
                "added": list(s.added),
            }
            for s in saved.sites
        ],
    }


def _render_saved(saved: SaveSummary) -> None:
    rows = [
        (s.site, s.domain or "—", s.account or "—", ", ".join(s.added) or "—")
        for s in saved.sites
        if s.account_id is not None
    ]
    if rows:
        render_table("Saved onto accounts", ("site", "domain", "account", "added"), rows)
    console.print(
        f"{saved.accounts_updated} account(s) updated; "
        f"technologies added: {saved.technologies_added}.",
        highlight=False,
    )
    if saved.unknown_domains:
        console.print(
            "[yellow]No account for:[/] "
            + ", ".join(saved.unknown_domains)
            + " (not created; import the accounts first)",
            highlight=False,
            soft_wrap=True,
        )
    if saved.without_domain:
        console.print(
            "[yellow]No domain for:[/] "
            + ", ".join(saved.without_domain)
            + " (name the file DOMAIN.html or add a DOMAIN.url file)",
            highlight=False,
            soft_wrap=True,
        )
