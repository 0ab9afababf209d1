#!/usr/bin/env bash
# Create .venv with Python 3.11+ and install Beachhead into it (with extras given as $1, e.g. "test").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    # Debian splits venv (and ensurepip) out of the interpreter package.
    rm -rf .venv
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv
    "$PY" -m venv .venv
  fi
fi
extras=${1:-}
target="."
[ -n "$extras" ] && target=".[$extras]"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "$target"
