"""Regenerate docs/images/accounts-top.svg from a demo workspace (default: demo-workspace).

    .venv/bin/python scripts/screenshot.py [WORKSPACE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from beachhead.cli import accounts, common
from beachhead.cli.main import app

OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "accounts-top.svg"


def main(workspace: str) -> int:
    recorder = Console(record=True, width=120, force_terminal=True)
    common.console = accounts.console = recorder  # the commands print through these
    runner = CliRunner()
    top = runner.invoke(app, ["accounts", "top", "--limit", "8", "-w", workspace, "--json"])
    first = __import__("json").loads(top.stdout)[0]["domain"]
    for args in (["accounts", "top", "--limit", "8"], ["account", "show", first]):
        result = runner.invoke(app, [*args, "-w", workspace])
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
    recorder.save_svg(str(OUT), title="beachhead accounts top · beachhead account show")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "demo-workspace"))
