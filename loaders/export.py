"""Exports of a built store: triples and entities JSONL (contracts in the product brief),
GraphML for Gephi, and CSV files in the header format of `neo4j-admin database import`.

Every export is sorted and written from the store's records alone, so the same store
gives the same bytes, and rebuilding the same pages gives the same store.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from kg.graph.records import EdgeRecord, NodeRecord
from kg.graph.schema import EVENT, MENTIONED_IN, PROVENANCE

FORMATS = ("triples", "entities", "graphml", "csv")


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _ref(node: NodeRecord | None, node_id: str) -> dict[str, Any]:
    if node is None:
        return {"type": node_id.split(":", 1)[0], "name": node_id}
    ref = {"type": node.label, "name": node.prop("name")}
    if node.label == EVENT:
        ref["date"] = node.prop("date")
    return ref


def triple_rows(store) -> list[dict[str, Any]]:
    """One dict per fact (every relationship but MENTIONED_IN), in export order."""
    nodes = {n.id: n for n in store.nodes()}
    rows = []
    for e in store.edges():
        if e.type == MENTIONED_IN:
            continue
        props = dict(e.props)
        row: dict[str, Any] = {"subject": _ref(nodes.get(e.source), e.source),
                               "predicate": e.type,
                               "object": _ref(nodes.get(e.target), e.target)}
        for k in sorted(props):
            if k not in PROVENANCE:
                row[k] = _plain(props[k])
        for k in PROVENANCE:
            row[k] = props.get(k)
        rows.append(row)
    rows.sort(key=lambda r: (str(r["article"]), r["predicate"], r["subject"]["type"],
                             str(r["subject"]["name"]), r["object"]["type"],
                             str(r["object"]["name"]), _dump(r)))
    return rows


def write_triples(store, out: TextIO) -> int:
    rows = triple_rows(store)
    for row in rows:
        out.write(_dump(row) + "\n")
    return len(rows)


def write_entities(store, out: TextIO) -> int:
    """One line per node: id, type, name, properties, mentions (articles naming it)."""
    rows = []
    mentions = store.mention_counts()
    for n in store.nodes():
        props = {k: _plain(v) for k, v in n.props if k != "name"}
        rows.append({"id": n.id, "type": n.label, "name": n.prop("name"),
                     "properties": props, "mentions": mentions.get(n.id, 0)})
    rows.sort(key=lambda r: (r["type"], str(r["name"]), r["id"]))
    for row in rows:
        out.write(_dump(row) + "\n")
    return len(rows)


# ---------------------------------------------------------------- GraphML
def _scalar(key: str, value: Any) -> Any:
    # Gephi reads scalars only; lists become one string, numbers stay numbers
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if key in ("confidence",) and isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else str(value)


def write_graphml(store, path: str | Path) -> tuple[int, int]:
    import networkx as nx
    graph = nx.MultiDiGraph()
    mentions = store.mention_counts()
    for n in store.nodes():
        attrs = {k: _scalar(k, v) for k, v in n.props if v is not None}
        attrs["label"] = n.label
        attrs["mentions"] = mentions.get(n.id, 0)
        graph.add_node(n.id, **attrs)
    for e in store.edges():
        attrs = {k: _scalar(k, v) for k, v in e.props if v is not None}
        attrs["type"] = e.type
        graph.add_edge(e.source, e.target, key=e.id, **attrs)
    nx.write_graphml(graph, str(path), encoding="utf-8", prettyprint=True)
    return graph.number_of_nodes(), graph.number_of_edges()


# ---------------------------------------------------------------- neo4j-admin CSV
_ARRAY_DELIMITER = ";"


def _column_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {tuple}:
        return "string[]"
    if kinds and kinds <= {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        # the array delimiter cannot be escaped in neo4j-admin; a full-width one keeps the text
        return _ARRAY_DELIMITER.join(str(v).replace(_ARRAY_DELIMITER, "；") for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, tuple):
        return _ARRAY_DELIMITER.join(map(str, value))
    return str(value)


def _write_csv(path: Path, fixed: list[str], fixed_rows: list[list[str]],
               props: list[dict[str, Any]]) -> None:
    keys = sorted({k for p in props for k in p}, key=lambda k: (k != "name", k))
    kinds = {k: _column_type(p.get(k) for p in props) for k in keys}
    header = fixed + [k if kinds[k] == "string" else f"{k}:{kinds[k]}" for k in keys]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for head, p in zip(fixed_rows, props):
            writer.writerow(head + [_cell(p.get(k), kinds[k]) for k in keys])


def write_csv(store, out_dir: str | Path) -> list[Path]:
    """nodes_<Label>.csv and rels_<TYPE>.csv plus the neo4j-admin command that loads them."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    mentions = store.mention_counts()
    by_label: dict[str, list[NodeRecord]] = {}
    for n in store.nodes():
        by_label.setdefault(n.label, []).append(n)
    for label in sorted(by_label):
        nodes = by_label[label]
        path = out / f"nodes_{label}.csv"
        props = []
        for n in nodes:
            p = dict(n.props)
            p["mentions"] = mentions.get(n.id, 0)
            props.append(p)
        _write_csv(path, ["id:ID", ":LABEL"], [[n.id, n.label] for n in nodes], props)
        written.append(path)
    by_type: dict[str, list[EdgeRecord]] = {}
    for e in store.edges():
        by_type.setdefault(e.type, []).append(e)
    for rel in sorted(by_type):
        edges = by_type[rel]
        path = out / f"rels_{rel}.csv"
        props = []
        for e in edges:
            p = dict(e.props)
            p["id"] = e.id
            props.append(p)
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE"], [[e.source, e.target, e.type] for e in edges], props)
        written.append(path)
    command = ["neo4j-admin database import full neo4j --overwrite-destination",
               "--multiline-fields=true", f"--array-delimiter='{_ARRAY_DELIMITER}'"]
    command += [f"--nodes={p.name}" for p in written if p.name.startswith("nodes_")]
    command += [f"--relationships={p.name}" for p in written if p.name.startswith("rels_")]
    readme = out / "IMPORT.txt"
    readme.write_text("# run in this directory, with the Neo4j server stopped:\n"
                      + " \\\n  ".join(command) + "\n", encoding="utf-8")
    written.append(readme)
    return written


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise ValueError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    return name

