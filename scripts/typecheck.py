#!/usr/bin/env python3
"""mypy over the `kg` package as it installs, reporting the repository's own paths.

mypy maps files to modules by folders, and cannot read the package-dir mapping that puts
graph/ at kg.graph (pyproject.toml). So this lays the installed layout out as symlinks in
a temporary folder, runs mypy there with the project's configuration, and rewrites the
paths it prints back to the files in this repository.

    python scripts/typecheck.py        (exit status: mypy's)
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def package_dirs() -> dict[str, str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-dir"]


def lay_out(root: Path, mapping: dict[str, str]) -> None:
    """root/kg/... as symlinks: the namespace's own files, then each mapped stage folder."""
    top = root / "kg"
    top.mkdir()
    for entry in (REPO / mapping["kg"]).iterdir():
        if entry.suffix == ".py":
            (top / entry.name).symlink_to(entry)
    for package, folder in mapping.items():
        if package != "kg":
            (root / package.replace(".", "/")).symlink_to(REPO / folder, target_is_directory=True)


def main() -> int:
    mapping = package_dirs()
    with tempfile.TemporaryDirectory(prefix="kg-typecheck-") as tmp:
        lay_out(Path(tmp), mapping)
        env = {**os.environ, "MYPY_CACHE_DIR": str(REPO / ".mypy_cache")}
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "-p", "kg"],
            cwd=tmp, env=env, capture_output=True, text=True)
    # Longest package first, so kg.extraction.ner is not read as kg.extraction + ner.
    rules = sorted(mapping.items(), key=lambda kv: -len(kv[0]))
    for line in (run.stdout + run.stderr).splitlines():
        m = re.match(r"^(kg/[\w/]+\.py)(:.*)$", line)
        if m:
            path = m.group(1)
            for package, folder in rules:
                prefix = package.replace(".", "/") + "/"
                if path.startswith(prefix):
                    path = folder + "/" + path[len(prefix):]
                    break
            line = path + m.group(2)
        print(line)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
