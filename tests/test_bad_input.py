"""Bad input end to end, through the real CLI (`kg articles`, `kg build`) in a subprocess.

Each case puts a bad file next to a good page. The contract (issue 8, brief): the bad file
gets one clear line on stderr naming it, the run finishes with exit status 3 (finished,
something skipped), no traceback, and everything from the good file is there.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXIT_SKIPPED = 3
TIMEOUT = 50


def _generator():
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


def kg(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, env=env, cwd=ROOT)


@functools.cache
def _has_command(name: str) -> bool:
    return kg(name, "--help").returncode == 0


def need(command: str) -> None:
    if not _has_command(command):
        pytest.skip(f"`kg {command}` is not there yet")


@pytest.fixture(scope="module")
def good_page():
    """A page with a masthead and three articles: (text, titles)."""
    for seed in range(1, 100):
        page = next(gen.iter_pages(3, seed=seed, per_page=3, papers=1))
        if "日报社出版" in page.text:  # the masthead gives the reader the paper's date
            return page.text, [a.title for a in page.articles]
    raise AssertionError("the generator wrote no masthead in 100 seeds")


def write_good(folder: Path, page) -> Path:
    path = folder / "good.txt"
    path.write_text(page[0], encoding="utf-8")
    return path


def assert_named_once(result: subprocess.CompletedProcess, bad: Path) -> str:
    """One line of stderr names the bad file; no traceback. Returns that line."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if bad.name in line]
    assert lines, f"no message names {bad.name}; stderr was:\n{result.stderr[-2000:]}"
    return lines[0]


def assert_titles(output: str, titles: list[str]) -> None:
    missing = [t for t in titles if t not in output]
    assert not missing, f"articles of the good file are missing: {missing}"


def articles_then_build(tmp_path: Path, paths: list[Path], bad: Path, titles: list[str]) -> tuple[str, str]:
    """Run `kg articles` and `kg build` on paths; both skip `bad` and keep the rest."""
    need("articles")
    listed = kg("articles", "--json", *paths)
    assert listed.returncode == EXIT_SKIPPED, (listed.returncode, listed.stderr[-2000:])
    line = assert_named_once(listed, bad)
    assert_titles(listed.stdout, titles)

    need("build")
    store = tmp_path / "store"
    built = kg("build", *paths, "--store", store)
    assert built.returncode == EXIT_SKIPPED, (built.returncode, built.stderr[-2000:])
    assert_named_once(built, bad)
    assert_titles(stored_titles(store), titles)
    return line, built.stderr


def stored_titles(store: Path) -> str:
    """The titles of the Article nodes in a store, one per line."""
    try:
        from kg.graph.store import Store
    except ImportError:
        pytest.skip("graph.store is not there yet")
    return "\n".join(str(n.prop("title", "")) for n in Store(store).nodes() if n.label == "Article")


# --- the cases ---------------------------------------------------------------------------

def test_empty_file(tmp_path, good_page):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    articles_then_build(tmp_path, [write_good(tmp_path, good_page), bad], bad, good_page[1])


def test_binary_file(tmp_path, good_page):
    bad = tmp_path / "photo.txt"  # named .txt on purpose: the content decides, not the name
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    articles_then_build(tmp_path, [write_good(tmp_path, good_page), bad], bad, good_page[1])


def test_truncated_multibyte_sequence(tmp_path, good_page):
    """A UTF-8 page cut inside its last character: named, and never read as mojibake of
    another encoding (keeping its readable part or skipping it are both fine)."""
    other = next(gen.iter_pages(2, seed=77, per_page=2, papers=1))
    cut = tmp_path / "cut.txt"
    cut.write_bytes(other.text.rstrip().encode("utf-8") + "。".encode()[:2])
    line, _ = articles_then_build(tmp_path, [write_good(tmp_path, good_page), cut], cut, good_page[1])
    listed = kg("articles", "--json", cut)
    assert "\ufffd" not in listed.stdout
    kept = [a.title for a in other.articles if a.title in listed.stdout]
    assert kept in ([], [a.title for a in other.articles]), "part of the page was read as another encoding"


def test_invalid_byte_in_the_middle(tmp_path, good_page):
    bad = tmp_path / "broken.txt"
    raw = good_page[0].encode("utf-8")
    middle = len(raw) // 2
    bad.write_bytes(raw[:middle] + b"\xff\xfe\xc3" + raw[middle:])
    other = tmp_path / "other.txt"
    other.write_text(next(gen.iter_pages(2, seed=99, per_page=2, papers=1)).text, encoding="utf-8")
    need("articles")
    result = kg("articles", "--json", bad, other)
    assert result.returncode == EXIT_SKIPPED, (result.returncode, result.stderr[-2000:])
    assert_named_once(result, bad)
    assert "Traceback" not in result.stderr


