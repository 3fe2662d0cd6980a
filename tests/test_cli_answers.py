"""The research commands through the real CLI: formats (table, JSON lines, CSV, Excel),
filters, errors as one line, KG_STORE, full width when piped; and readable help for every
command (types in words, help text never eaten as markup)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.answers.careers import COLUMNS as CAREER_COLUMNS
from kg.cli import app
from kg.common import ReadableGroup
from kg.graph.ingest import resolve_into
from kg.graph.writer import BuildWriter
from kg.resolution.resolve import localise
from tests.graph_samples import samples
from tests.test_answers import PAGE_2022, signing_samples

REPO = Path(__file__).resolve().parents[1]


def kg(*args, env=None, columns: str | None = "200"):
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "KG_STORE")}
    if columns:
        environ["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env={**environ, **(env or {})})


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-answers")
    with BuildWriter(path) as w:
        for x in [*samples(), *signing_samples()]:
            w.put(localise(x))
        resolve_into(w)
    return path


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- careers
def test_careers_as_csv_json_and_excel_hold_the_same_rows(store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is the research extra")
    run = kg("careers", "--csv", "--store", store)
    assert run.returncode == 0, run.stderr
    rows = csv_rows(run.stdout)
    assert list(rows[0]) == list(CAREER_COLUMNS)
    assert {"person": "赵鹏", "title": "副市长", "organization": "许昌市人民政府", "first_seen": "2022-06-15"}.items() \
        <= next(r for r in rows if r["person"] == "赵鹏").items()

    lines = [json.loads(l) for l in kg("careers", "--json", "--store", store).stdout.splitlines()]
    assert [(l["person"], l["title"], l["first_seen"] or "") for l in lines] == \
           [(r["person"], r["title"], r["first_seen"]) for r in rows]

    target = tmp_path / "careers.xlsx"
    run = kg("careers", "--out", target, "--store", store)
    assert run.returncode == 0 and f"{len(rows)} rows -> {target}" in run.stderr
    sheet = openpyxl.load_workbook(target).active
    table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert table[0] == list(CAREER_COLUMNS)
    assert table[1:] == [[r[c] for c in CAREER_COLUMNS] for r in rows]
    assert sheet.freeze_panes == "A2"


def test_careers_filters_and_the_table(store):
    run = kg("careers", "--city", "洛阳", "--csv", "--store", store)
    assert {r["city"] for r in csv_rows(run.stdout)} == {"洛阳市"}
    run = kg("careers", "--from", "2022-06-16", "--csv", "--store", store)
    assert {r["person"] for r in csv_rows(run.stdout)} == {"马正兰"}     # 张庄村's cadre, seen on the 16th
    run = kg("careers", "--person", "赵鹏", "--store", store)
    assert run.returncode == 0 and "副市长" in run.stdout and "许昌市人民政府" in run.stdout
    run = kg("careers", "--limit", "1", "--store", store)
    assert run.returncode == 0 and "--limit 0 prints all" in run.stderr


@pytest.mark.parametrize("args, message", [
    (("careers", "--from", "2022-13-01"), "bad date for --from: '2022-13-01' (expected YYYY-MM-DD)"),
    (("careers", "--from", "2022-06-02", "--to", "2022-06-01"), "--from 2022-06-02 is after --to 2022-06-01"),
    (("careers", "--json", "--csv"), "--json and --csv both given; pick one"),
    (("careers", "--out", "careers.txt"), "cannot tell the format of careers.txt: name it .csv, .jsonl or .xlsx"),
    (("top", "mayors"), "unknown ranking 'mayors'; choose one of chairs, speakers, attendees, organizations, "
                        "districts"),
    (("search", "马", "--type", "会议"), "unknown node type '会议'"),
])
def test_bad_input_is_one_line_and_exit_2(store, args, message):
    run = kg(*args, "--store", store)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and message in run.stderr


def test_a_store_from_kg_store_and_a_missing_one(store, tmp_path):
    run = kg("careers", "--csv", env={"KG_STORE": str(store)})
    assert run.returncode == 0 and "赵鹏" in run.stdout
    run = kg("top", "chairs", "--store", tmp_path / "nothing")
    assert run.returncode == 1 and "no store at" in run.stderr and "Traceback" not in run.stderr


def test_a_piped_table_is_never_cut(store):
    run = kg("careers", "--store", store, columns=None)   # stdout is a pipe, COLUMNS unset
    assert run.returncode == 0
    widest = max(len(line) for line in run.stdout.splitlines())
    assert widest > 120
    assert "市委副书记、政法委书记马正兰出席会议并讲话,副市长赵鹏主持会议。" in run.stdout


# ---------------------------------------------------------------- the other answers
def test_top_coappear_and_signings(store):
    chairs = [json.loads(l) for l in kg("top", "chairs", "--json", "--store", store).stdout.splitlines()]
    assert [(c["rank"], c["name"], c["count"]) for c in chairs] == [(1, "赵鹏", 1)]
    run = kg("coappear", "赵鹏", "--csv", "--store", store)
    assert [(r["name"], r["events"], r["roles"]) for r in csv_rows(run.stdout)] == [("马正兰", "1", "出席×1、讲话×1")]
    run = kg("coappear", "王五", "--store", store)
    assert run.returncode == 1 and run.stderr.strip() == "error: no person named 王五 in the store"
    run = kg("signings", "--by-district", "--json", "--store", store)
    assert [json.loads(l) for l in run.stdout.splitlines()] == [{"district": "魏都区", "signings": 2}]
    run = kg("signings", "--store", store)
    assert run.returncode == 0 and "新材料产业园项目" in run.stdout and "20亿元" in run.stdout


def test_stats_keeps_journalists_out_of_the_officials(store):
    run = kg("stats", "--json", "--store", store)
    stats = json.loads(run.stdout)
    assert stats["persons"]["journalist"] == 2
    assert "武芳" not in {o["name"] for o in stats["officials"]}
    assert "武芳" in {j["name"] for j in stats["journalists"]}
    run = kg("stats", "--store", store)
    assert "most active officials" in run.stdout and "most active journalists" in run.stdout


def test_person_header_and_lines(store):
    run = kg("person", "赵鹏", "--store", store)
    first = run.stdout.splitlines()[0]
    assert "2 articles, 1 event" in first and "(1 articles)" not in run.stdout
    assert "主持、讲话 全市中招考试安全工作视频会" in run.stdout
    run = kg("person", "马正兰", "--city", "洛阳", "--store", store)
    assert "1 article, 1 event" in run.stdout.splitlines()[0]
    data = json.loads(kg("person", "赵鹏", "--json", "--store", store).stdout)
    assert data["summary"]["events"] == 1 and data["timeline"][0]["roles"] == ["主持", "讲话"]


def test_search_takes_chinese_type_names(store):
    english = kg("search", "马", "--type", "Person", "--json", "--store", store).stdout
    assert english and kg("search", "马", "--type", "人物", "--json", "--store", store).stdout == english


# ---------------------------------------------------------------- help
def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


RAW_TYPE = re.compile(r"<(list\[|bool>|str>|path>|int|float|text>)")


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_help_of_every_command_shows_types_in_words_and_its_help_text():
    root = typer.main.get_command(app)
    runner = CliRunner()
    seen = 0
    for path, command in _commands(root):
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "250", "TERMINAL_WIDTH": "250"})
        assert result.exit_code == 0, (path, result.output)
        assert not RAW_TYPE.search(result.output), (path, RAW_TYPE.search(result.output))
        flat = _flat(result.output)
        for param in command.params:
            if param.help:
                assert _flat(param.help) in flat, (path, param.help)
        seen += 1
    assert seen > 20


def test_help_text_with_brackets_is_shown_as_written():
    # typer alone prints "A URI ." and "Connect now.": rich reads the brackets as markup
    demo = typer.Typer(cls=ReadableGroup)

    @demo.command()
    def run(uri: str = typer.Option("x", "--uri", help="A URI [env NEO4J_URI; bolt://localhost:7687].")) -> None:
        """Connect [bold]now[/bold]."""

    @demo.command()
    def other() -> None:
        """Another command (so the group keeps its subcommands)."""

    result = CliRunner().invoke(demo, ["run", "--help"], env={"COLUMNS": "200"})
    assert "A URI [env NEO4J_URI; bolt://localhost:7687]." in result.output
    assert "Connect [bold]now[/bold]." in result.output
    assert "<str>" not in result.output     # typer's own view of the type, without the fix


def test_version():
    run = kg("--version")
    assert run.returncode == 0 and re.fullmatch(r"kg \S+\n", run.stdout)


def test_build_summary_as_json(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE_2022, encoding="utf-8")
    run = kg("build", page, "--date", "2022-03-01", "--city", "许昌市", "--store", tmp_path / "s", "--jobs", "1",
             "--no-progress", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert (summary["articles"], summary["total_articles"], summary["skipped"]) == (1, 1, 0)
    assert summary["labels"]["Person"] >= 2 and summary["facts"] == sum(
        n for t, n in summary["types"].items() if t != "MENTIONED_IN")
