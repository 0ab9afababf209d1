"""What every command shares: the workspace option, JSON output, errors as one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from beachhead.errors import BeachheadError
from beachhead.platform import Platform
from beachhead.settings import WORKSPACE_ENV, resolve_workspace

# Piped output (files, CI logs) has no terminal width; 80 columns would fold every table.
PIPED_WIDTH = 140
console = Console(width=None if sys.stdout.isatty() else PIPED_WIDTH)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else PIPED_WIDTH)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar=WORKSPACE_ENV,
        help="Workspace folder (default: $BEACHHEAD_WORKSPACE, else the current folder).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

T = TypeVar("T")


def fail(error: BeachheadError) -> None:
    """Print one line (and a hint) and exit 1: a user error, never a traceback."""
    err_console.print(f"[bold red]error:[/] {error.message}", highlight=False, soft_wrap=True)
    if error.hint:
        err_console.print(f"[dim]hint: {error.hint}[/]", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except BeachheadError as error:
        fail(error)


@contextmanager
def open_platform(workspace: Path | None) -> Iterator[Platform]:
    """The workspace's Platform, closed afterwards; BeachheadErrors become one-line exits."""
    with user_errors():
        platform = Platform.open(resolve_workspace(workspace))
        try:
            yield platform
        finally:
            platform.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def render_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def run_command(action: Callable[[], T]) -> T:
    """Run `action`, turning a BeachheadError into the one-line exit."""
    try:
        return action()
    except BeachheadError as error:
        fail(error)
        raise  # unreachable: fail() exits
