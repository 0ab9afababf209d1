#!/usr/bin/env bash
# Make the Spark leg of the tests runnable: Java for pyspark's JVM (Debian's default JRE,
# Java 17 on bookworm) and pyspark in .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v java >/dev/null 2>&1; then
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq default-jre-headless >&2
fi
java -version >&2
if ! .venv/bin/python -c "import pyspark" 2>/dev/null; then
  .venv/bin/python -m pip install -q "pyspark>=3.5,<4.1" >&2
fi
.venv/bin/python -c "import pyspark; print('pyspark', pyspark.__version__)" >&2
