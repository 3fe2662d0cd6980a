#!/usr/bin/env bash
# The main job on the embedded default store, no Neo4j needed: build the sample corpus,
# look up a person's timeline, write an interactive view of that person.
# Installs into a virtual environment of the project's own (.venv) first.
set -euo pipefail
cd "$(dirname "$0")/.."
export KG_STORE=${KG_STORE:-kg-data}

bash scripts/setup.sh
KG=(.venv/bin/python -m kg)
"${KG[@]}" build corpus/sample
"${KG[@]}" stats
"${KG[@]}" person 宋立衡
"${KG[@]}" view person 宋立衡 --out out/person-宋立衡.html
