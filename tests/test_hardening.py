"""Real archives, hostile but realistic: each case of docs/reliability.md's "Hardening" table.

Every file is made by the test. A case passes when the run goes on, names what it
skipped in one line (never a traceback), says so in its exit status, and keeps the data.
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.graph.ingest import extract_article
from kg.graph.records import Article, ReadProblem

REPO = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
PAGE = "{title}\n\n本报讯 市委书记{name}到{place}调研。{name}强调,要抓好项目建设。\n"
DROP_ROOT_POWERS = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                    "--bounding-set=-dac_override,-dac_read_search"]


def kg(*args: object, cwd: Path | None = None, env: dict | None = None, prefix: list[str] | None = None,
       preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), *KG, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, env={**os.environ, "COLUMNS": "200", **(env or {})},
                          preexec_fn=preexec, timeout=300)


def one_line_error(stderr: str) -> None:
    assert "Traceback" not in stderr
    for line in stderr.strip().splitlines():
        assert line.startswith(("warning:", "error:")), line


def page(folder: Path, name: str | bytes, title: str, person: str, place: str = "魏都区") -> Path:
    raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode())
    with open(raw, "w", encoding="utf-8") as f:
        f.write(PAGE.format(title=title, name=person, place=place))
    return Path(os.fsdecode(raw))


def test_a_gbk_file_name_is_read_named_and_stable(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    page(folder, "许昌日报第1版.txt".encode("gbk"), "调研项目建设", "张明远")
    first = kg("articles", folder, "--json")
    second = kg("articles", folder, "--json")
    assert first.returncode == 0, first.stderr
    record = json.loads(first.stdout.splitlines()[0])
    assert record["file"].endswith("许昌日报第1版.txt")          # GBK bytes shown as the name they are
    assert json.loads(second.stdout.splitlines()[0])["id"] == record["id"]
    built = kg("build", folder, "--store", tmp_path / "store", "--no-progress")
    assert built.returncode == 0, built.stderr


def test_deeply_nested_json_is_one_skipped_line(tmp_path):
    export = tmp_path / "export.jsonl"
    good = {"title": "市长出席会议", "text": "本报讯 市长李安然出席会议并讲话。"}
    export.write_text(json.dumps(good, ensure_ascii=False) + "\n" + "[" * 2000 + "\n"
                      + json.dumps({**good, "title": "第二篇"}, ensure_ascii=False) + "\n", encoding="utf-8")
    run = kg("build", export, "--store", tmp_path / "store", "--no-progress")
    assert run.returncode == 3
    one_line_error(run.stderr)
    assert "export.jsonl:2" in run.stderr and "nested deeper" in run.stderr
    listed = kg("articles", export, "--json")
    assert [json.loads(line)["title"] for line in listed.stdout.splitlines()] == ["市长出席会议", "第二篇"]


def test_garbled_text_is_named_and_skipped_by_the_reader(tmp_path):
    import random

    rng = random.Random(5)
    export = tmp_path / "export.jsonl"
    garbled = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(3000))
    records = [{"title": "乱码", "text": garbled},
               {"title": "市长出席会议", "text": "本报讯 市长李安然出席全市项目建设推进会并讲话,强调要抓好项目落地。"}]
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    run = kg("articles", export, "--json")
    assert run.returncode == 3
    one_line_error(run.stderr)
    assert "looks garbled" in run.stderr and "乱码" in run.stderr
    assert [json.loads(line)["title"] for line in run.stdout.splitlines()] == ["市长出席会议"]


def test_garbled_text_is_skipped_past_its_budget_not_stalled(monkeypatch):
    import random

    from kg.graph import ingest

    rng = random.Random(3)
    body = "\n\n".join("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(150)) for _ in range(100))
    article = Article(id="garbled", title="乱码", body=body, file="garbled.txt")
    monkeypatch.setattr(ingest, "BUDGET_BASE_S", 0.05)
    monkeypatch.setattr(ingest, "BUDGET_PER_CHAR_S", 0.0)
    result = extract_article(article)
    assert isinstance(result, ReadProblem) and "budget" in result.reason and result.file == "garbled.txt"
    # The alarm is gone afterwards: a normal article is extracted in full.
    monkeypatch.setattr(ingest, "BUDGET_BASE_S", 30.0)
    fine = Article(id="ok", title="会议", body="市长李安然主持召开常务会议。", file="ok.txt")
    assert not isinstance(extract_article(fine), ReadProblem)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0,
                    reason="needs setpriv to drop root's power to read any directory")
def test_an_unreadable_directory_is_named_and_the_status_says_so(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    page(folder, "a.txt", "调研", "王志远")
    page(folder / "locked", "b.txt", "会议", "赵文静")
    (folder / "locked").chmod(0)
    try:
        prefix = DROP_ROOT_POWERS if os.geteuid() == 0 else None
        run = kg("articles", folder, "--json", prefix=prefix)
    finally:
        (folder / "locked").chmod(0o755)
    assert run.returncode == 3
    one_line_error(run.stderr)
    assert "locked" in run.stderr and "cannot list this directory" in run.stderr
    assert [json.loads(line)["title"] for line in run.stdout.splitlines()] == ["调研"]


def test_a_symlinked_directory_is_followed_once(tmp_path):
    real = tmp_path / "archive" / "2022"
    real.mkdir(parents=True)
    page(real, "p1.txt", "调研", "王志远")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2022").symlink_to(real, target_is_directory=True)
    (folder / "again").symlink_to(real, target_is_directory=True)
    run = kg("articles", folder, "--json")
    assert [json.loads(line)["title"] for line in run.stdout.splitlines()] == ["调研"]
    assert run.returncode == 3 and "not read twice" in run.stderr     # the second link is named, not silent
    one_line_error(run.stderr)


def test_control_characters_reach_neither_graphml_nor_the_terminal(tmp_path):
    export = tmp_path / "export.jsonl"
    record = {"title": "市长\u0007出席会议", "text": "本报讯 市长李安\u001b[31m然出席会议。李安然\u0000强调,要抓落实。",
              "source": "\u001b]0;owned\u0007许昌日报", "channel": "要闻\u0000"}
    export.write_text(json.dumps(record) + "\n", encoding="utf-8")
    page_file = tmp_path / "page.txt"
    page_file.write_text("会议\x1b[2J标题\n\n本报讯 市委书记王志远\x07主持会议。\n", encoding="utf-8")
    store = tmp_path / "store"
    assert kg("build", export, page_file, "--store", store, "--no-progress").returncode == 0
    graphml = tmp_path / "g.graphml"
    assert kg("export", "graphml", "--store", store, "-o", graphml).returncode == 0
    ET.parse(graphml)                                   # valid XML: no control character inside
    text = graphml.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    for name in ("李安然", "王志远"):
        shown = kg("person", name, "--store", store)
        assert shown.returncode == 0, shown.stderr
        assert name in shown.stdout
        assert not any(c in shown.stdout for c in "\x1b\x07\x00")


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_kill_9_of_a_build_leaves_no_worker(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    import gen_corpus
    from _util import descendants

    corpus = tmp_path / "corpus"
    gen_corpus.main(["--articles", "400", "--out", str(corpus)])
    build = subprocess.Popen([*KG, "build", str(corpus), "--store", str(tmp_path / "store"), "--jobs", "2",
                              "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    # Its descendants: the fork server, the two workers (the fork server's children), helpers.
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 3 and build.poll() is None:
        time.sleep(0.5)
        workers = descendants(build.pid)
    assert len(workers) >= 3, "the build never started its workers"
    time.sleep(2)  # let them get to work
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.5)
    assert [p for p in workers if _alive(p)] == []


def _built_store(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    page(folder, "a.txt", "调研项目建设", "王志远")
    store = tmp_path / "store"
    assert kg("build", folder, "--store", store, "--no-progress").returncode == 0
    return store


def test_a_read_only_store_can_be_read(tmp_path):
    store = _built_store(tmp_path)
    copy = tmp_path / "cd-rom"
    copy.mkdir()
    shutil.copyfile(store / "kg.sqlite", copy / "kg.sqlite")   # only the database file, as on a medium
    (copy / "kg.sqlite").chmod(0o444)
    copy.chmod(0o555)
    try:
        prefix = DROP_ROOT_POWERS if os.geteuid() == 0 and shutil.which("setpriv") else None
        run = kg("person", "王志远", "--store", copy, prefix=prefix)
        build = kg("build", tmp_path / "in", "--store", copy, "--no-progress", prefix=prefix)
    finally:
        copy.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert "王志远" in run.stdout
    assert build.returncode != 0                     # writing it is refused in one line
    one_line_error(build.stderr)
    assert "cannot be written" in build.stderr


@contextlib.contextmanager
def _small_filesystem(tmp_path: Path):
    """A 1 MiB tmpfs where the machine lets us mount one; else a 1 MiB file-size limit."""
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                             capture_output=True).returncode == 0
    try:
        if mounted:
            yield mount, None
        else:
            yield mount, lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_stops_a_build_in_one_line_and_keeps_the_old_store(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    import gen_corpus

    corpus = tmp_path / "corpus"
    gen_corpus.main(["--articles", "600", "--out", str(corpus)])
    small_corpus = tmp_path / "first"
    small_corpus.mkdir()
    page(small_corpus, "a.txt", "调研项目建设", "王志远")
    with _small_filesystem(tmp_path) as (mount, limit):
        store = mount / "store"
        first = kg("build", small_corpus, "--store", store, "--no-progress", preexec=limit)
        assert first.returncode == 0, first.stderr
        full = kg("build", corpus, "--store", store, "--no-progress", "--jobs", "1", preexec=limit)
        assert full.returncode != 0
        one_line_error(full.stderr)
        assert "cannot be written" in full.stderr
        after = kg("person", "王志远", "--store", store)
        assert after.returncode == 0 and "王志远" in after.stdout   # the earlier build is intact


def test_search_finds_names_with_or_without_their_spaces(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"title": "MATCH (n) 讲座", "text": "本报讯 讲座举行。"},
                                               ensure_ascii=False) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert kg("build", folder, "--store", store, "--no-progress").returncode == 0
    for query in ("MATCH (n)", "MATCH(n)"):
        found = kg("search", query, "--store", store, "--json")
        assert found.returncode == 0, found.stderr
        assert "MATCH (n)" in found.stdout, query


def test_an_unset_neo4j_password_is_said():
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    run = subprocess.run([*KG, "query", "person_timeline", "--uri", "bolt://127.0.0.1:9"], capture_output=True,
                         text=True, env=env, cwd=REPO, timeout=120)
    assert run.returncode != 0
    assert "NEO4J_PASSWORD is not set" in run.stderr
    one_line_error(run.stderr)
