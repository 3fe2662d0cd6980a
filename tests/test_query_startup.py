"""`kg query` starts without what it does not use: the other command modules (the extractor's,
the views') and the driver's data-frame libraries. How fast: bench/query_startup.py.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
import typer
import typer.main

from kg import app as cli  # the tables and the typer app


@pytest.mark.parametrize(("argv", "modules"), [
    (["/venv/bin/kg", "query", "person_timeline"], ("kg.cmd_neo4j",)),
    (["kg", "-v", "queries"], ("kg.cmd_neo4j",)),
    (["kg", "query", "--help"], ("kg.cmd_neo4j",)),
    (["kg", "--help"], cli.COMMAND_MODULES),
    (["kg"], cli.COMMAND_MODULES),
    (["kg", "person", "query"], ("kg.cmd_graph",)),        # `query` is an argument here
    (["/work/kg/cli.py", "-q", "person", "马正兰"], ("kg.cmd_graph",)),   # python -m kg.cli
    (["kg", "view", "person", "马正兰"], ("kg.cmd_view",)),
    (["kg", "nonsense"], cli.COMMAND_MODULES),             # typer says what is wrong, with every command
    (["/usr/bin/pytest", "query"], cli.COMMAND_MODULES),   # not the kg script: everything
    ([], cli.COMMAND_MODULES),
])
def test_the_kg_script_registers_only_what_the_command_needs(argv, modules):
    assert cli.command_modules(argv) == modules


def test_each_command_is_registered_by_the_module_the_table_names():
    import importlib
    full = typer.main.get_command(cli.app)
    assert set(cli.COMMAND_MODULE) == set(full.commands)   # a new command must be in the table
    for command, module in cli.COMMAND_MODULE.items():
        alone = typer.Typer()
        alone.callback()(lambda: None)   # a group even when the module has one command
        importlib.import_module(module).register(alone)
        assert command in typer.main.get_command(alone).commands, (command, module)


def test_kg_query_imports_neither_the_extractor_nor_data_frames():
    # The script's command line, an unreachable server: the command runs as far as connecting.
    code = (
        "import sys\n"
        "sys.argv = ['kg', 'query', 'person_timeline', '--uri', 'bolt://127.0.0.1:9']\n"
        "import kg.cli\n"
        "try:\n    kg.cli.app()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "import numpy\nprint('numpy still imports', numpy.__name__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    out = done.stdout.splitlines()
    assert out[0] == "exit 1", done.stdout + done.stderr
    assert "cannot reach Neo4j" in done.stderr and "Traceback" not in done.stderr
    loaded = set(out[1].split())
    assert "neo4j" in loaded and "kg.cmd_neo4j" in loaded
    assert not loaded & {"numpy", "pandas", "pyarrow", "kg.cmd_extract", "kg.cmd_view", "kg.extraction.extract",
                         "kg.views", "jieba", "onnxruntime"}
    assert out[2] == "numpy still imports numpy"


def test_kg_options_names_the_default_store_without_importing_the_store():
    code = "import sys\nimport kg.options\nprint(kg.options.DEFAULT_STORE, 'kg.graph.store' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["kg-data", "False"], done.stderr


def kg_modules(*argv: str) -> tuple[subprocess.CompletedProcess, list[str], set[str]]:
    """Run the kg script's app with these arguments in a fresh interpreter: the run, its
    output lines before the last, and the modules loaded by the end."""
    code = (
        "import sys\n"
        f"sys.argv = {['kg', *argv]!r}\n"
        "import kg.cli\n"
        "try:\n    kg.cli.app()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    return done, lines[:-1], set(lines[-1].split()) if lines else set()


def test_kg_person_imports_only_its_command_module(tmp_path):
    done, out, loaded = kg_modules("person", "马正兰", "--store", str(tmp_path / "none"))
    assert out == ["exit 1"] and "no store at" in done.stderr, done.stdout + done.stderr
    assert "kg.cmd_graph" in loaded
    assert not loaded & {"kg.cmd_extract", "kg.cmd_view", "kg.cmd_neo4j", "kg.cmd_answers", "kg.cmd_read",
                         "kg.views", "jieba", "neo4j", "networkx"}


def test_kg_person_reads_a_store_without_loading_the_resolver_or_the_extractor(seed_store_dir):
    # Reading a store needs SQLite and the records; the resolver (and through it the
    # extractor's lexicons) is for writing one, and cost every lookup 0.15 s of start-up.
    done, out, loaded = kg_modules("person", "刘涛", "--store", str(seed_store_dir))
    assert "刘涛" in done.stdout and out[-1] == "exit 0" and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert "kg.graph.store" in loaded
    assert not {m for m in loaded if m.startswith(("kg.resolution", "kg.extraction", "kg.graph.increment"))}
