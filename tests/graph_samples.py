"""Extraction records written for the graph tests (not from the seed pages' extractor):
small articles whose resolution outcome is known by construction.

Also runnable: `python tests/graph_samples.py STORE [first|second|all]` writes the
samples into a store (the crash tests kill it mid-write with KG_STORE_FAULT).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph.records import Article, Entity, Extraction, Fact

XC, LY = "许昌市", "洛阳市"
BENCH = Path(__file__).resolve().parents[1] / "bench"


def generated_corpus(tmp_path_factory, articles: int, *, seed: int, papers: int) -> Path:
    """A folder of generated newspaper pages, made as the benchmarks make them (bench/gen_corpus.py)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import gen_corpus
    out = tmp_path_factory.mktemp("corpus")
    gen_corpus.generate(articles, out, seed=seed, papers=papers)
    return out


def person(name: str, city: str | None = None) -> Entity:
    return Entity("Person", name, (("city", city),) if city else ())


def org(name: str, kind: str = "party") -> Entity:
    return Entity("Organization", name, (("kind", kind),))


def event(name: str, date: str | None, kind: str = "meeting") -> Entity:
    return Entity("Event", name, (("type", kind), ("date", date)))


def place(name: str, level: str) -> Entity:
    return Entity("Place", name, (("level", level),))


def fact(s: Entity, p: str, o: Entity, art: str, evidence: str, conf: float = 0.9, **props) -> Fact:
    return Fact(s, p, o, art, evidence, conf, tuple(sorted(props.items())))


def article(aid: str, title: str, body: str, city: str, date: str | None, file: str,
            reporters: tuple[str, ...] = ()) -> Article:
    return Article(id=aid, title=title, body=body, file=file, date=date, page_date=date,
                   city=city, newspaper=city[:-1] + "日报", reporters=reporters)


def samples() -> list[Extraction]:
    out = []
    # a1: headline + body about one meeting; two positions; a chair; a reporter
    s1 = "市委副书记、政法委书记马正兰出席会议并讲话,副市长赵鹏主持会议。"
    a1 = article("a1", "全市中招考试安全工作视频会召开",
                 "本报讯(记者武芳)6月15日,全市中招考试安全工作视频会召开。" + s1, XC, "2022-06-15", "p1.txt", ("武芳",))
    meeting, headline = (event("全市中招考试安全工作视频会", "2022-06-15"),
                         event("中招考试安全工作视频会召开", "2022-06-15"))
    out.append(Extraction(a1, entities=[person("马正兰"), person("赵鹏"), meeting], facts=[
        fact(person("马正兰"), "HOLDS_POSITION", org("许昌市委"), "a1", s1, title="市委副书记"),
        fact(person("马正兰"), "HOLDS_POSITION", org("许昌市委政法委"), "a1", s1, title="政法委书记"),
        fact(person("赵鹏"), "HOLDS_POSITION", org("许昌市人民政府", "government"), "a1", s1, title="副市长"),
        fact(person("马正兰"), "ATTENDED", meeting, "a1", s1),
        fact(person("马正兰"), "ATTENDED", headline, "a1", "全市中招考试安全工作视频会召开", 0.7),
        fact(person("马正兰"), "SPOKE_AT", meeting, "a1", s1),
        fact(person("赵鹏"), "CHAIRED", meeting, "a1", s1),
    ]))
    # a2: same person, same day, another meeting
    s2 = "市委副书记马正兰出席会议,并当选为会长。"
    a2 = article("a2", "市法学会理事会会议召开", "6月15日,市法学会第三届理事会第二次(扩大)会议召开。" + s2,
                 XC, "2022-06-15", "p1.txt")
    law = event("市法学会第三届理事会第二次(扩大)会议", "2022-06-15")
    out.append(Extraction(a2, entities=[person("马正兰"), law], facts=[
        fact(person("马正兰"), "HOLDS_POSITION", org("许昌市委"), "a2", s2, title="市委副书记"),
        fact(person("马正兰"), "ATTENDED", law, "a2", s2),
        fact(law, "HELD_IN", place("西关街道", "town"), "a2", s2),   # place without its parent
        fact(person("马正兰"), "LOCATED_IN", law, "a2", s2),        # outside the schema: dropped
    ]))
    # a3: same name, same city, an unrelated village cadre
    s3 = "张庄村党支部书记马正兰说,今年收成好。"
    a3 = article("a3", "麦收时节", s3, XC, "2022-06-16", "p2.txt")
    out.append(Extraction(a3, entities=[person("马正兰")], facts=[
        fact(person("马正兰"), "HOLDS_POSITION", org("张庄村党支部"), "a3", s3, title="村党支部书记"),
    ]))
    # a4: same name in another city's paper
    s4 = "洛阳市委常委马正兰出席活动。"
    a4 = article("a4", "洛阳活动", s4, LY, "2022-06-15", "p3.txt")
    out.append(Extraction(a4, entities=[person("马正兰")], facts=[
        fact(person("马正兰"), "HOLDS_POSITION", org("洛阳市委"), "a4", s4, title="市委常委"),
        fact(person("马正兰"), "ATTENDED", event("主题党日活动", "2022-06-15", "activity"), "a4", s4),
    ]))
    # a5: a second article about a1's meeting (typed differently), and a place chain
    s5 = "赵鹏在会上要求,魏都区西关街道要做好考点保障。"
    a5 = article("a5", "中招考试保障有力", "6月15日召开的全市中招考试安全工作视频会上," + s5,
                 XC, "2022-06-16", "p2.txt", ("李新",))
    out.append(Extraction(a5, entities=[person("赵鹏"), place("魏都区", "district"), place("西关街道", "town")], facts=[
        fact(person("赵鹏"), "SPOKE_AT", event("全市中招考试安全工作视频会", "2022-06-15", "other"), "a5", s5, 0.8),
        fact(place("西关街道", "town"), "LOCATED_IN", place("魏都区", "district"), "a5", s5),
        fact(place("魏都区", "district"), "LOCATED_IN", place(XC, "city"), "a5", s5),
    ]))
    # a6, a7: two undated activities of one name stay apart
    for aid in ("a6", "a7"):
        s = f"社区开展主题党日活动,党员刘保新参加。{aid}"
        a = article(aid, "主题党日", s, XC, None, "p4.txt")
        out.append(Extraction(a, entities=[person("刘保新")], facts=[
            fact(person("刘保新"), "ATTENDED", event("主题党日活动", None, "activity"), aid, s)]))
    return out


# A build adds pages: halves are split by file (a rebuilt file replaces all it gave).
FIRST_FILES = ("p1.txt", "p2.txt")


def first_half() -> list[Extraction]:
    return [x for x in samples() if x.article.file in FIRST_FILES]


def second_half() -> list[Extraction]:
    return [x for x in samples() if x.article.file not in FIRST_FILES]


def write(store: str, which: str = "all") -> None:
    from kg.graph.ingest import resolve_into
    from kg.graph.writer import BuildWriter
    from kg.resolution.resolve import localise
    chosen = {"first": first_half(), "second": second_half(), "all": samples()}[which]
    with BuildWriter(store) as writer:
        for x in chosen:
            writer.put(localise(x))
        resolve_into(writer)


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "all")
