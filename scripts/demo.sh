#!/usr/bin/env bash
# One command from a fresh clone to a scored demo market: install, generate, import, show.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
WS=${BEACHHEAD_DEMO_WORKSPACE:-demo-workspace}
.venv/bin/beachhead demo --workspace "$WS" "$@"
echo
echo "Explore it:  .venv/bin/beachhead accounts top --workspace $WS"
echo "             .venv/bin/beachhead account show DOMAIN --workspace $WS"
