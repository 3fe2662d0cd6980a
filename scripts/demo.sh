#!/usr/bin/env bash
# The main job on the embedded default store, no Neo4j needed: build the sample corpus,
# look up a person's timeline, write an interactive view of that person.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
STORE=${KG_STORE:-kg-data}

bash scripts/setup.sh
"$PY" -m kg.cli build corpus/sample --store "$STORE"
"$PY" -m kg.cli stats --store "$STORE"
"$PY" -m kg.cli person 宋立衡 --store "$STORE"
"$PY" -m kg.cli view person 宋立衡 --store "$STORE" --out out/person-宋立衡.html
