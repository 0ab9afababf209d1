#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's PostgreSQL) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh test
BEACHHEAD_TEST_PG_URL=$(bash scripts/test-postgres.sh)
export BEACHHEAD_TEST_PG_URL
bash scripts/test-spark.sh
.venv/bin/ruff check src tests bench
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
