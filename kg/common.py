"""What every command group shares: the consoles, exit statuses, logging and one-line errors.

Messages go through Python's `logging` (logger `kg`), shown on stderr by one handler that
writes `warning: ...` / `error: ...` lines; `--verbose` and `--quiet` set its level.
Data (tables, JSON) goes to stdout through `out`, so it can be piped.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, get_args

import typer
from rich.console import Console

# Exit statuses: 2 is typer's own for bad usage.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3  # the run finished, but some input was skipped (each said on stderr)

# Piped into a file or another program, a table is data: never cut at 80 columns.
PIPED_WIDTH = 10_000


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(stderr=stderr, highlight=False, width=PIPED_WIDTH)
    return console


out = _console()
err = _console(stderr=True)


log = logging.getLogger("kg")

_STYLE = {logging.DEBUG: "dim", logging.INFO: "cyan", logging.WARNING: "yellow", logging.ERROR: "red",
          logging.CRITICAL: "red"}


class ConsoleHandler(logging.Handler):
    """`level: message` on the stderr console, one line each, the message never read as markup."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            word = record.levelname.lower()
            colour = _STYLE.get(record.levelno, "")
            err.print(f"[{colour}]{word}:[/] {_escape(record.getMessage())}", markup=True, soft_wrap=True,
                      highlight=False)
        except Exception:  # a handler must never raise into the code that logged
            self.handleError(record)


def configure_logging(verbosity: int) -> None:
    """-1 quiet (errors only), 0 warnings (the default), 1 info, 2 debug; idempotent."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger("kg")
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, ConsoleHandler)]
    root.addHandler(ConsoleHandler())
    root.setLevel(level)
    root.propagate = False


def warn(message: str) -> None:
    """One line on stderr that names what was wrong; the run goes on."""
    log.warning(message)


def fail(message: str, status: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr naming what was wrong, then stop with `status`."""
    log.error(message)
    raise typer.Exit(status)


def _escape(text: str) -> str:
    # Messages quote file names and input text; rich must not read them as markup.
    from rich.markup import escape
    return escape(text)


# Below this many items a bar would only flicker.
PROGRESS_THRESHOLD = 5000


def track(items, total: int, description: str):
    """Iterate `items` with the progress bar (loaders.progress) when `total` is
    large enough to be worth one; stdout stays clean for exports piped elsewhere."""
    if total < PROGRESS_THRESHOLD:
        yield from items
        return
    from kg.progress import progress_bar
    with progress_bar(transient=True, console=err) as bar:
        yield from bar.track(items, total=total, description=description)


class TrackedStore:
    """A store whose nodes() and edges() advance a progress bar: long reads (exports,
    views of a big graph) show how far they are, without graph/ knowing about terminals."""

    def __init__(self, store, what: str):
        self._store = store
        self._what = what

    def __getattr__(self, name):
        return getattr(self._store, name)

    def nodes(self, label: str | None = None):
        if label:  # a part of the store: quick, no bar
            return self._store.nodes(label)
        total = sum(self._store.count_labels().values())
        return track(self._store.nodes(), total, f"{self._what}: nodes")

    def edges(self, rel_type: str | None = None):
        if rel_type:
            return self._store.edges(rel_type)
        total = sum(self._store.count_types().values())
        return track(self._store.edges(), total, f"{self._what}: relationships")


# ---------------------------------------------------------------- option values
def check_date(value: str | None, option: str) -> str | None:
    """An ISO date from an option, or a one-line usage error naming the option."""
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"bad date for {option}: {value!r} (expected YYYY-MM-DD)", status=2)


