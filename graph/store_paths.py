"""Where a store lives: its default directory and database file name.

Apart from graph/store.py, and importing nothing of the project, so the CLI's options can
name the default store without importing the store (and the resolver behind it): that
import was most of `kg person`'s start-up (bench/person_latency.py).
"""
from __future__ import annotations

from pathlib import Path

DEFAULT_STORE = Path("kg-data")
DB_NAME = "kg.sqlite"
STORE_ENV = "KG_STORE"   # the environment variable that names the store (--store)
