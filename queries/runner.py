"""The Cypher library in queries/*.cypher: list, parse and run the files users paste into Browser.

A file is what a Neo4j Browser user pastes and runs as it is:

    // Title: A person's timeline
    // Shows: what the rows mean (may go on over several `//` lines)
    :param name => '王堃';
    :param from_date => null;
    MATCH (p:Person {name: $name}) ...

The header comment, then one `:param` line per parameter (Browser runs each as a command of
its own because it ends with `;`), then the query. Here the `:param` values are the
parameters' defaults (and their types), and only the query is sent to the server.

A column named `graph` holds the picture Browser draws (paths or nodes); `kg query` leaves
it out of its table and prints it as text with --json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent

# The column a query returns its picture in (Browser draws it; the CLI table leaves it out).
GRAPH_COLUMN = "graph"

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.*?)\s*$")
_FIELD = re.compile(r"^(Title|Shows)\s*:\s*(.*)$")


class QueryError(ValueError):
    """A query file or a parameter that cannot be used; the message names which."""


@dataclass(frozen=True)
class Query:
    """One file of the library: its header, its `:param` defaults, and the query the server runs."""

    name: str
    path: Path
    title: str
    shows: str
    params: tuple[tuple[str, Any], ...]
    cypher: str   # the query alone, as the runner sends it
    text: str     # the whole file, as a Browser user pastes it

    @property
    def defaults(self) -> dict[str, Any]:
        return dict(self.params)


# --- Cypher literals: the values `:param name => value;` lines give ---------------------

_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_WORD = re.compile(r"[A-Za-z_]\w*")


class _Literal:
    """A recursive-descent reader of the Cypher literals a default may be: strings, numbers,
    true/false/null and lists of them (what Browser would evaluate to the same value)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, why: str) -> QueryError:
        return QueryError(f"cannot read the value {self.text!r}: {why} "
                          "(use 'text', a number, true/false, null or a [list])")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def value(self) -> Any:
        self.skip()
        if self.pos >= len(self.text):
            raise self.fail("it ends too early")
        char = self.text[self.pos]
        if char in "'\"":
            return self.string(char)
        if char == "[":
            return self.list()
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            digits = number.group()
            return float(digits) if any(c in digits for c in ".eE") else int(digits)
        word = _WORD.match(self.text, self.pos)
        if word and word.group().lower() in ("true", "false", "null"):
            self.pos = word.end()
            return {"true": True, "false": False, "null": None}[word.group().lower()]
        raise self.fail(f"unexpected {char!r}")

    def string(self, quote: str) -> str:
        out: list[str] = []
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == quote:
                self.pos += 1
                return "".join(out)
            if char == "\\":
                following = self.text[self.pos + 1:self.pos + 2]
                if following == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", self.text[self.pos + 2:self.pos + 6]):
                    out.append(chr(int(self.text[self.pos + 2:self.pos + 6], 16)))
                    self.pos += 6
                    continue
                if following not in _ESCAPES:
                    raise self.fail(f"unknown escape \\{following}")
                out.append(_ESCAPES[following])
                self.pos += 2
                continue
            out.append(char)
            self.pos += 1
        raise self.fail("a string is not closed")

    def list(self) -> list[Any]:
        items: list[Any] = []
        self.pos += 1
        self.skip()
        if self.text[self.pos:self.pos + 1] == "]":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            self.skip()
            char = self.text[self.pos:self.pos + 1]
            self.pos += 1
            if char == "]":
                return items
            if char != ",":
                raise self.fail("a list needs ',' between items and ']' at its end")


def cypher_literal(text: str) -> Any:
    """The value of a Cypher literal: 'text' (Cypher escapes), 12, 1.5, true, null, [..]."""
    reader = _Literal(text.strip())
    value = reader.value()
    reader.skip()
    if reader.pos != len(reader.text):
        raise reader.fail("something follows the value")
    return value


