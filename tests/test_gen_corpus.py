"""The benchmark corpus generator: deterministic, the counts asked for, pages in the seed style."""
from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"))


def test_same_seed_gives_the_same_bytes(tmp_path):
    gen.generate(300, tmp_path / "a", seed=7, jsonl=tmp_path / "a.jsonl")
    gen.generate(300, tmp_path / "b", seed=7, jsonl=tmp_path / "b.jsonl")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_another_seed_gives_another_corpus(tmp_path):
    gen.generate(100, tmp_path / "a", seed=1)
    gen.generate(100, tmp_path / "b", seed=2)
    a = "".join(p.read_text(encoding="utf-8") for p in _pages(tmp_path / "a"))
    b = "".join(p.read_text(encoding="utf-8") for p in _pages(tmp_path / "b"))
    assert a != b


@pytest.mark.parametrize("articles,per_page,papers", [(1, 6, 1), (250, 6, 2), (101, 4, 3)])
def test_counts(tmp_path, articles, per_page, papers):
    m = gen.generate(articles, tmp_path, seed=1, per_page=per_page, papers=papers, jsonl=tmp_path / "x.jsonl")
    pages = _pages(tmp_path)
    assert len(pages) == m.pages == math.ceil(articles / per_page)
    assert len(m.papers) == papers
    assert len({p.parent.name for p in pages}) == min(papers, len(pages))
    # one JSON line per article, in the crawler export shape
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == articles
    assert all(set(r) == {"title", "date", "source", "text"} and r["text"] for r in records)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == articles and manifest["pages"] == len(pages)


def test_pages_look_like_the_real_ones(tmp_path):
    gen.generate(600, tmp_path, seed=3)
    text = "\n".join(p.read_text(encoding="utf-8") for p in _pages(tmp_path))
    assert re.search(r"本报讯[（(]记者 ?\S+", text)                    # bylines
    assert re.search(r"□?本报记者 ?\S+ 通讯员", text)
    assert re.search(r"\d{1,2}月\d{1,2}日[，,]", text) and "昨日" in text  # datelines without a year
    assert re.search(r"市委常委、常务副市长\w{2,3}", text)             # compound titles
    assert re.search(r"副市长\w{2,3}、\w{2,3}", text)                  # enumerations under one title
    assert re.search(r"^\d\d \| \S+$", text, re.M)                     # page furniture
    assert re.search(r"第\d+期", text)                                 # masthead issue
    assert re.search(r"总投资\d+(\.\d)?亿元", text)                    # signings with investment
    assert "（下转第二版）" in text or "(下转第二版)" in text
    # both OCR punctuation styles occur (one per paper)
    assert "本报讯(" in text and "本报讯（" in text


def test_many_distinct_people(tmp_path):
    m = gen.generate(2000, tmp_path, seed=1)
    assert m.distinct_persons > 500


def test_cli_writes_pages_and_refuses_nonsense(tmp_path, capsys):
    assert gen.main(["--articles", "20", "--out", str(tmp_path / "c"), "--seed", "1", "--per-page", "5"]) == 0
    assert len(_pages(tmp_path / "c")) == 4
    assert "wrote 20 articles" in capsys.readouterr().out
    assert gen.main(["--articles", "0", "--out", str(tmp_path / "d")]) == 1
    assert "error:" in capsys.readouterr().err


def test_pages_parse_into_about_the_requested_number_of_articles(tmp_path):
    reader = pytest.importorskip("loaders.reader", reason="loaders.reader is not written yet")
    if not hasattr(reader, "read_text"):
        pytest.skip("loaders.reader.read_text is not there yet")
    gen.generate(240, tmp_path, seed=5)
    total = 0
    for page in _pages(tmp_path):
        total += len(reader.read_text(page.read_text(encoding="utf-8"), file=str(page)))
    assert 0.85 * 240 <= total <= 1.15 * 240, total
