"""Exports of a built store: triples and entities JSONL (contracts in the product brief),
GraphML for Gephi, CSV files in the header format of `neo4j-admin database import`, and
the tables of the research answers (CSV, JSON lines, Excel).

Every export is sorted and written from the store's records alone, so the same store
gives the same bytes, and rebuilding the same pages gives the same store.

Join keys and dates, the same in every format: a fact's `article` is the id of its
article, and the Article node carries that id as its `article` property; each fact has
its `date` (its article's date). GraphML: a node's `label` is its name (what Gephi
draws), `node_type` its label in the schema; edges carry `date`, and `start`/`end` for
Gephi's timeline.
"""
from __future__ import annotations

import csv
import json
import logging
import os
import shlex
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO

from kg.graph import schema
from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import ARTICLE, EVENT, MENTIONED_IN, PROVENANCE

log = logging.getLogger(__name__)

FORMATS = ("triples", "entities", "graphml", "csv", "careers")
TABLE_FORMATS = ("csv", "jsonl", "xlsx")
# The Article node's property that holds the id facts give as `article` (the join key).
ARTICLE_KEY = "article"


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


class ArticleKeys:
    """Article node id <-> the article id facts carry, and each article's date."""

    def __init__(self, store, nodes: dict[str, NodeRecord] | None = None):
        self.by_node = {schema.node_id(ARTICLE, id=aid): aid for aid in store.article_ids()}
        articles = nodes.values() if nodes is not None else store.nodes(ARTICLE)
        self.dates = {self.by_node.get(n.id): n.prop("date") for n in articles if n.label == ARTICLE}

    def node_props(self, node: NodeRecord) -> tuple[tuple[str, Any], ...]:
        """A node's properties, an Article's with its id added as the join key."""
        if node.label != ARTICLE or node.id not in self.by_node:
            return node.props
        return tuple(sorted((*node.props, (ARTICLE_KEY, self.by_node[node.id]))))

    def date(self, edge: EdgeRecord) -> str | None:
        return self.dates.get(edge.prop("article"))


def triple_rows(store) -> list[dict[str, Any]]:
    """One dict per fact (every relationship but MENTIONED_IN), in export order."""
    nodes = {n.id: n for n in store.nodes()}
    keys = ArticleKeys(store, nodes)
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
        row["date"] = keys.date(e)   # the article's: joins to a period without a lookup
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
    keys = ArticleKeys(store)
    for n in store.nodes():
        props = {k: _plain(v) for k, v in keys.node_props(n) if k != "name"}
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
    """GraphML for Gephi: `label` is the name, `node_type` the schema label; edges carry
    `date` and the `start`/`end` of Gephi's timeline (a fact is a moment: both the date)."""
    import networkx as nx
    graph = nx.MultiDiGraph()
    mentions = store.mention_counts()
    keys = ArticleKeys(store)
    for n in store.nodes():
        attrs = {k: _scalar(k, v) for k, v in keys.node_props(n) if v is not None}
        attrs["label"] = str(n.prop("name") or n.id)
        attrs["node_type"] = n.label
        attrs["mentions"] = mentions.get(n.id, 0)
        graph.add_node(n.id, **attrs)
    for e in store.edges():
        attrs = {k: _scalar(k, v) for k, v in e.props if v is not None}
        attrs["type"] = e.type
        date = keys.date(e)
        if date:
            attrs["date"] = attrs["start"] = attrs["end"] = date
        graph.add_edge(e.source, e.target, key=e.id, **attrs)
    with atomic_file(path, "wb") as fh:
        nx.write_graphml(graph, fh, encoding="utf-8", prettyprint=True)
    return graph.number_of_nodes(), graph.number_of_edges()


# ---------------------------------------------------------------- neo4j-admin CSV
# Importing these files gives the database `kg load` gives: the properties are the loader's
# own rows (neo4j_writer.prepare: `id`, Article `article_id`, the nodes' `sources`, long
# names cut as the loader cuts them). Columns only for a reader of the file (the names of a
# relationship's ends, its date, a node's mention count) are typed IGNORE, which
# neo4j-admin skips. A string is always quoted, so "" is an empty text and an empty field
# is no property, as in the loader. One thing the format cannot say is an empty list: an
# empty array field imports as no property (loaders/neo4j_bulk.py sets those afterwards).
ARRAY_DELIMITER = ";"