def check_period(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    if date_from and date_to and date_from > date_to:
        fail(f"--from {date_from} is after --to {date_to}", status=2)
    return date_from, date_to


def check_type(value: str | None) -> str | None:
    """A schema label from what the user typed (Person, person, 人物 ...), or a usage error."""
    if value is None:
        return None
    from kg.graph import schema
    try:
        return schema.resolve_label(value)
    except schema.SchemaError as exc:
        fail(str(exc), status=2)


# ---------------------------------------------------------------- tables out
def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, as_json: bool = False,
              as_csv: bool = False, out_path: Path | None = None, shown: Sequence[str] | None = None,
              title: str | None = None, limit: int = 0, sheet: str = "table", empty: str = "") -> None:
    """One table the way the user asked: a file (--out, by suffix), JSON lines (--json),
    CSV (--csv) or a printed table of the `shown` columns (at most `limit` rows, 0: all).

    Files and machine formats always get every row and every column.
    """
    from kg.loaders import export
    if as_json and as_csv:
        fail("--json and --csv both given; pick one", status=2)
    if out_path is not None:
        try:
            n = export.write_table(rows, columns, out_path, sheet=sheet)
        except ValueError as exc:
            fail(str(exc), status=2)
        except OSError as exc:
            fail(f"cannot write {out_path}: {exc.strerror or exc}")
        err.print(f"{n} rows -> {out_path}", markup=False)
        return
    if as_json:
        export.write_table_jsonl(rows, sys.stdout)
        return
    if as_csv:
        export.write_table_csv(rows, columns, sys.stdout)
        return
    if not rows:
        if empty:
            err.print(empty, markup=False)
        return
    from rich.table import Table
    table = Table(title=title, title_justify="left")
    show = list(shown or columns)
    for column in show:
        table.add_column(column.replace("_", " "), overflow="fold")
    printed = rows[:limit] if limit else rows
    for row in printed:
        table.add_row(*[_text(row.get(c)) for c in show])
    out.print(table)
    if len(printed) < len(rows):
        err.print(f"{len(printed)} of {len(rows)} rows; --limit 0 prints all, --out FILE writes them",
                  markup=False)


def _text(value: Any) -> Any:
    from rich.text import Text
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return Text(str(value))  # text from pages is never markup


def dump_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------- readable help
_TYPE_WORDS = {"path": "PATH", "text": "TEXT", "integer": "INTEGER", "integer range": "INTEGER",
               "float": "NUMBER", "float range": "NUMBER", "boolean": "", "file": "FILE",
               "filename": "FILE", "uuid": "UUID", "datetime": "DATETIME"}


_ANNOTATION_WORDS: dict[Any, str] = {str: "TEXT", int: "INTEGER", float: "NUMBER", bool: "",
                                     _dt.datetime: "DATETIME", _dt.date: "DATE"}


def type_word(param: Any) -> str:
    """What a value of this parameter is, in click's words (PATH, TEXT, INTEGER, a|b)."""
    desc = getattr(param, "type_descriptor", None)   # typer >= 0.20 describes the annotation
    if desc is not None:
        if desc.choices:
            return "|".join(str(getattr(c, "value", c)) for c in desc.choices)
        if desc.is_file:
            return "FILE"
        if desc.is_path:
            return "PATH"
        annotation = desc.annotation
        if desc.is_list and get_args(annotation):
            annotation = get_args(annotation)[0]
        return _ANNOTATION_WORDS.get(annotation, getattr(annotation, "__name__", str(annotation)).upper())
    kind = getattr(param, "type", None)               # older typer: a click ParamType
    choices = getattr(kind, "choices", None)
    if choices:
        return "|".join(str(c) for c in choices)
    name = str(getattr(kind, "name", "") or "")
    return _TYPE_WORDS.get(name, name.upper())


class _ReadableArgument(typer.core.TyperArgument):
    """An argument whose help shows its type in words, not as a Python annotation."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 (typer's signature)
        return type_word(self) or None


def make_help_readable(command: Any, rich_markup: bool) -> None:
    """Every command below `command`: types in words (PATH, not <list[Path]>, no <bool> on
    flags) and help text shown as written (rich markup would eat `[...]` in it)."""
    from rich.markup import escape
    for param in getattr(command, "params", ()):
        if isinstance(param, typer.core.TyperArgument):
            param.__class__ = _ReadableArgument
            if param.metavar is None:
                param.metavar = param.name.upper()
        elif getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""
        elif param.metavar is None:
            param.metavar = type_word(param)
        if rich_markup and getattr(param, "help", None):
            param.help = escape(param.help)
    if rich_markup and getattr(command, "help", None):
        command.help = escape(command.help)
    try:  # --help itself is a flag too; click makes it once per command and keeps it
        helper = command.get_help_option(typer.Context(command))
    except Exception:
        helper = None
    if helper is not None:
        helper.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        make_help_readable(sub, rich_markup)


class ReadableGroup(typer.core.TyperGroup):
    """The `kg` group: once typer has built the command tree, make its help readable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rich = getattr(typer.core, "HAS_RICH", True) and self.rich_markup_mode == "rich"
        make_help_readable(self, rich)
