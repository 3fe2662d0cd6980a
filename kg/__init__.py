"""The `kg` command line: a thin typer layer over loaders/, graph/ and queries/."""
