"""Entry point of the `kg` command: composes the command groups, each in its own module."""
from __future__ import annotations

import typer

from kg import cmd_extract, cmd_graph, cmd_neo4j, cmd_read, cmd_view

app = typer.Typer(
    name="kg",
    help="Turn Chinese local government news into a knowledge graph, and explore it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Order is the order of the data flow: read -> extract -> graph -> Neo4j -> views.
for module in (cmd_read, cmd_extract, cmd_graph, cmd_neo4j, cmd_view):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
