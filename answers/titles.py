"""Titles an article gives a person without naming the body (市长刘涛), article by article.

The resolved graph keeps such titles only on the Person node (`positions`), with no
article and no date; each article's stored contribution still has them. Reading every
contribution of a large store takes seconds, so what is found is kept in a cache file in
the store directory, one entry per article with the checksum of the contribution it was
read from: the next reader redoes only the articles that changed, were added or went.
A store whose directory cannot be written is read in full each time, and said so (info).
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import zlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.graph import schema

if TYPE_CHECKING:
    from kg.graph.records import Contribution

log = logging.getLogger(__name__)

CACHE_NAME = "title-sightings.json"
CACHE_FORMAT = 1


@dataclass(frozen=True)
class TitleSighting:
    """An article gives the person named `name` (of `city`) the title, without its body."""

    article: str
    date: str | None
    name: str
    city: str | None
    title: str
    evidence: str


def from_contribution(c: Contribution) -> list[list[Any]]:
    """[name, city, title, evidence] of each title-only sighting in one article.

    Titles the article also states with a body (a HOLDS_POSITION fact) and byline roles
    (the title of a REPORTED fact: 记者, 通讯员) are not title-only.
    """
    found = []
    for local in c.nodes:
        titles = local.props.get("titles") or ()
        if local.label != schema.PERSON or not titles:
            continue
        named = {str(e.props.get("title") or "") for e in c.edges
                 if e.source == local.key and e.type in (schema.HOLDS_POSITION, schema.REPORTED)}
        # the evidence: a sentence with the title and the name when the article has one
        texts = [local.evidence, *(e.evidence for e in c.edges if e.source == local.key)]
        for title in dict.fromkeys(str(t) for t in titles):
            if title and title not in named:
                evidence = next((t for t in texts if title in t and local.name in t), local.evidence)
                found.append([local.name, local.props.get("city"), title, evidence])
    return found


@dataclass
class TitleIndex:
    sightings: list[TitleSighting]
    dates: dict[str, str | None]     # article id -> its date (the Article node's), for every article read


def title_sightings(store: Any, article_ids: Iterable[str] | None = None) -> TitleIndex:
    """Every title-only sighting in the store (or in these articles), by article id."""
    # these articles' only, when given: one person's careers must not read every article stored
    wanted = store.contribution_checksums() if article_ids is None else _checksums(store, article_ids)
    cache_file = Path(store.path) / CACHE_NAME
    cached = _load(cache_file)
    stale = [aid for aid, crc in wanted.items() if cached.get(aid, {}).get("crc") != crc]
    for crc, c in store.checked_contributions(stale):
        cached[c.article_id] = {"crc": crc, "date": c.article.get("date"), "seen": from_contribution(c)}
    # entries of articles no longer stored are dropped when the whole store was checked
    gone = set(cached) - set(wanted) if article_ids is None else set()
    if stale or gone:
        _save(cache_file, {aid: entry for aid, entry in cached.items() if aid not in gone})
    out, dates = [], {}
    for aid in sorted(wanted):
        entry = cached.get(aid)
        if entry is None:   # changed while we read: its next reader gets it
            continue
        dates[aid] = entry["date"]
        for name, city, title, evidence in entry["seen"]:
            out.append(TitleSighting(aid, entry["date"], name, city, title, evidence))
    return TitleIndex(out, dates)


def _checksums(store: Any, article_ids: Iterable[str]) -> dict[str, int]:
    """Article id -> CRC-32 of its stored contribution (graph.store's contribution_checksums),
    for these articles only: by primary key, in chunks below SQLite's parameter limit."""
    ids = sorted({a for a in article_ids if a})
    found: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = store.db.execute(f"SELECT id, data FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        found.update((aid, zlib.crc32(blob)) for aid, blob in rows)
    return found


def _load(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or not isinstance(data.get("articles"), dict):
        return {}
    return data["articles"]


def _save(path: Path, articles: dict[str, dict[str, Any]]) -> None:
    # whole or not at all: a temp file renamed over the old one; readers racing may both write
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        log.info("title cache not kept (%s): the store is read in full each time", exc.strerror or exc)
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": CACHE_FORMAT, "articles": articles}, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.info("title cache not kept (%s)", exc.strerror or exc)
        with suppress(OSError):
            os.unlink(tmp)
