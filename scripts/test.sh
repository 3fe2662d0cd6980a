#!/usr/bin/env bash
# Runs every test on this machine: installs what is missing (into .venv), checks lint and
# types, starts the real Neo4j server (resolved from Maven Central by pom.xml), runs pytest,
# and stops the server again. Extra arguments go to pytest, e.g. `bash scripts/test.sh -k reader`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
PY=.venv/bin/python

bash scripts/lint.sh

started=0
stop_server() { if [ "$started" = 1 ]; then bash scripts/neo4j.sh stop || true; fi; }
trap stop_server EXIT
if ! bash scripts/neo4j.sh status >/dev/null 2>&1; then
  bash scripts/neo4j.sh start
  started=1
fi

# Here the services exist, so a test that cannot reach them fails instead of skipping.
export KG_REQUIRE_SERVICES=1
"$PY" -m pytest -q -p no:cacheprovider "$@"
