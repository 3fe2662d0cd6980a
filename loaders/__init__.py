"""Loaders: the resolved graph into Neo4j (batched writer) and into files (JSONL, CSV, GraphML, SQLite)."""
