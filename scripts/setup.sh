#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, into a virtual environment of its own
# (.venv), so a system Python that refuses `pip install` (PEP 668) is never touched.
# Safe to run again: quick when nothing changed.
#   bash scripts/setup.sh          the package and its dependencies (the main job)
#   bash scripts/setup.sh --test   also the test and lint tools and Debian's headless Chromium
# Prints nothing but problems; the environment's Python is .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv
extras=""
# --test: with the spark extra too, so the Spark tests run (local mode; Java 17 as for Neo4j)
[ "${1:-}" = "--test" ] && extras="[test,lint,spark]"

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv's pip bootstrap apart (python3.X-venv).
    rm -rf "$VENV"
    minor=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "setup: installing Debian's python$minor-venv to make $VENV"
    apt_install "python$minor-venv" || apt_install python3-venv
    "$PY" -m venv "$VENV"
  fi
fi

# Reinstall only when the dependencies or the extras asked for changed.
stamp="$VENV/.kg-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
have=$(cat "$stamp" 2>/dev/null || true)
case " $have " in
  *" $want "*) ;;
  *)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$extras"
    printf '%s\n%s\n' "$have" "$want" | grep -v '^$' > "$stamp"
    ;;
esac

if [ -n "$extras" ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium, chromium-driver and a CJK font for the browser tests"
    apt_install chromium chromium-driver fonts-noto-cjk
  fi
fi
