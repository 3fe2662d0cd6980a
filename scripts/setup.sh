#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; safe to run again (quick when done).
#   bash scripts/setup.sh          the package and its dependencies (main job)
#   bash scripts/setup.sh --test   also the test tools and Debian's headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if [ "${1:-}" = "--test" ]; then
  "$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "setup: installing Debian's chromium, chromium-driver and a CJK font for the browser tests"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
  fi
else
  "$PY" -m pip install --quiet --disable-pip-version-check -e .
fi
