"""Incremental resolution in the store: the graph follows each batch of added or removed
articles at the cost of that batch and of the entities it touches, not of the archive.

The store keeps what resolution.merge groups by (docs/store.md, "Incremental"):
- `person_rows(name, key, article, roots, pid)`: one per article and person key, with the
  id person_ids decided for it; `event_rows(key, article, type)` and `event_keys(key, id,
  type)`: an event key's articles and its decided id; `org_rows(scope, name, article)`,
  `org_names(scope, name, suffix, full)` (the full name a short form stands for) and
  `org_pairs(scope, short, full)` (every short/full pair that fits, so a new name is
  checked against its scope once, never the scope against itself again);
- `mentions(nid, article, data)`: what each article says of each node (merge.Mention), so
  a node is merged again from its rows, not by decoding every article naming it;
- `edges.article`: the edges of each article's share.

A batch: drop the old rows of its articles, add the new ones, decide again only the touched
names, event keys and scopes (the merge.py functions, one group each), emit the shares of
the batch's articles and of stored articles whose decisions changed, and note the nodes
whose mentions changed; merge_nodes() re-merges those once, at the end of the build.
Every decision is a pure function of its group, so the result equals merge.resolve() of
the stored contributions whatever the batches were (tests/test_incremental.py).
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from kg.graph import schema
from kg.graph.elements import freeze
from kg.graph.records import Contribution
from kg.resolution import merge
from kg.resolution.merge import EventRow, IdMaps, Mention, PersonClass
from kg.resolution.resolve import make_key

DDL = """
CREATE TABLE IF NOT EXISTS person_rows (
    name TEXT NOT NULL, key TEXT NOT NULL, article TEXT NOT NULL, roots TEXT NOT NULL, pid TEXT,
    PRIMARY KEY (name, article, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS person_rows_article ON person_rows(article);
CREATE TABLE IF NOT EXISTS event_rows (
    key TEXT NOT NULL, article TEXT NOT NULL, type TEXT NOT NULL,
    PRIMARY KEY (key, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_rows_article ON event_rows(article);
CREATE TABLE IF NOT EXISTS event_keys (
    key TEXT PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_rows (
    scope TEXT NOT NULL, name TEXT NOT NULL, article TEXT NOT NULL,
    PRIMARY KEY (scope, name, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS org_rows_article ON org_rows(article);
CREATE TABLE IF NOT EXISTS org_names (
    scope TEXT NOT NULL, name TEXT NOT NULL, suffix TEXT, full TEXT,
    PRIMARY KEY (scope, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_pairs (
    scope TEXT NOT NULL, short TEXT NOT NULL, full TEXT NOT NULL,
    PRIMARY KEY (scope, short, full)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS org_pairs_full ON org_pairs(scope, full);
CREATE TABLE IF NOT EXISTS mentions (
    nid TEXT NOT NULL, article TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (nid, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE INDEX IF NOT EXISTS edges_article ON edges(article);
"""

CHUNK = 500          # ids per IN (...) query, and stored articles decoded at a time
_SEP = "\x1f"        # roots are parts of keys, which never hold this separator


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def marks(n: int) -> str:
    return ",".join("?" * n)


# --------------------------------------------------------------------------- mention rows
def encode_mentions(ms: Sequence[Mention]) -> str:
    """One article's mentions of one node, as the row's text (nid and article are columns).

    In their order in the article, without their place in it: merge_node reads mentions in
    (article, seq) order and nothing else of seq, so the rank within the row serves, and a
    busy node's rows repeat the same few texts (summed by merge_nodes)."""
    return json.dumps([[m.label, m.node, m.name, [list(p) for p in m.props], m.national,
                        m.event_type, m.position, m.held_in, m.located_in] for m in sorted(ms, key=lambda m: m.seq)],
                      ensure_ascii=False, separators=(",", ":"))


def decode_mentions(nid: str, article: str, text: str, weight: int = 1) -> list[Mention]:
    """A mention row as merge.Mentions; `weight` rows alike, `article` the first of them."""
    return [Mention(nid, label, article, seq, node, name, tuple((k, freeze(v)) for k, v in props), national,
                    event_type, position, held_in, located_in, weight)
            for seq, (label, node, name, props, national, event_type, position, held_in, located_in)
            in enumerate(json.loads(text))]


def _roots(text: str) -> tuple[str, ...]:
    return tuple(text.split(_SEP)) if text else ()


def props_json(props: Sequence[tuple[str, Any]]) -> str:
    return json.dumps(dict(props), ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- the engine
class Increment:
    """The resolution keys of one store, updated inside the caller's open transaction."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        # nodes to merge again at the end of the build: on disk, not in memory
        db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (nid TEXT PRIMARY KEY) WITHOUT ROWID")

    def apply(self, added: Mapping[str, Contribution], removed: Iterable[str] = ()) -> None:
        """Bring the keys, decisions, edges and mention rows up to date with `added`
        (new or replacing articles, by id) and `removed` (article ids now gone)."""
        removed = [r for r in removed if r not in added]
        batch = set(added) | set(removed)
        names: set[str] = set()
        event_keys: set[str] = set()
        orgs_gone: dict[str, set[str]] = defaultdict(set)
        orgs_new: dict[str, set[str]] = defaultdict(set)
        old_mentions = self._drop(sorted(batch), names, event_keys, orgs_gone)
        for c in added.values():
            seen = merge.sightings(c)
            self.db.executemany("INSERT INTO person_rows(name, key, article, roots) VALUES (?, ?, ?, ?)",
                                [(p.name, p.key, p.article, _SEP.join(p.roots)) for p in seen.persons])
            self.db.executemany("INSERT INTO event_rows(key, article, type) VALUES (?, ?, ?)",
                                [(e.key, e.article, e.type) for e in seen.events])
            self.db.executemany("INSERT OR IGNORE INTO org_rows(scope, name, article) VALUES (?, ?, ?)",
                                [(o.scope, o.name, c.article_id) for o in seen.orgs])
            names.update(p.name for p in seen.persons)
            event_keys.update(e.key for e in seen.events)
            for o in seen.orgs:
                orgs_new[o.scope].add(o.name)
        changed: set[str] = set()
        self._decide_persons(names, changed)
        self._decide_events(event_keys, changed)
        self._decide_orgs(orgs_gone, orgs_new, changed)
        changed -= batch
        touched: set[str] = set()
        for group in chunks(sorted(added)):
            self._share([added[a] for a in group], old_mentions, touched)
        for group in chunks(sorted(changed)):
            olds = self._drop(group, set(), set(), defaultdict(set), rows=False)
            self._share(list(self._contributions(group)), olds, touched)
        for art in removed:   # the mentions of removed articles are gone
            touched.update(old_mentions.get(art, ()))
        self.db.executemany("INSERT OR IGNORE INTO touched(nid) VALUES (?)", [(n,) for n in touched])

    # -- old state
    def _drop(self, ids: Sequence[str], names: set[str], event_keys: set[str],
              orgs_gone: dict[str, set[str]], *, rows: bool = True) -> dict[str, dict[str, str]]:
        """Delete these articles' rows (their shares, and with `rows` their keys too), noting
        the groups they touched; returns their mention rows as they were (article -> nid -> data)."""
        old: dict[str, dict[str, str]] = defaultdict(dict)
        for group in chunks(ids):
            q = marks(len(group))
            for art, nid, data in self.db.execute(
                    f"SELECT article, nid, data FROM mentions WHERE article IN ({q})", group):
                old[art][nid] = data
            self.db.execute(f"DELETE FROM mentions WHERE article IN ({q})", group)
            self.db.execute(f"DELETE FROM edges WHERE article IN ({q})", group)
            if not rows:
                continue
            names.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT name FROM person_rows WHERE article IN ({q})", group))
            event_keys.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT key FROM event_rows WHERE article IN ({q})", group))
            for scope, name in self.db.execute(f"SELECT scope, name FROM org_rows WHERE article IN ({q})", group):
                orgs_gone[scope].add(name)
            for table in ("person_rows", "event_rows", "org_rows"):
                self.db.execute(f"DELETE FROM {table} WHERE article IN ({q})", group)
        return old

    # -- identity decisions, one group each (resolution.merge)
    def _decide_persons(self, names: Iterable[str], changed: set[str]) -> None:
        # a name is decided over its classes (merge.class_ids), summed here by SQLite: a
        # city leader's thousands of rows never come into Python, only rows whose id moves
        for name in sorted(names):
            classes = self.db.execute(
                "SELECT key, roots, count(*), min(article), count(pid), min(pid), max(pid) FROM person_rows "
                "WHERE name=? GROUP BY key, roots", (name,)).fetchall()
            ids = merge.class_ids(PersonClass(key, _roots(roots), n, first) for key, roots, n, first, *_ in classes)
            for key, roots, n, _, decided, low, high in classes:
                pid = ids[(key, _roots(roots))]
                if decided == n and low == high == pid:
                    continue
                changed.update(r[0] for r in self.db.execute(
                    "UPDATE person_rows SET pid=? WHERE name=? AND key=? AND roots=? AND pid IS NOT ? "
                    "RETURNING article", (pid, name, key, roots, pid)).fetchall())

    def _decide_events(self, keys: Iterable[str], changed: set[str]) -> None:
        for key in sorted(keys):
            rows = self.db.execute("SELECT article, type FROM event_rows WHERE key=?", (key,)).fetchall()
            old = self.db.execute("SELECT id, type FROM event_keys WHERE key=?", (key,)).fetchone()
            if not rows:
                self.db.execute("DELETE FROM event_keys WHERE key=?", (key,))
                continue
            new = merge.event_id(key, (EventRow(key, art, kind) for art, kind in rows))
            if old is None or tuple(old) != new:
                self.db.execute("INSERT OR REPLACE INTO event_keys(key, id, type) VALUES (?, ?, ?)", (key, *new))
                changed.update(art for art, _ in rows)

    def _decide_orgs(self, gone: Mapping[str, set[str]], new: Mapping[str, set[str]], changed: set[str]) -> None:
        for scope in sorted(set(gone) | set(new)):
            known = dict(self.db.execute("SELECT name, suffix FROM org_names WHERE scope=?", (scope,)))
            left = {n for n in gone.get(scope, ()) if self.db.execute(
                "SELECT 1 FROM org_rows WHERE scope=? AND name=? LIMIT 1", (scope, n)).fetchone() is None}
            added = sorted(n for n in new.get(scope, ()) if n not in known)
            affected: set[str] = set()
            for name in sorted(left):
                affected.update(r[0] for r in self.db.execute(
                    "SELECT short FROM org_pairs WHERE scope=? AND full=?", (scope, name)))
                self.db.execute("DELETE FROM org_pairs WHERE scope=? AND (short=? OR full=?)", (scope, name, name))
                self.db.execute("DELETE FROM org_names WHERE scope=? AND name=?", (scope, name))
                known.pop(name, None)
            for name in added:
                known[name] = merge.short_suffix(name)
            self.db.executemany("INSERT INTO org_names(scope, name, suffix) VALUES (?, ?, ?)",
                                [(scope, n, known[n]) for n in added])
            if added:
                pairs = merge.abbreviations(known, added)
                self.db.executemany("INSERT OR IGNORE INTO org_pairs(scope, short, full) VALUES (?, ?, ?)",
                                    [(scope, s, f) for s, f in sorted(pairs)])
                affected.update(s for s, _ in pairs)
            for short in sorted(affected - left):
                fulls = [r[0] for r in self.db.execute(
                    "SELECT full FROM org_pairs WHERE scope=? AND short=?", (scope, short))]
                full = merge.full_name_key(scope, fulls)
                (old,) = self.db.execute("SELECT full FROM org_names WHERE scope=? AND name=?",
                                         (scope, short)).fetchone()
                if full != old:
                    self.db.execute("UPDATE org_names SET full=? WHERE scope=? AND name=?", (full, scope, short))
                    changed.update(r[0] for r in self.db.execute(
                        "SELECT article FROM org_rows WHERE scope=? AND name=?", (scope, short)))

    # -- shares
    def _id_maps(self, ids: Sequence[str]) -> IdMaps:
        """The decisions these articles' shares need, read from the tables."""
        maps = IdMaps()
        q = marks(len(ids))
        for art, key, pid in self.db.execute(
                f"SELECT article, key, pid FROM person_rows WHERE article IN ({q})", ids):
            maps.persons[(art, key)] = pid
        for key, nid, kind in self.db.execute(
                f"SELECT DISTINCT r.key, k.id, k.type FROM event_rows r JOIN event_keys k ON k.key = r.key "
                f"WHERE r.article IN ({q})", ids):
            maps.events[key] = (nid, kind)
        for scope, name, full in self.db.execute(
                f"SELECT DISTINCT r.scope, r.name, n.full FROM org_rows r JOIN org_names n "
                f"ON n.scope = r.scope AND n.name = r.name WHERE r.article IN ({q}) AND n.full IS NOT NULL", ids):
            maps.full_name[make_key(schema.ORGANIZATION, name, scope)] = full
        return maps

    def _share(self, contributions: list[Contribution], old: Mapping[str, Mapping[str, str]],
               touched: set[str]) -> None:
        """Write these articles' edges and mention rows; note the nodes whose mentions changed."""
        if not contributions:
            return
        ids = self._id_maps([c.article_id for c in contributions])
        edge_rows: list[tuple[Any, ...]] = []
        mention_rows: list[tuple[str, str, str]] = []
        for c in contributions:
            share = merge.article_share(c, ids)
            edge_rows += [(e.id, e.source, e.target, e.type, e.prop("article"), props_json(e.props))
                          for e in share.edges]
            by_node: dict[str, list[Mention]] = defaultdict(list)
            for m in share.mentions:
                by_node[m.nid].append(m)
            before = old.get(c.article_id, {})
            for nid, ms in by_node.items():
                data = encode_mentions(ms)
                mention_rows.append((nid, c.article_id, data))
                if before.get(nid) != data:
                    touched.add(nid)
            touched.update(nid for nid in before if nid not in by_node)
        self.db.executemany("INSERT INTO edges(id, source, target, type, article, props) VALUES (?, ?, ?, ?, ?, ?)",
                            edge_rows)
        self.db.executemany("INSERT INTO mentions(nid, article, data) VALUES (?, ?, ?)", mention_rows)

    def _contributions(self, ids: Sequence[str]) -> Iterator[Contribution]:
        q = marks(len(ids))
        for (blob,) in self.db.execute(f"SELECT data FROM articles WHERE id IN ({q}) ORDER BY id", list(ids)):
            yield Contribution.from_blob(blob)

    # -- nodes
    def merge_nodes(self) -> int:
        """Merge again every node whose mentions changed since the last call; returns how many."""
        count = 0
        last = ""
        while True:
            group = [r[0] for r in self.db.execute(
                "SELECT nid FROM touched WHERE nid > ? ORDER BY nid LIMIT ?", (last, CHUNK))]
            if not group:
                break
            last = group[-1]
            found: dict[str, list[Mention]] = defaultdict(list)
            # alike rows summed by SQLite: a busy node is merged from its few distinct texts
            # (merge_node's weights), not from every article that named it
            for nid, data, n, first in self.db.execute(
                    f"SELECT nid, data, count(*), min(article) FROM mentions WHERE nid IN ({marks(len(group))}) "
                    "GROUP BY nid, data", group):
                found[nid] += decode_mentions(nid, first, data, weight=n)
            gone: list[tuple[str]] = []
            rows: list[tuple[Any, ...]] = []
            for nid in group:
                node = merge.merge_node(found.get(nid, ()))
                if node is None:
                    gone.append((nid,))
                    continue
                (mentioned,) = self.db.execute("SELECT count(*) FROM edges WHERE source=? AND type=?",
                                               (nid, schema.MENTIONED_IN)).fetchone()
                rows.append((node.id, node.label, str(node.prop("name", node.id)), props_json(node.props),
                             mentioned))
            self.db.executemany("DELETE FROM nodes WHERE id=?", gone)
            self.db.executemany("INSERT OR REPLACE INTO nodes(id, label, name, props, mentions) "
                                "VALUES (?, ?, ?, ?, ?)", rows)
            count += len(group)
        self.db.execute("DELETE FROM touched")
        return count
