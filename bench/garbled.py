"""Worst case of garbled input: `kg build` of 1 MB of random CJK text vs 1 MB of real pages.

    python bench/garbled.py [--mb 1.0] [--seeds ../shared/corpus/seeds]

Real pages: copies of the seed pages under new names until the size is reached. Garbled:
pages of random CJK characters (lines of 40-200, blank lines between) of the same size.
Both are built with `--jobs 1` into fresh stores; prints the wall time of each, the ratio
(target: under 10), and how many articles the garbled build skipped past their budget.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def real_pages(seeds: Path, out: Path, size: int) -> int:
    pages = sorted(seeds.glob("*.txt"))
    written = copy = 0
    while written < size:
        for page in pages:
            target = out / f"copy{copy:03d}_{page.name}"
            shutil.copyfile(page, target)
            written += target.stat().st_size
            if written >= size:
                break
        copy += 1
    return written


def garbled_pages(out: Path, size: int, rng: random.Random) -> int:
    written = page = 0
    while written < size:
        lines = []
        while sum(len(line) * 3 for line in lines) < 40_000:
            lines.append("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(40, 200))))
        data = "\n\n".join(lines).encode("utf-8")
        (out / f"garbled{page:03d}.txt").write_bytes(data)
        written += len(data)
        page += 1
    return written


def build(folder: Path, store: Path) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--jobs", "1",
                          "--no-progress"], capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - started, run.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "corpus" / "seeds")
    args = parser.parse_args()
    size = int(args.mb * 1024 * 1024)
    with tempfile.TemporaryDirectory(prefix="kg-garbled-") as tmp:
        real, garbled = Path(tmp, "real"), Path(tmp, "garbled")
        real.mkdir()
        garbled.mkdir()
        real_size = real_pages(args.seeds, real, size)
        garbled_size = garbled_pages(garbled, size, random.Random(7))
        real_s, _ = build(real, Path(tmp, "store-real"))
        garbled_s, errors = build(garbled, Path(tmp, "store-garbled"))
    skipped = errors.count("budget")
    print(f"real pages   {real_size / 1024:8.0f} KiB  {real_s:7.1f} s")
    print(f"garbled text {garbled_size / 1024:8.0f} KiB  {garbled_s:7.1f} s  ({skipped} articles past their budget)")
    print(f"ratio garbled / real: {garbled_s / real_s:.1f}x (target < 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
