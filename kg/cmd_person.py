"""What `kg person` does, importing neither typer, click nor rich: parse, look up, print.

`kg person NAME` is the command run again and again, and importing typer, click and rich
was most of its time (bench/person_latency.py). So the `kg` program (kg/cli.py) hands a
person lookup here first: `parse` takes a command line only when it understands all of
it (the options below, well-formed values); anything else (--help, a bad date, an
unknown option) goes to the typer command (kg/cmd_graph.py `person_cmd`), which says
what is wrong as every command does, and then calls `run` too. tests/test_person_cli.py
checks that both parsers read every command line alike and know the same options.

The text goes to stdout as it is: styled (bold, dim, a colour for the role) only on a
terminal, plain when piped, so a file or a pager gets the same words.
"""
from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from kg.graph.store_paths import DEFAULT_STORE, STORE_ENV

EXIT_OK, EXIT_ERROR = 0, 1   # kg.common's statuses (bad usage, 2, is the typer command's to say)
PERSON_LINES = 50  # a busy official has thousands of events: the latest, unless asked


class PersonQuery(NamedTuple):
    """One `kg person` command line, read."""

    name: str
    city: str | None = None
    person_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int | None = None        # None: PERSON_LINES in text, all in JSON
    as_json: bool = False
    store: Path = DEFAULT_STORE


# option -> the PersonQuery field it sets; a flag sets True. The typer command declares the
# same options with their help (tests/test_person_cli.py compares the two).
_VALUED = {"--city": "city", "--id": "person_id", "--from": "date_from", "--to": "date_to",
           "--limit": "limit", "-n": "limit", "--store": "store"}
_FLAGS = {"--json": "as_json"}


def options() -> set[str]:
    """Every option `parse` knows."""
    return set(_VALUED) | set(_FLAGS)


def parse(args: Sequence[str], environ: Mapping[str, str] = os.environ) -> PersonQuery | None:
    """The query of `kg person ARGS`, or None when the command line is not plainly one
    (the typer command then reads it and says what is wrong)."""
    values: dict[str, Any] = {}
    names: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-") and arg != "-":
            option, eq, value = arg.partition("=")
            if option in _FLAGS and not eq:
                values[_FLAGS[option]] = True
            elif option in _VALUED:
                if not eq:
                    if i + 1 == len(args):
                        return None
                    i += 1
                    value = args[i]
                values[_VALUED[option]] = value
            else:   # --help, -h, --, -n5, an unknown or abbreviated option
                return None
        else:
            names.append(arg)
        i += 1
    if len(names) != 1:
        return None
    if "limit" in values:
        limit = values["limit"]
        if not limit.isascii() or not limit.isdigit():   # click's int: typer says what is wrong
            return None
        values["limit"] = int(limit)
    for field in ("date_from", "date_to"):
        if field in values:
            values[field] = iso_date(values[field])
            if values[field] is None:
                return None
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        return None
    # click's rule: an option given (even empty) wins, then a non-empty environment variable
    store = values.pop("store") if "store" in values else environ.get(STORE_ENV) or DEFAULT_STORE
    return PersonQuery(names[0], store=Path(store), **values)