def cypher_text(value: Any) -> str:
    """A value as the Cypher literal that reads back as it (cypher_literal's inverse)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_text(v) for v in value) + "]"
    raise QueryError(f"no Cypher literal for {value!r}")


# --- files ---------------------------------------------------------------------------------

def _strip_comments(cypher: str) -> str:
    # Only whole-line comments are used in the library; `//` inside strings stays.
    return "\n".join(line for line in cypher.splitlines() if not line.strip().startswith("//"))


def parse_text(name: str, text: str, path: Path | None = None) -> Query:
    """Read a library file's text: header, `:param` lines, query. Anything Browser would run
    differently from the runner (a commented or unterminated `:param`, a parameter used but
    not set or set but not used, a second statement) is an error naming the file."""
    label = path.name if path else name
    title = ""
    shows: list[str] = []
    params: list[tuple[str, Any]] = []
    query_lines: list[str] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if query_lines:
            if line.startswith(":"):
                raise QueryError(f"{label}:{number}: a Browser command inside the query; "
                                 "every :param line goes before the query")
            query_lines.append(raw)
            continue
        if not line:
            continue
        if line.startswith("//"):
            body = line[2:].strip()
            if body.startswith(":param"):
                raise QueryError(f"{label}:{number}: ':param' inside a comment is not run by Browser; "
                                 "write it as its own line ending with ';'")
            field = _FIELD.match(body)
            if field and field.group(1) == "Title":
                title = field.group(2).strip()
            elif field:
                shows.append(field.group(2).strip())
            elif shows and body and not params:
                shows.append(body)   # Shows goes on over several comment lines
            continue
        if line.startswith(":"):
            param = _PARAM.match(line)
            if not param:
                raise QueryError(f"{label}:{number}: only ':param name => value;' lines go before the query, "
                                 f"not {line!r}")
            value = param.group(2)
            if not value.endswith(";"):
                raise QueryError(f"{label}:{number}: end the :param line with ';' (Browser then runs it "
                                 "as a command of its own, before the query)")
            if param.group(1) in dict(params):
                raise QueryError(f"{label}:{number}: parameter {param.group(1)!r} is set twice")
            try:
                params.append((param.group(1), cypher_literal(value[:-1])))
            except QueryError as exc:
                raise QueryError(f"{label}:{number}: {exc}") from None
            continue
        query_lines.append(raw)
    if not title:
        raise QueryError(f"{label}: the header has no '// Title:' line")
    cypher = "\n".join(query_lines).strip()
    if cypher.endswith(";"):
        cypher = cypher[:-1].rstrip()
    if not _strip_comments(cypher).strip():
        raise QueryError(f"{label}: there is no query after the header")
    if ";" in _strip_comments(cypher):
        raise QueryError(f"{label}: the query must be one statement (a ';' inside it starts another)")
    used = set(re.findall(r"\$(\w+)", _strip_comments(cypher)))
    declared = {key for key, _ in params}
    if used - declared:
        raise QueryError(f"{label}: parameters {sorted(used - declared)} are used but not set with :param")
    if declared - used:
        raise QueryError(f"{label}: parameters {sorted(declared - used)} are set with :param but not used")
    return Query(name, path or Path(f"{name}.cypher"), title, " ".join(shows), tuple(params), cypher, text)


def parse(path: Path) -> Query:
    return parse_text(path.stem, path.read_text(encoding="utf-8"), path)


def list_queries(directory: Path = QUERY_DIR) -> list[Query]:
    return [parse(path) for path in sorted(directory.glob("*.cypher"))]


def get(name: str, directory: Path = QUERY_DIR) -> Query:
    path = directory / f"{name.removesuffix('.cypher')}.cypher"
    if not path.is_file():
        known = ", ".join(q.stem for q in sorted(directory.glob("*.cypher")))
        raise QueryError(f"no query named {name!r}; the library has: {known}")
    return parse(path)


# --- parameters ----------------------------------------------------------------------------

def _from_command_line(key: str, query: Query, value: str) -> Any:
    """A --param value in the type of the file's default: 20 -> int, true -> bool; 'null'
    clears a bound that defaults to null; a list default takes comma-separated items."""
    default = query.defaults[key]
    if default is None:
        return None if value.strip().lower() == "null" else value
    if isinstance(default, bool):
        if value.strip().lower() in ("1", "true", "yes"):
            return True
        if value.strip().lower() in ("0", "false", "no"):
            return False
        raise QueryError(f"parameter {key!r} of {query.name!r} wants true or false, not {value!r}")
    if isinstance(default, list):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(default, int | float):
        try:
            number = type(default)(value)
        except ValueError:
            raise QueryError(f"parameter {key!r} of {query.name!r} wants a {type(default).__name__}, "
                             f"not {value!r}") from None
        if isinstance(number, int) and not -(2**63) <= number < 2**63:  # Cypher's integers are 64-bit
            raise QueryError(f"parameter {key!r} of {query.name!r}: {value} is out of range for an integer")
        return number
    return value


def bind(query: Query, given: dict[str, Any]) -> dict[str, Any]:
    """Parameters for a run: the file's `:param` defaults, overridden by `given`.

    String values (from the command line) take the type of the default (20 -> int).
    """
    unknown = set(given) - set(query.defaults)
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {sorted(unknown)}; "
                         f"it takes {sorted(query.defaults) or 'none'}")
    params = dict(query.defaults)
    for key, value in given.items():
        params[key] = _from_command_line(key, query, value) if isinstance(value, str) else value
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


# --- running -------------------------------------------------------------------------------

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
            records, _summary, keys = driver.execute_query(
                query.cypher, params, database_=settings.database, routing_="r")
        except (ne.Neo4jError, ne.DriverError) as exc:
            raise Neo4jLoadError(f"query {query.name!r}: {describe(exc, settings)}") from None
    return list(keys), [{key: plain(record[key]) for key in keys} for record in records]
