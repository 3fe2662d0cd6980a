"""The Cypher library in queries/*.cypher: list, parse and run the files.

Each file starts with a header of `//` comments that Neo4j Browser ignores:

    // Title: A person's timeline
    // Shows: what the rows mean (may go on over several lines)
    // Params:
    //   :param name => '马正兰'

The `:param` lines are exactly what a Browser user types to set the parameters; here
they also give each parameter's default value and type.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?)\s*;?\s*$")
_FIELD = re.compile(r"^(Title|Shows|Params)\b[^:]*:\s*(.*)$")


class QueryError(ValueError):
    """A query file or a parameter that cannot be used; the message names which."""


@dataclass(frozen=True)
class Query:
    name: str                          # file name without .cypher
    path: Path
    title: str
    shows: str
    params: tuple[tuple[str, Any], ...]  # (name, default) in header order
    cypher: str                        # the whole file (comments are valid Cypher)

    @property
    def defaults(self) -> dict[str, Any]:
        return dict(self.params)


def cypher_literal(text: str) -> Any:
    """The value of a simple Cypher literal as written after `:param x =>`."""
    text = text.strip()
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if text[:1] in ("'", '"'):
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise QueryError(f"cannot read the string literal {text}") from None
        if isinstance(value, str):
            return value
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise QueryError(f"cannot read the literal {text!r} (use 'text', a number, true/false or null)") from None


def parse(path: Path) -> Query:
    """Read a query file's header; a file without a title or with unused/undeclared
    parameters is an error (Browser users would meet it as a failing query)."""
    cypher = path.read_text(encoding="utf-8")
    title = ""
    shows: list[str] = []
    params: list[tuple[str, Any]] = []
    section = None
    for raw in cypher.splitlines():
        line = raw.strip()
        if not line.startswith("//"):
            if line:
                break  # the header ends at the first line of Cypher
            continue
        body = line[2:].strip()
        field = _FIELD.match(body)
        param = _PARAM.match(body)
        if field:
            section = field.group(1)
            if section == "Title":
                title = field.group(2).strip()
            elif section == "Shows" and field.group(2):
                shows.append(field.group(2).strip())
        elif param:
            params.append((param.group(1), cypher_literal(param.group(2))))
        elif section == "Shows" and body:
            shows.append(body)
    if not title:
        raise QueryError(f"{path.name}: the header has no '// Title:' line")
    used = set(re.findall(r"\$(\w+)", _strip_comments(cypher)))
    declared = {name for name, _ in params}
    if used - declared:
        raise QueryError(f"{path.name}: parameters {sorted(used - declared)} are used but not declared with :param")
    if declared - used:
        raise QueryError(f"{path.name}: parameters {sorted(declared - used)} are declared but not used")
    return Query(path.stem, path, title, " ".join(shows), tuple(params), cypher)


def _strip_comments(cypher: str) -> str:
    # Only whole-line comments are used in the library; `//` inside strings stays.
    return "\n".join(line for line in cypher.splitlines() if not line.strip().startswith("//"))


def list_queries(directory: Path = QUERY_DIR) -> list[Query]:
    return [parse(path) for path in sorted(directory.glob("*.cypher"))]


def get(name: str, directory: Path = QUERY_DIR) -> Query:
    path = directory / f"{name.removesuffix('.cypher')}.cypher"
    if not path.is_file():
        known = ", ".join(q.stem for q in sorted(directory.glob("*.cypher")))
        raise QueryError(f"no query named {name!r}; the library has: {known}")
    return parse(path)


def bind(query: Query, given: dict[str, str | Any]) -> dict[str, Any]:
    """Parameters for a run: the header's defaults, overridden by `given`.

    String values from the command line take the type of the default (20 -> int).
    """
    unknown = set(given) - set(query.defaults)
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {sorted(unknown)}; "
                         f"it takes {sorted(query.defaults) or 'none'}")
    params = dict(query.defaults)
    for key, value in given.items():
        default = query.defaults[key]
        if isinstance(value, str) and not isinstance(default, str) and default is not None:
            try:
                value = type(default)(value) if not isinstance(default, bool) else value.lower() in ("1", "true", "yes")
            except ValueError:
                raise QueryError(f"parameter {key!r} of {query.name!r} wants a {type(default).__name__}, "
                                 f"not {value!r}") from None
        params[key] = value
    return params


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """`key=value` strings (from --param) into a dict; the value may contain '='."""
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param wants key=value, not {pair!r}")
        result[key.strip()] = value
    return result


def plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths, temporal types) as JSON-friendly data."""
    from neo4j.graph import Node, Relationship
    from neo4j.graph import Path as GraphPath

    if isinstance(value, GraphPath):
        parts = [_node_text(value.nodes[0])]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            # A path's relationships always have both ends; None would be a driver bug.
            start = rel.start_node.element_id if rel.start_node is not None else None
            arrow = f"-[:{rel.type}]->" if start != node.element_id else f"<-[:{rel.type}]-"
            parts.append(arrow)
            parts.append(_node_text(node))
        return " ".join(parts)
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _node_text(node: Any) -> str:
    label = next(iter(sorted(node.labels)), "")
    return f"({label}:{node.get('name') or node.get('title') or node.get('id')})"


def run(query: Query, params: dict[str, Any], settings: Any = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a library query against Neo4j; returns (columns, rows of plain values)."""
    from neo4j import exceptions as ne

    from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings, connect, describe

    settings = settings or Neo4jSettings.from_env()
    with connect(settings) as driver:
        try:
            # Read-only by routing; the library has no writes.
            records, summary, keys = driver.execute_query(
                query.cypher, params, database_=settings.database, routing_="r")
        except (ne.Neo4jError, ne.DriverError) as exc:
            raise Neo4jLoadError(f"query {query.name!r}: {describe(exc, settings)}") from None
    return list(keys), [{key: plain(record[key]) for key in keys} for record in records]