def test_mixed_encodings_in_one_directory(tmp_path):
    """UTF-8, UTF-8 with BOM, GBK, GB18030, UTF-16 with BOM and CRLF files side by side:
    all read, nothing skipped, titles exact (not mojibake)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    encodings = [("utf8.txt", "utf-8", "\n"), ("bom.txt", "utf-8-sig", "\n"), ("gbk.txt", "gbk", "\n"),
                 ("gb18030.txt", "gb18030", "\r\n"), ("utf16.txt", "utf-16", "\n"), ("crlf.txt", "utf-8", "\r\n")]
    titles = []
    for n, (name, encoding, newline) in enumerate(encodings):
        page = next(gen.iter_pages(2, seed=200 + n, per_page=2, papers=1))
        text = page.text.replace("\n", newline)
        try:
            (folder / name).write_bytes(text.encode(encoding))
        except UnicodeEncodeError:  # a character GBK lacks: the generator picked it, skip that page
            continue
        titles += [a.title for a in page.articles]
    need("articles")
    result = kg("articles", "--json", folder)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert_titles(result.stdout, titles)


def test_one_line_of_50_mb(tmp_path, good_page):
    bad = tmp_path / "huge.txt"
    chunk = ("市委书记在会上强调要切实做好各项工作" * 1000).encode("utf-8")  # 57 KB, no newline
    with open(bad, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    assert bad.stat().st_size >= 50 * 1024 * 1024
    articles_then_build(tmp_path, [write_good(tmp_path, good_page), bad], bad, good_page[1])


def test_malformed_jsonl_lines(tmp_path, good_page):
    records = [{"title": f"第{i}条新闻标题", "date": f"2022-06-1{i}", "source": "某某日报",
                "text": f"本报讯 6月1{i}日,副市长王某某出席第{i}次会议。"} for i in range(1, 6)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(1, '{"title": "断掉的一行", "text": ')          # line 2: cut JSON
    lines.insert(3, "[1, 2, 3]")                                  # line 4: not an object
    lines.insert(5, json.dumps({"title": "没有正文"}, ensure_ascii=False))  # line 6: no text
    lines.insert(7, "garbage}{")                                  # line 8: garbage
    bad = tmp_path / "crawl.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles_then_build(tmp_path, [write_good(tmp_path, good_page), bad], bad,
                        good_page[1] + [r["title"] for r in records])
    stderr = kg("articles", "--json", bad).stderr

    def named(number: int) -> bool:
        at = re.compile(rf"{re.escape(bad.name)}(:| line | 第)\s*{number}\b")
        return any(at.search(line) for line in stderr.splitlines())

    for number in (2, 4, 6, 8):
        assert named(number), f"line {number} of {bad.name} is not named; stderr:\n{stderr}"
    for number in (1, 3, 5, 7, 9):  # the good lines are not
        assert not named(number), stderr


def test_jsonl_line_with_nul_bytes_loses_only_that_line(tmp_path):
    """A crawler export with one corrupt line (NUL bytes in it) is still text: that line
    is skipped by number, the other records load."""
    records = [{"title": f"第{i}篇报道", "date": "2022-06-15", "source": "某某日报",
                "text": f"本报讯 6月15日,第{i}次会议召开。"} for i in range(1, 4)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(1, "\x00\x00\x01\x02{broken")
    bad = tmp_path / "export.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    need("articles")
    result = kg("articles", "--json", bad)
    assert result.returncode == EXIT_SKIPPED, (result.returncode, result.stderr[-2000:])
    assert re.search(rf"{re.escape(bad.name)}(:| line | 第)\s*2\b", result.stderr), result.stderr
    assert_titles(result.stdout, [r["title"] for r in records])


def test_page_with_no_recognisable_article(tmp_path, good_page):
    bad = tmp_path / "furniture.txt"
    bad.write_text("\n\n02 | 要闻\n\n导读\n\n——\n\n3\n\n", encoding="utf-8")
    articles_then_build(tmp_path, [write_good(tmp_path, good_page), bad], bad, good_page[1])


def test_missing_path_is_named(tmp_path, good_page):
    bad = tmp_path / "no-such-file.txt"
    need("articles")
    result = kg("articles", "--json", write_good(tmp_path, good_page), bad)
    assert result.returncode in (EXIT_SKIPPED, 1, 2), result.returncode
    assert_named_once(result, bad)


def test_only_bad_input_builds_nothing_and_says_so(tmp_path):
    need("build")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = kg("build", bad, "--store", tmp_path / "store")
    assert result.returncode != 0
    assert_named_once(result, bad)