def _column_type(values: Iterable[Any]) -> str:
    kinds: set[type] = set()
    items: set[type] = set()
    for value in values:
        if isinstance(value, list):
            kinds.add(list)
            items.update(type(v) for v in value)
        elif value is not None:
            kinds.add(type(value))
    if kinds == {list}:
        return {frozenset(): "string[]", frozenset({bool}): "boolean[]", frozenset({int}): "long[]",
                frozenset({int, float}): "double[]", frozenset({float}): "double[]"}.get(frozenset(items), "string[]")
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    if kinds and kinds != {str}:
        log.warning("CSV column of mixed types %s: imported as text", sorted(k.__name__ for k in kinds))
    return "string"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _cell_writer(kind: str, delimiter: str) -> Callable[[Any], str]:
    """The function that writes one cell of a column of this kind (chosen once per column:
    a store of 16k articles has millions of cells)."""
    if kind.endswith("[]"):
        # the array delimiter cannot be escaped in neo4j-admin: it is replaced inside items
        stand_in = "；" if delimiter == ";" else " "

        def array(value: Any) -> str:
            if value is None:
                return ""
            items = value if isinstance(value, list) else [value]
            return _quoted(delimiter.join(_scalar_text(v).replace(delimiter, stand_in) for v in items))
        return array
    if kind == "boolean":
        return lambda value: "" if value is None else ("true" if value else "false")
    if kind in ("long", "double"):   # the column holds ints (and floats) only: _column_type
        return lambda value: "" if value is None else repr(value)

    def text(value: Any) -> str:
        if value is None:
            return ""
        return _quoted(value if type(value) is str else _scalar_text(value))
    return text


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def _write_csv(path: Path, fixed: list[str], fixed_rows: list[list[str]], props: list[dict[str, Any]],
               ignored: list[dict[str, Any]], delimiter: str) -> None:
    keys = sorted({k for p in props for k in p}, key=lambda k: (k != "name", k))
    kinds = {k: _column_type(p.get(k) for p in props) for k in keys}
    extra = sorted({k for p in ignored for k in p})
    header = fixed + [_header(k, kinds[k]) for k in keys] + [f"{k}:IGNORE" for k in extra]
    columns = [(k, _cell_writer(kinds[k], delimiter)) for k in keys]
    text = _cell_writer("string", delimiter)
    with atomic_file(path) as fh:
        fh.write(",".join(_quoted(h) for h in header) + "\n")
        for head, p, more in zip(fixed_rows, props, ignored):
            cells = [_quoted(h) for h in head] + [cell(p.get(k)) for k, cell in columns]
            cells += [text(more.get(k)) for k in extra]
            fh.write(",".join(cells) + "\n")


def write_csv(store, out_dir: str | Path, *, array_delimiter: str = ARRAY_DELIMITER) -> list[Path]:
    """nodes_<Label>.csv and rels_<TYPE>.csv plus the neo4j-admin command that loads them
    (IMPORT.txt). The properties are exactly those `kg load` writes."""
    from kg.loaders.neo4j_writer import prepare
    keys = ArticleKeys(store)
    return write_prepared_csv(prepare(store.nodes(), store.edges()), out_dir, mentions=store.mention_counts(),
                              dates=keys.dates, array_delimiter=array_delimiter)