def iso_date(value: str) -> str | None:
    """The ISO date `value` names (kg.common.check_date's rule), else None."""
    import datetime as dt
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def run(query: PersonQuery) -> int:
    """Look the person up and print the timeline (or JSON); the exit status."""
    from kg.answers.timeline import AmbiguousPerson, UnknownPerson, person_timeline
    from kg.graph.store import Store, StoreError
    if "logging" in sys.modules:   # a module of the lookup logs: its messages are said as ours are
        _say_messages()
    out, err = sys.stdout, sys.stderr
    limit = query.limit
    if limit is None:
        limit = 0 if query.as_json else PERSON_LINES
    try:
        with Store(query.store) as st:
            timeline = person_timeline(st, query.name, city=query.city, person_id=query.person_id,
                                       date_from=query.date_from, date_to=query.date_to, limit=limit or None)
    except (StoreError, UnknownPerson) as exc:
        _error(exc)
        return EXIT_ERROR
    except AmbiguousPerson as exc:
        if query.as_json:
            write(out, json.dumps({"ambiguous": [c._asdict() for c in exc.candidates]}, ensure_ascii=False) + "\n")
        else:
            write(err, candidates_text(exc, Styles.for_stream(err)))
        _error(exc)
        return EXIT_ERROR
    if query.as_json:
        write(out, json.dumps(timeline.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        write(out, timeline_text(timeline, Styles.for_stream(out)))
    return EXIT_OK


def write(stream: TextIO, text: str) -> None:
    """All of `text` at once; a reader that stopped early (`| head`) ends the output quietly."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # Python would complain when flushing at exit: point the stream at nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


# ---------------------------------------------------------------- text
class Styles:
    """ANSI styles on a terminal (as rich shows them), nothing when piped."""

    def __init__(self, on: bool, colour: bool = True):
        self.on, self.colour = on, colour

    @classmethod
    def for_stream(cls, stream: TextIO) -> Styles:
        # rich's rules, the few that matter: FORCE_COLOR styles a pipe, TERM=dumb and NO_COLOR
        # take away what a terminal cannot show or the user does not want
        env = os.environ
        tty = bool(getattr(stream, "isatty", lambda: False)())
        on = bool(env.get("FORCE_COLOR")) or (tty and env.get("TERM") != "dumb")
        return cls(on, colour=not env.get("NO_COLOR"))

    def _sgr(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and text else text

    def bold(self, text: str) -> str:
        return self._sgr("1", text)

    def dim(self, text: str) -> str:
        return self._sgr("2", text)

    def cyan(self, text: str) -> str:
        return self._sgr("36", text) if self.colour else text


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _span(first: str | None, last: str | None) -> str:
    return " .. ".join(dict.fromkeys(d for d in (first, last) if d))


# Text from pages never drives the terminal: control characters go (a line break becomes a
# space, so one field stays on its line); the build drops them already, a store may be older.
_CONTROLS = {**dict.fromkeys([*range(32), 127, *range(0x80, 0xA0)]), 9: " ", 10: " ", 13: " "}


def clean(text: Any) -> str:
    return str(text).translate(_CONTROLS)


def timeline_text(timeline: Any, style: Styles) -> str:
    """The timeline as the terminal shows it: a header, the positions, a block per line."""
    p, s = timeline.person, timeline.summary
    counts = [plural(s.articles, "article"), plural(s.events, "event")]
    if s.reported:
        counts.append(f"reported {plural(s.reported, 'article')}")
    text = [f"{style.bold(clean(p.name))}  {clean(p.city or '')}  {', '.join(counts)}, "
            f"seen {clean(_span(s.first_seen, s.last_seen) or 'no dated article')}"]
    for row in timeline.positions:
        body, seen = row.organization or "(机构未写明)", _span(row.first_seen, row.last_seen) or "日期不详"
        text.append(f"  {clean(row.title)} · {clean(body)}  {clean(seen)}  "
                    + style.dim(f"{plural(row.articles, 'article')}, {row.basis}"))
    if timeline.omitted:
        text.append("  " + style.dim(f"… {plural(timeline.omitted, 'earlier line')} not shown "
                                     f"(--limit 0 shows all, --from/--to narrow)"))
    if not timeline.lines:
        text.append("  (no dated activities)")
    for line in timeline.lines:
        date = clean(line.date or "(日期不详)")
        if line.partial_date:
            date += " (部分日期)"
        head = f"{style.bold(date)} {style.cyan(clean(line.role))} {clean(line.event)}"
        if line.place:
            head += f" @ {clean(line.place)}"
        text.append(head)
        if line.positions:
            text.append(f"    任职: {clean('、'.join(line.positions))}")
        if line.co_participants:
            text.append(f"    同场: {clean('、'.join(f'{c.name}({c.role})' for c in line.co_participants))}")
        for source in line.sources:
            text.append(f"    证据: {clean(source.evidence)}")
            text.append(f"    来源: {clean(source.article_title or '(无标题)')} {style.dim(clean(source.article_id))}")
    return "\n".join(text) + "\n"


def candidates_text(exc: Any, style: Styles) -> str:
    """The people of one name, a row each, to pick one from."""
    rows = [("city", "positions", "mentions", "id")]
    rows += [(clean(c.city or ""), clean("、".join(c.positions)), str(c.mentions), clean(c.id)) for c in exc.candidates]
    return style.bold(f"people named {clean(exc.name)}") + "\n" + aligned(rows, style) + "\n"


def aligned(rows: Sequence[Sequence[str]], style: Styles) -> str:
    """Columns padded to their widest cell as a terminal shows it (a Chinese character is two
    columns wide); the first row is the header."""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell + " " * (w - width(cell)) for cell, w in zip(row, widths)]
        line = "  ".join(cells).rstrip()
        lines.append(style.bold(line) if n == 0 else line)
    return "\n".join(lines)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- messages
# Messages are said as kg.common says them (its levels, `level: message` lines on stderr),
# but `logging` itself is loaded only when there is something to say: its import is 16 ms,
# a third of what a one-article lookup adds to Python's start. So the light way sets the
# handler up at once for -v, else when a module of the lookup has loaded logging, or when
# an error is to be said. (On typer's way kg.common has set logging up: none of this runs.)
_pending: int | None = None   # the light way's verbosity, until its handler is set up


def configure_messages(verbosity: int) -> None:
    """kg.common.configure_logging's levels for the light way (-1 quiet, 0, 1 -v, 2 -vv)."""
    global _pending
    _pending = verbosity
    if verbosity > 0 or "logging" in sys.modules:
        _say_messages()


def _say_messages() -> None:
    global _pending
    if _pending is None:
        return
    import logging

    class MessageHandler(logging.Handler):   # here: a logging.Handler needs logging loaded
        def emit(self, record: logging.LogRecord) -> None:
            try:
                stream = sys.stderr
                style = Styles.for_stream(stream)
                word = f"{record.levelname.lower()}:"
                if style.on and style.colour:
                    word = style._sgr({"WARNING": "33", "INFO": "36", "DEBUG": "2"}.get(record.levelname, "31"),
                                      word)
                write(stream, f"{word} {clean(record.getMessage())}\n")
            except Exception:  # a handler must never raise into the code that logged
                self.handleError(record)

    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(_pending, logging.DEBUG)
    root = logging.getLogger("kg")
    root.handlers[:] = [MessageHandler()]
    root.setLevel(level)
    root.propagate = False
    _pending = None


def _error(exc: Exception) -> None:
    _say_messages()
    import logging
    logging.getLogger(__name__).error("%s", exc)
