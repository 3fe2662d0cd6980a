#!/usr/bin/env bash
# ruff (style, import order, unused code) and mypy (types) over the project, as CI runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || bash scripts/setup.sh --test
"$PY" -m ruff check .
"$PY" scripts/typecheck.py
