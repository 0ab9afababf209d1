#!/usr/bin/env bash
# Regenerate docs/reference/cli.md from the commands themselves (tests check it is current).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/typer beachhead.cli.main utils docs --name beachhead --output docs/reference/cli.md
