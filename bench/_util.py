"""What the benchmark scripts share: the machine's description, measured subprocesses,
and loading sibling bench scripts (bench/ is a folder of scripts, not a package)."""
from __future__ import annotations

import importlib.util
import os
import platform
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def machine() -> dict[str, str]:
    """nproc, memory, CPU model and Python version, as docs/performance.md reports them."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "memory": memory, "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform()}


def load_script(name: str):
    """Import bench/<name>.py as a module, or None when that script is not there."""
    path = BENCH / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@dataclass
class Measured:
    returncode: int
    seconds: float
    peak_rss_mb: float   # largest resident set of the process or any of its descendants
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0      # user + system of the whole tree (workers included once reaped)
    peak_tree_rss_mb: float = 0.0  # largest sum of resident sets of the process and its descendants


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, their children ...), from Linux /proc."""
    children = _children()
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, summed (Linux /proc)."""
    total_kb = 0
    for current in {pid} | descendants(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:
            pass
    return total_kb / 1024


def kg_command(*args: object) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *map(str, args)]


def run_measured(cmd: list[str], *, log: Path | None = None, timeout: float | None = None) -> Measured:
    """Run cmd; wall time, CPU and peak RSS from wait4 (which covers the workers it waited for),
    and the peak of the whole process tree's summed RSS, sampled from /proc every 50 ms."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="200")
    out_path = (log or Path(os.devnull))
    with open(str(out_path) + ".out" if log else os.devnull, "w+b") as out, \
            open(str(out_path) + ".err" if log else os.devnull, "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        deadline = None if timeout is None else start + timeout
        tree_peak = 0.0
        sampled = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if time.perf_counter() - sampled >= 0.05 and Path("/proc").is_dir():
                tree_peak = max(tree_peak, tree_rss_mb(proc.pid))
                sampled = time.perf_counter()
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        texts = []
        for fh in (out, err):
            if log:
                fh.seek(0)
                texts.append(fh.read().decode("utf-8", "replace"))
            else:
                texts.append("")
    return Measured(proc.returncode, seconds, usage.ru_maxrss / 1024, *texts,
                    cpu_seconds=usage.ru_utime + usage.ru_stime,
                    peak_tree_rss_mb=max(tree_peak, usage.ru_maxrss / 1024))


def bolt_reachable() -> bool:
    """Whether the server NEO4J_URI names (default the development one) accepts connections."""
    from urllib.parse import urlsplit
    uri = urlsplit(os.environ.get("NEO4J_URI") or
                   f"bolt://127.0.0.1:{os.environ.get('KG_NEO4J_BOLT_PORT', '7687')}")
    host, port = uri.hostname or "127.0.0.1", uri.port or 7687
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False
