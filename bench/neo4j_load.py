"""Load throughput into Neo4j: batched UNWIND vs one record per transaction, same records, one run.

    python bench/neo4j_load.py [--people 3000] [--store kg-data] [--batch-size 1000]

Needs the server (scripts/neo4j.sh start). CLEARS the target database. The records are
a synthetic newspaper-shaped graph (people attending dated meetings, positions,
mentions) unless --store gives a built store. The per-record baseline is the same
writer with a batch of one: one MERGE and one transaction per record. Prints both rates
and their ratio.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph.elements import EdgeRecord, NodeRecord
from kg.graph.schema import edge_id, node_id
from kg.loaders.neo4j_connection import Neo4jLoadError, Neo4jSettings
from kg.loaders.neo4j_writer import clear, counts, load


def synthetic(people: int, seed: int = 7) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    rng = random.Random(seed)
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    city = "测试市"
    orgs = [node_id("Organization", name=f"{city}第{i}局") for i in range(50)]
    nodes += [NodeRecord(o, "Organization", (("kind", "government"), ("name", f"{city}第{i}局")))
              for i, o in enumerate(orgs)]
    articles, events = [], []
    for i in range(people // 2):
        date = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        article = node_id("Article", id=f"bench-{i}")
        event = node_id("Event", type="meeting", date=date, name=f"第{i}次工作会议")
        nodes.append(NodeRecord(article, "Article", (("date", date), ("name", f"标题{i}"), ("title", f"标题{i}"))))
        nodes.append(NodeRecord(event, "Event", (("date", date), ("name", f"第{i}次工作会议"), ("type", "meeting"))))
        articles.append(article)
        events.append((event, article))
    for i in range(people):
        person = node_id("Person", name=f"人{i}", city=city)
        nodes.append(NodeRecord(person, "Person", (("city", city), ("name", f"人{i}"))))
        org = rng.choice(orgs)
        article = rng.choice(articles)
        props = (("article", article), ("confidence", 0.9), ("evidence", f"局长人{i}出席会议。"), ("title", "局长"))
        edges.append(EdgeRecord(edge_id(person, "HOLDS_POSITION", org, article, "局长"), person, org,
                                "HOLDS_POSITION", props))
        for event, article in rng.sample(events, 3):
            props = (("article", article), ("confidence", 0.8), ("evidence", f"人{i}出席会议。"))
            edges.append(EdgeRecord(edge_id(person, "ATTENDED", event, article), person, event, "ATTENDED", props))
            edges.append(EdgeRecord(edge_id(person, "MENTIONED_IN", article, article), person, article,
                                    "MENTIONED_IN", props))
    return nodes, list({e.id: e for e in edges}.values())


def from_store(path: str) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    from kg.graph.store import Store
    with Store(path) as store:
        return list(store.nodes()), list(store.edges())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000,
                        help="synthetic graph size (3000 gives about 27,000 records, enough that "
                             "per-transaction overheads do not decide the batched figure)")
    parser.add_argument("--store", help="use a built store's records instead")
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()

    nodes, edges = from_store(args.store) if args.store else synthetic(args.people)
    settings = Neo4jSettings.from_env()
    records = len(nodes) + len(edges)
    print(f"records: {len(nodes)} nodes + {len(edges)} relationships = {records}, "
          f"server {settings.where()}")
    try:
        # Two rounds: the first warms the server's JVM and query caches (a cold server
        # charges its warm-up to whichever mode runs first); the ratio is the second's.
        for round_name in ("cold", "warm"):
            results = {}
            finals = {}
            for mode in ("batched", "record"):
                clear(settings)
                size = args.batch_size if mode == "batched" else 1
                summary = load(nodes, edges, settings, batch_size=size, progress=False)
                results[mode] = summary
                finals[mode] = counts(settings)
                print(f"{round_name} {mode:>8}: {summary.nodes + summary.edges} written in {summary.seconds:.2f} s "
                      f"= {summary.rate:,.0f} nodes+relationships/s ({summary.batches} transactions)")
        clear(settings)
    except Neo4jLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if finals["batched"] != finals["record"]:
        print("error: the two modes left different graphs", file=sys.stderr)
        return 1
    ratio = results["batched"].rate / results["record"].rate
    print(f"ratio batched / per-record: {ratio:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
