#!/usr/bin/env bash
# Install (if needed) and start Debian's PostgreSQL, and make a role for the test suite.
# Prints the URL the tests use (BEACHHEAD_TEST_PG_URL). Safe to run again.
set -euo pipefail
PG_USER=beachhead
PG_PASS=beachhead
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi
as_root su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\" | grep -q 1 \
  || psql -q -p $port -c \"CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASS'\"" >&2
as_root su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='$PG_USER'\" | grep -q 1 \
  || createdb -p $port -O $PG_USER $PG_USER" >&2
echo "postgresql+psycopg://$PG_USER:$PG_PASS@127.0.0.1:$port/$PG_USER"
