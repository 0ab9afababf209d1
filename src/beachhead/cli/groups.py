"""Command groups shared by several files (each file adds its own commands)."""

from __future__ import annotations

import typer

import_app = typer.Typer(
    help="Import CRM, marketing-automation, intent and activity exports.",
    no_args_is_help=True,
)
