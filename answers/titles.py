"""Titles an article gives a person without naming the body (市长刘涛), article by article.

The resolved graph keeps such titles only on the Person node (`positions`), with no
article and no date; each article's stored contribution still has them. Reading every
contribution of a large store takes seconds, so what is found is kept in a cache file in
the store directory, one entry per article with the checksum of the contribution it was
read from: the next reader redoes only the articles that changed, were added or went.
The cache is an SQLite file read by article id, so one person's lookup reads that
person's entries, not the entries of every article ever read (a JSON file was read whole:
2 MB after a few lookups, a second or more once `kg careers` had read a big store).
A store whose directory cannot be written is read in full each time, and said so (info).
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.graph import schema

if TYPE_CHECKING:
    from kg.graph.records import Contribution

log = logging.getLogger(__name__)

CACHE_NAME = "title-sightings.sqlite"
CACHE_FORMAT = 3   # 1 was title-sightings.json, 2 kept each article's sightings as JSON text
# an article's sightings are rows of their own, in order: read as they are, no JSON to parse
_CACHE_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (article TEXT PRIMARY KEY, crc INTEGER NOT NULL, date TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen (
    article TEXT NOT NULL, pos INTEGER NOT NULL, name TEXT, city TEXT, title TEXT, evidence TEXT,
    PRIMARY KEY (article, pos)) WITHOUT ROWID;
"""
_CACHE_READ = ("SELECT e.article, e.crc, e.date, s.name, s.city, s.title, s.evidence FROM entries AS e "
               "LEFT JOIN seen AS s ON s.article = e.article{where} ORDER BY e.article, s.pos")


class TitleSighting(NamedTuple):
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


class TitleIndex(NamedTuple):
    sightings: list[TitleSighting]
    dates: dict[str, str | None]     # article id -> its date (the Article node's), for every article read


def title_sightings(store: Any, article_ids: Iterable[str] | None = None) -> TitleIndex:
    """Every title-only sighting in the store (or in these articles), by article id."""
    # these articles' only, when given: one person's careers must not read every article stored
    wanted = store.contribution_checksums(article_ids)
    with TitleCache(Path(store.path) / CACHE_NAME) as cache:
        cached = cache.entries(None if article_ids is None else wanted)
        stale = [aid for aid, crc in wanted.items() if aid not in cached or cached[aid][0] != crc]
        fresh = {}
        for crc, c in store.checked_contributions(stale):
            fresh[c.article_id] = (crc, c.article.get("date"), from_contribution(c))
        # entries of articles no longer stored are dropped when the whole store was checked
        gone = set(cached) - set(wanted) if article_ids is None else set()
        cache.update(fresh, gone)
    cached.update(fresh)
    out, dates = [], {}
    for aid in sorted(wanted):
        entry = cached.get(aid)
        if entry is None:   # changed while we read: its next reader gets it
            continue
        _, date, seen = entry
        dates[aid] = date
        for name, city, title, evidence in seen:
            out.append(TitleSighting(aid, date, name, city, title, evidence))
    return TitleIndex(out, dates)


Entry = tuple[int, Any, list[list[Any]]]   # (crc of the contribution, the article's date, its sightings)


class TitleCache:
    """The cache file: entries read by article id, written in one transaction. A cache that
    cannot be opened, is damaged or of another format is started again (or, where the
    directory cannot be written, not kept: every article is read from the store)."""

    def __init__(self, path: Path):
        self.path = path
        self.db: sqlite3.Connection | None = None

    def __enter__(self) -> TitleCache:
        for attempt in range(2):
            try:
                self.db = self._open()
                return self
            except sqlite3.DatabaseError as exc:   # damaged, or not a database: made again
                if self.db is not None:
                    self.db.close()
                self.db = None
                if attempt or not self.path.exists():
                    log.info("title cache not kept (%s): the store is read in full each time", exc)
                    return self
                log.info("title cache %s unreadable (%s): made again", self.path, exc)
                self.path.unlink(missing_ok=True)
        return self

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        self.db = db
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None or row[0] != str(CACHE_FORMAT):   # another format: its tables made again
            db.executescript(f"""BEGIN; DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS seen; {_CACHE_DDL}
                INSERT OR REPLACE INTO meta VALUES ('format', '{CACHE_FORMAT}'); COMMIT;""")
        return db

    def __exit__(self, *exc: object) -> None:
        if self.db is not None:
            self.db.close()

    def entries(self, articles: Iterable[str] | None) -> dict[str, Entry]:
        """The entries of these articles (None: all)."""
        if self.db is None:
            return {}
        found: dict[str, Entry] = {}
        try:
            if articles is None:
                rows = list(self.db.execute(_CACHE_READ.format(where="")))
            else:
                ids = sorted(articles)
                rows = []
                for start in range(0, len(ids), 500):
                    chunk = ids[start:start + 500]
                    where = f" WHERE e.article IN ({','.join('?' * len(chunk))})"
                    rows += self.db.execute(_CACHE_READ.format(where=where), chunk)
        except sqlite3.DatabaseError as exc:
            log.info("title cache unreadable (%s): the articles are read from the store", exc)
            return {}
        for aid, crc, date, name, city, title, evidence in rows:
            entry = found.get(aid)
            if entry is None:
                entry = found[aid] = (crc, date, [])
            if title is not None:   # an article without sightings has one row, of NULLs
                entry[2].append([name, city, title, evidence])
        return found

    def update(self, fresh: dict[str, Entry], gone: set[str]) -> None:
        if self.db is None or not (fresh or gone):
            return
        try:
            with self.db:   # one transaction: all of it or none
                redone = [(aid,) for aid in (*fresh, *gone)]
                self.db.executemany("DELETE FROM seen WHERE article = ?", redone)
                self.db.executemany("DELETE FROM entries WHERE article = ?", redone)
                self.db.executemany("INSERT INTO entries VALUES (?, ?, ?)",
                                    [(aid, crc, date) for aid, (crc, date, _) in fresh.items()])
                self.db.executemany("INSERT INTO seen VALUES (?, ?, ?, ?, ?, ?)",
                                    [(aid, pos, *sighting) for aid, (_, _, seen) in fresh.items()
                                     for pos, sighting in enumerate(seen)])
        except sqlite3.Error as exc:   # read-only directory or file, disk full: the answer stands
            log.info("title cache not kept (%s)", exc)