def write_prepared_csv(prepared: Any, out_dir: str | Path, *, mentions: dict[str, int],
                       dates: dict[str | None, Any], array_delimiter: str = ARRAY_DELIMITER) -> list[Path]:
    """The CSV files of the loader's rows (neo4j_writer.Prepared); `mentions` (by node id)
    and `dates` (by article id) fill the columns for readers."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    names = {row["id"]: str(row["props"].get("name") or "")
             for rows in prepared.nodes.values() for row in rows}
    for label in sorted(prepared.nodes):
        rows = prepared.nodes[label]
        path = out / f"nodes_{label}.csv"
        props = [{**row["props"], "sources": row["sources"]} for row in rows]
        _write_csv(path, ["id:ID", ":LABEL"], [[row["id"], label] for row in rows], props,
                   [{"mentions": mentions.get(row["id"], 0)} for row in rows], array_delimiter)
        written.append(path)
    by_type: dict[str, list[dict]] = {}
    for (rel, _, _), rows in sorted(prepared.edges.items()):
        by_type.setdefault(rel, []).extend(rows)
    for rel in sorted(by_type):
        rows = sorted(by_type[rel], key=lambda row: row["id"])
        path = out / f"rels_{rel}.csv"
        props = [{**row["props"], "id": row["id"]} for row in rows]
        # the names and the article's date are for a reader of the file
        readers = [{"start_name": names.get(row["source"], ""), "end_name": names.get(row["target"], ""),
                    "date": dates.get(row["props"].get("article"))} for row in rows]
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE"], [[row["source"], row["target"], rel] for row in rows],
                   props, readers, array_delimiter)
        written.append(path)
    readme = out / "IMPORT.txt"
    with atomic_file(readme) as fh:
        fh.write("# run in this directory, with the Neo4j server stopped:\n"
                 + " \\\n  ".join(["neo4j-admin database import full neo4j --overwrite-destination",
                                    *map(shlex.quote, import_options(written, array_delimiter))]) + "\n")
    written.append(readme)
    return written


def import_options(files: Iterable[Path], array_delimiter: str = ARRAY_DELIMITER) -> list[str]:
    """The options of `neo4j-admin database import full` that read these CSV files."""
    files = list(files)
    delimiter = array_delimiter if array_delimiter.isprintable() else f"U+{ord(array_delimiter):04X}"
    options = ["--multiline-fields=true", f"--array-delimiter={delimiter}"]
    options += [f"--nodes={p.name}" for p in files if p.name.startswith("nodes_")]
    options += [f"--relationships={p.name}" for p in files if p.name.startswith("rels_")]
    return options


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise ValueError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    return name



# ---------------------------------------------------------------- files, written whole or not at all
@contextmanager
def atomic_file(target: str | Path, mode: str = "w") -> Iterator[Any]:
    """A file that appears at `target` only once it is complete (temp file, then rename)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or Path("."))
    try:
        if "b" in mode:
            with os.fdopen(fd, mode) as fh:
                yield fh
        else:
            with os.fdopen(fd, mode, encoding="utf-8", newline="") as fh:
                yield fh
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------- research tables
def table_format(path: str | Path) -> str:
    """csv, jsonl or xlsx, from a file name's suffix (.json counts as JSON lines)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = {"json": "jsonl", "ndjson": "jsonl"}.get(suffix, suffix)
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"cannot tell the format of {path}: name it .csv, .jsonl or .xlsx")
    return fmt


def _cell_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def write_table_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([_cell_text(row.get(c)) for c in columns])
        n += 1
    return n


def write_table_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_table_xlsx(rows: Iterable[dict[str, Any]], columns: Sequence[str], path: str | Path,
                     sheet: str = "table") -> int:
    """An Excel workbook of one sheet: a bold, frozen header row, then one row per record."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise ValueError("writing .xlsx needs openpyxl: pip install 'kg-news[research]'") from None
    book = Workbook(write_only=True)   # streams rows: a table of the whole store stays small in memory
    ws = book.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    for i, column in enumerate(columns, 1):   # wide enough for the header and a short value
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(60, len(column) + 4))
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for row in rows:
        ws.append([_cell_text(row.get(c)) for c in columns])
        n += 1
    with atomic_file(path, "wb") as fh:
        book.save(fh)
    return n


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], path: str | Path,
                sheet: str = "table") -> int:
    """Rows into a file whose suffix says the format (.csv, .jsonl, .xlsx); returns the row count."""
    fmt = table_format(path)
    if fmt == "xlsx":
        return write_table_xlsx(rows, columns, path, sheet)
    with atomic_file(path) as fh:
        return write_table_csv(rows, columns, fh) if fmt == "csv" else write_table_jsonl(rows, fh)
