"""`beachhead titles classify`: what job titles say about seniority, function and role."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from beachhead.cli.common import JsonOption, console, print_json, run_command
from beachhead.errors import InputError
from beachhead.services.titles import describe_titles, read_titles

titles_app = typer.Typer(
    help="Read job titles: seniority, function and likely buying role, with reasons.",
    no_args_is_help=True,
)


@titles_app.command("classify")
def classify(
    titles: Annotated[
        list[str] | None, typer.Argument(help="Job titles (quote each one).", show_default=False)
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="A text file with one title per line.")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Department for every title (overrides the function).")
    ] = None,
    buying_function: Annotated[
        list[str] | None,
        typer.Option(
            "--buying-function",
            help="A function that buys your product (repeatable; default: any function).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Classify job titles; every answer lists the words and rules behind it."""
    rows = run_command(lambda: _describe(titles or [], file, department, buying_function))
    if as_json:
        print_json(rows)
        return
    table = Table(header_style="bold", expand=True)
    table.add_column("title", ratio=1, min_width=16, overflow="fold")
    for name in ("seniority", "function", "buying role"):
        table.add_column(name, no_wrap=True)
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("reasons", ratio=2, min_width=24)
    for row in rows:
        table.add_row(*_row(row))
    console.print(table)


def _describe(
    titles: list[str], file: Path | None, department: str | None, buying: list[str] | None
) -> list[dict[str, object]]:
    all_titles = [*titles, *(read_titles(file) if file else [])]
    if not all_titles:
        raise InputError("no titles given", hint='pass titles ("VP, Data") or --file PATH')
    return describe_titles(all_titles, department, buying)


def _row(row: dict[str, object]) -> tuple[str, ...]:
    seniority, detail = row["seniority"], row["seniority_detail"]
    shown = seniority if seniority == detail or detail == "unknown" else f"{seniority} ({detail})"
    reasons = row["reasons"]
    return (
        str(row["title"]),
        str(shown),
        str(row["function"]),
        str(row["buying_role"] or "-"),
        f"{row['confidence']:.2f}",
        "; ".join(str(r) for r in reasons) if isinstance(reasons, list) else "",
    )


def register(app: typer.Typer) -> None:
    app.add_typer(titles_app, name="titles", rich_help_panel="Accounts")
