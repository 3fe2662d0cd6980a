"""The house rules of the code base, checked rather than hoped for (docs/architecture.md).

- Installing the project adds one import package, `kg`, and nothing else.
- Imports follow the data flow: reading -> extraction -> resolution -> graph and store ->
  loaders -> queries, views, answers; evaluation apart; the CLI on top. No cycles.
- No module reaches into another's private names.
- Labels and relationship types are spelled only in graph/schema.py.
"""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from kg.graph import schema

REPO = Path(__file__).resolve().parents[1]

# Rank of each part of the namespace in the flow; a module may import its own rank or lower.
# The graph model's vocabulary (schema, records, elements), the lexicons and the progress bar are
# what every stage speaks, so they sit below the first stage.
RANKS = {
    "kg.graph.schema": 0, "kg.graph.elements": 0, "kg.graph.records": 0, "kg.lexicons": 0, "kg.progress": 0,
    "kg.reading": 1,
    "kg.extraction": 2,
    "kg.resolution": 3,
    "kg.graph": 4,
    "kg.loaders": 5,
    "kg.queries": 6, "kg.views": 6, "kg.answers": 6,
    "kg.evaluation": 7,
    "kg": 8,  # the CLI: kg.cli, kg.cmd_*, kg.common, kg.options
}


def package_dirs() -> dict[str, str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-dir"]


def modules() -> dict[str, Path]:
    """Every module of the namespace, by dotted name, from the package-dir mapping."""
    found: dict[str, Path] = {}
    for package, folder in package_dirs().items():
        root = REPO / folder
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if package == "kg" and len(parts) > 1:
                continue  # kg/ holds only the CLI's flat modules
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def rank(module: str) -> int:
    best = max((p for p in RANKS if module == p or module.startswith(p + ".")), key=len)
    return RANKS[best]


def imports(path: Path, module: str, known: dict[str, Path]) -> list[tuple[str, int, list[str]]]:
    """(imported kg module, line, names imported from it) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno, []) for a in node.names if a.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: climb level - 1 packages from this one
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if base.split(".")[0] != "kg":
                continue
            plain = []
            for alias in node.names:
                if f"{base}.{alias.name}" in known:  # `from kg.views import style`: a module
                    out.append((f"{base}.{alias.name}", node.lineno, []))
                else:
                    plain.append(alias.name)
            if plain:
                out.append((base, node.lineno, plain))
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, list[tuple[str, int, list[str]]]]:
    known = modules()
    return {name: imports(path, name, known) for name, path in known.items()}


def test_the_mapping_covers_every_stage_folder():
    folders = set(package_dirs().values())
    assert {"graph", "loaders", "queries"} <= folders          # the design card's folders
    for folder in folders:
        assert (REPO / folder / "__init__.py").is_file(), folder
    assert set(modules()) >= {"kg.cli", "kg.reading.reader", "kg.extraction.extract", "kg.resolution.resolve",
                              "kg.graph.store", "kg.loaders.neo4j_writer", "kg.queries.runner",
                              "kg.views.rendering", "kg.answers.timeline", "kg.evaluation.gold"}


def test_imports_follow_the_data_flow(graph):
    against = []
    for module, targets in graph.items():
        for target, line, _ in targets:
            if target.startswith("kg") and rank(target) > rank(module):
                against.append(f"{module}:{line} imports {target} (rank {rank(target)} > {rank(module)})")
    assert against == []


def test_nothing_in_the_pipeline_imports_evaluation_or_the_cli(graph):
    for module, targets in graph.items():
        if rank(module) < RANKS["kg.evaluation"]:
            assert not [t for t, _, _ in targets if rank(t) >= RANKS["kg.evaluation"]], module


def test_no_import_cycles(graph):
    known = set(graph)
    edges = {m: sorted({t for t, _, _ in targets if t in known and t != m}) for m, targets in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_private_name_is_imported_from_another_module(graph):
    private = [f"{m}:{line} takes {t}.{n}" for m, targets in graph.items() for t, line, names in targets
               for n in names if n.startswith("_")]
    assert private == []


def test_no_private_attribute_of_an_imported_module_is_used():
    known = modules()
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
                aliases |= {a.asname or a.name for a in node.names if f"{node.module}.{a.name}" in known}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert found == []


def test_labels_and_relationship_types_are_spelled_only_in_the_schema():
    names = set(schema.NODE_LABELS) | set(schema.REL_TYPES)
    found = []
    for module, path in modules().items():
        # The schema defines them; evaluation maps the gold files' own vocabulary onto them.
        if module == "kg.graph.schema" or module.startswith("kg.evaluation"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{module}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_wheel_installs_only_the_kg_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "-w", str(tmp_path), str(REPO)], check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"kg"}
    # The data the code reads at run time travels with it.
    assert "kg/lexicons/titles.txt" in names
    assert "kg/extraction/ner/models/ner_crf.crfsuite" in names
    assert "kg/queries/person_timeline.cypher" in names
    assert "kg/queries/style.grass" in names and "kg/queries/guide.html" in names
