"""Knowledge graphs of Chinese local government news. The `kg` command line lives here (thin, typer)."""
