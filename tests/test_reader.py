"""Files -> articles: encodings detected, bad files skipped with one clear reason, CLI."""
from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.common import EXIT_SKIPPED
from kg.graph.records import Article, ReadProblem
from kg.reading.reader import read_paths

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"
PAGE = (SAMPLE / "page_01.txt").read_text(encoding="utf-8")


def _split(items):
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    return articles, problems


def _shape(articles):
    return [(a.title, a.subtitle, a.body, a.date, a.page_date, a.newspaper, a.city, a.reporters) for a in articles]


ENCODINGS = {
    "utf8": lambda t: t.encode("utf-8"),
    "utf8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf16-bom-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf16-bom-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "gb18030-crlf": lambda t: t.replace("\n", "\r\n").encode("gb18030"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_gives_the_same_articles(tmp_path, name):
    reference, _ = _split(list(read_paths([SAMPLE / "page_01.txt"])))
    assert len(reference) >= 3
    target = tmp_path / "page_01.txt"
    target.write_bytes(ENCODINGS[name](PAGE))
    articles, problems = _split(list(read_paths([target])))
    assert problems == []
    assert _shape(articles) == _shape(reference)
    # Same file name and content: the same ids, whatever the encoding.
    assert [a.id for a in articles] == [a.id for a in reference]


@pytest.mark.parametrize("name", ["utf8", "utf8-bom", "gb18030", "utf16-bom-le", "crlf"])
def test_jsonl_in_every_encoding(tmp_path, name):
    text = (SAMPLE / "export.jsonl").read_text(encoding="utf-8")
    (tmp_path / "export.jsonl").write_bytes(ENCODINGS[name](text))
    articles, problems = _split(list(read_paths([tmp_path])))
    assert problems == []
    assert [a.title for a in articles] == ["临颍县召开春季植树造林动员会", "漯河市与豫中农业大学签署战略合作协议"]


def _bad_files(tmp_path: Path) -> dict[str, str]:
    """Bad files next to a good page; each with the words its message must contain."""
    shutil.copy(SAMPLE / "page_02.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "truncated.txt").write_bytes("会议召开。市长出席会议".encode()[:-1])
    with open(tmp_path / "huge.txt", "wb") as f:
        chunk = "会议召开".encode() * 4096
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    return {
        "empty.txt": "empty file",
        "binary.txt": "binary",
        "truncated.txt": "truncated UTF-8",
        "huge.txt": "too large",
    }


def test_bad_files_are_skipped_with_a_reason_and_the_rest_loads(tmp_path):
    expected = _bad_files(tmp_path)
    articles, problems = _split(list(read_paths([tmp_path])))
    by_file = {Path(p.file).name: p for p in problems}
    assert set(by_file) == set(expected)
    for name, words in expected.items():
        message = str(by_file[name])
        assert name in message and words in message, message
        assert "\n" not in message
    assert {Path(a.file).name for a in articles} == {"good.txt"}
    assert "宋立衡到召陵区调研重点项目建设" in [a.title for a in articles]


def test_gb18030_file_truncated_mid_character(tmp_path):
    (tmp_path / "gbk.txt").write_bytes("会议召开。市长出席会议".encode("gb18030")[:-1])
    shutil.copy(SAMPLE / "page_03.txt", tmp_path / "ok.txt")
    articles, problems = _split(list(read_paths([tmp_path])))
    assert len(problems) == 1 and "gbk.txt" in str(problems[0]) and "truncated GB18030" in str(problems[0])
    assert [Path(a.file).name for a in articles] == ["ok.txt"]


def test_malformed_jsonl_lines_are_skipped_by_line(tmp_path):
    good = (SAMPLE / "export.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [good[0], '{"title": "坏行", "text": ', "[1, 2]", '{"title": "无正文"}', "", good[1]]
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = _split(list(read_paths([tmp_path / "export.jsonl"])))
    assert [a.title for a in articles] == ["临颍县召开春季植树造林动员会", "漯河市与豫中农业大学签署战略合作协议"]
    assert [(p.line, p.reason.split(" ")[0]) for p in problems] == [(2, "invalid"), (3, "a"), (4, "no")]
    assert all("export.jsonl:" in str(p) for p in problems)


def test_jsonl_single_50mb_line_does_not_stop_the_file(tmp_path):
    good = (SAMPLE / "export.jsonl").read_text(encoding="utf-8").splitlines()
    with open(tmp_path / "export.jsonl", "w", encoding="utf-8") as f:
        f.write('{"title": "巨行", "text": "' + "字" * (18 * 1024 * 1024) + '"}\n')
        f.write(good[1] + "\n")
    articles, problems = _split(list(read_paths([tmp_path])))
    assert len(problems) == 1 and problems[0].line == 1 and "longer than" in problems[0].reason
    assert [a.title for a in articles] == ["漯河市与豫中农业大学签署战略合作协议"]


def test_jsonl_fields_date_source_extra():
    articles, _ = _split(list(read_paths([SAMPLE / "export.jsonl"])))
    first = articles[0]
    assert first.source == "漯河日报" and first.newspaper == "漯河日报" and first.city == "漯河市"
    assert first.page_date == "2023-03-09" and first.date == "2023-03-08"  # 昨日
    assert dict(first.extra)["url"] == "https://example.org/a/1"
    assert first.reporters == ("韩雪松",) and "本报讯" not in first.body
    # --date is the paper's date when the page has none; it beats the JSONL field.
    again, _ = _split(list(read_paths([SAMPLE / "export.jsonl"], date="2023-04-02")))
    assert again[0].page_date == "2023-04-02" and again[0].date == "2023-04-01"


def test_directories_are_walked_recursively_and_streamed(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(SAMPLE / "page_01.txt", tmp_path / "a" / "b" / "p1.txt")
    shutil.copy(SAMPLE / "page_03.txt", tmp_path / "a" / "p3.txt")
    (tmp_path / "a" / "notes.md").write_text("not a page", encoding="utf-8")
    stream = read_paths([tmp_path])
    first = next(stream)  # a generator: the first article comes before the rest is read
    assert isinstance(first, Article)
    rest = list(stream)
    assert {Path(a.file).name for a in [first, *rest]} == {"p1.txt", "p3.txt"}


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    _, problems = _split(list(read_paths([tmp_path / "nope.txt", tmp_path / "empty"])))
    assert [p.reason for p in problems] == ["no such file or directory", "no .txt or .jsonl files in this directory"]


runner = CliRunner()


def test_cli_articles_table_and_exit_status(tmp_path):
    shutil.copy(SAMPLE / "page_01.txt", tmp_path / "p1.txt")
    result = runner.invoke(app, ["articles", str(tmp_path)])
    assert result.exit_code == 0, result.output
    articles, _ = _split(list(read_paths([tmp_path])))
    assert all(a.id in result.output for a in articles)  # ids never wrap
    assert "2023-03-07" in result.output and f"{len(articles)} articles" in result.output
    (tmp_path / "bad.txt").write_bytes(b"")
    result = runner.invoke(app, ["articles", str(tmp_path)])
    assert result.exit_code == EXIT_SKIPPED
    assert "bad.txt" in result.output and "empty file" in result.output


def test_cli_articles_json():
    result = runner.invoke(app, ["articles", "--json", "--city", "许昌", str(SAMPLE / "page_02.txt")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["title"] for r in records][:1] == ["宋立衡到召陵区调研重点项目建设"]
    assert {r["city"] for r in records} == {"许昌市"}
    assert records[0]["reporters"] == ["庞晓川"] and records[0]["body"]


def test_cli_rejects_a_bad_date():
    result = runner.invoke(app, ["articles", "--date", "yesterday", str(SAMPLE)])
    assert result.exit_code == 2


def test_bytes_read_as_the_file_they_came_from(tmp_path):
    # Spark hands the reader a remote file's bytes and name (reading.reader.read_bytes):
    # the articles and the problems must be the ones read_file gives for the same file.
    from kg.reading.reader import read_bytes, read_file
    page = tmp_path / "xcrb-20220616-02.txt"
    page.write_text("许昌日报\n2022年6月16日\n市政府召开常务会议\n6月15日，市长刘涛主持召开市政府常务会议。\n",
                    encoding="gb18030")
    records = tmp_path / "feed.jsonl"
    records.write_text(json.dumps({"title": "区委召开全会", "text": "区委书记李明主持会议。", "date": "2023-01-05"},
                                  ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path in (page, records, empty):
        expected = list(read_file(path))
        assert list(read_bytes(path.read_bytes(), name=str(path))) == expected
        assert expected   # an article, or a problem naming the file
    assert any(isinstance(a, Article) for a in read_bytes(records.read_bytes(), name=str(records)))
    assert [p.line for p in read_bytes(records.read_bytes(), name=str(records)) if isinstance(p, ReadProblem)] == [2]
