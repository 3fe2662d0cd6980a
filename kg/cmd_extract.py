"""`kg ner`, `kg extract`, `kg eval`: entity recognition, extraction, and their scores."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from kg.common import EXIT_SKIPPED, fail, out, warn
from kg.graph import schema
from kg.graph.records import Article, Entity, Extraction, Fact, ReadProblem

# Where ../shared is for a checkout at /work/main (the default gold folders).
_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _entity_json(entity: Entity) -> dict:
    return {"type": entity.type, "name": entity.name, **{k: v for k, v in entity.props if k != "name"}}


def _fact_json(fact: Fact) -> dict:
    record = {"subject": {"type": fact.subject.type, "name": fact.subject.name},
              "predicate": fact.predicate,
              "object": {"type": fact.object.type, "name": fact.object.name},
              "article": fact.article, "evidence": fact.evidence, "confidence": fact.confidence}
    record.update(dict(fact.props))
    return record


def _extraction_json(extraction: Extraction) -> str:
    article = extraction.article
    return json.dumps({"article": article.id, "title": article.title, "date": article.date,
                       "file": article.file,
                       "entities": [_entity_json(e) for e in extraction.entities],
                       "facts": [_fact_json(f) for f in extraction.facts]},
                      ensure_ascii=False, default=str)


def _print_extraction(extraction: Extraction) -> None:
    article = extraction.article
    table = Table(title=f"{article.title}  ({article.date or '?'}, {article.id})", show_lines=False)
    for column in ("subject", "relation", "object", "details", "evidence"):
        table.add_column(column, overflow="fold")
    for fact in extraction.facts:
        if fact.predicate == schema.MENTIONED_IN:
            continue
        details = ", ".join(f"{k}={v}" for k, v in fact.props)
        table.add_row(fact.subject.name, fact.predicate, fact.object.name, details, fact.evidence)
    out.print(table)


def _ner_mentions(text: str) -> list[dict]:
    try:
        from kg.extraction.ner.recognizer import recognize
    except ImportError:  # the statistical recogniser is optional: fall back on the rules
        from kg.extraction.extract import extract
        article = Article(id="ner", title="", body=text, file="-")
        mentions = extract(article).mentions
    else:
        mentions = recognize(text)
    return [{"start": m.start, "end": m.end, "text": m.text, "label": m.label} for m in mentions]


def ner_cmd(source: str = typer.Argument("-", help="A UTF-8 text file, one document a line; - reads stdin.")) -> None:
    """Named entities (PERSON, ORG, PLACE) of each input line, one JSON line out per line."""
    if source == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(source, encoding="utf-8")  # noqa: SIM115 (closed below; stdin is not ours to close)
        except OSError as exc:
            fail(f"{source}: cannot open ({exc.strerror})")
    try:
        for number, line in enumerate(stream, 1):  # noqa: B007 (the except clause names the line)
            text = line.rstrip("\r\n")
            print(json.dumps({"text": text, "mentions": _ner_mentions(text)}, ensure_ascii=False))
    except UnicodeDecodeError as exc:
        fail(f"{source}: line {number}: not UTF-8 ({exc.reason})")
    finally:
        if stream is not sys.stdin:
            stream.close()

def extract_cmd(
    paths: list[Path] = typer.Argument(..., help="Pages (.txt), JSONL exports or directories of them."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per article: entities and facts."),
    date: str | None = typer.Option(None, "--date", help="The paper's date (YYYY-MM-DD) when a page has no masthead."),
    city: str | None = typer.Option(None, "--city", help="The paper's city (e.g. 青川市)."),
) -> None:
    """Entities and facts of every article, each fact with its evidence sentence."""
    from kg.extraction.extract import extract
    from kg.reading.reader import read_paths

    skipped = 0
    for item in read_paths(paths, date=date, city=city):
        if isinstance(item, ReadProblem):
            warn(str(item))
            skipped += 1
            continue
        extraction = extract(item)
        if as_json:
            print(_extraction_json(extraction))
        else:
            _print_extraction(extraction)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)

def _default_gold() -> list[Path]:
    """The hand-checked seed pages and the development news, where a checkout finds them."""
    return [path for path in (_SHARED / "gold", _SHARED / "corpus" / "dev-news") if path.is_dir()]


def eval_cmd(
    folders: list[Path] | None = typer.Argument(
        None, help="Gold folders: *.json beside ../corpus/seeds, or articles with a gold/ folder "
                   "(default: ../shared/gold and ../shared/corpus/dev-news)."),
    gold: list[Path] | None = typer.Option(None, "--gold", help="A gold folder (same as a FOLDERS argument)."),
    seeds: Path | None = typer.Option(
        None, "--seeds", help="Directory of the seed pages (default: ../corpus/seeds beside a gold folder)."),
    explain: bool = typer.Option(False, "--explain", help="List what was missed and what was invented, per type."),
    bio: Path | None = typer.Option(None, "--bio", help="Also score `kg ner` on a BIO corpus (PER, ORG, LOC)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    stage: str = typer.Option(
        "graph", "--stage",
        help="What is scored: 'graph', the resolved graph `kg build` makes of each folder's articles "
             "(default), or 'extraction', the extractor's output before resolution."),
) -> None:
    """Precision, recall and F1 per type and per kind of event against gold folders (and a BIO corpus)."""
    from kg.evaluation import gold as gold_eval

    chosen = list(folders or []) + list(gold or []) or _default_gold()
    if not chosen:
        fail(f"no gold folders given and none at {_SHARED}")
    for folder in chosen:
        if not folder.is_dir():
            fail(f"{folder}: no such gold directory")
    try:
        report = gold_eval.evaluate(chosen, seeds, stage=stage)
    except gold_eval.GoldError as exc:
        fail(str(exc))
    result: dict[str, Any] = {"gold": report.as_dict()}
    if bio is not None:
        from kg.evaluation.bio import BioFormatError, evaluate_bio
        if not bio.is_file():
            fail(f"{bio}: no such BIO file")
        try:
            scores = evaluate_bio(bio)
        except BioFormatError as exc:
            fail(str(exc))
        result["bio"] = {label: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": n}
                         for label, (p, r, f, n) in scores.items()}
        held_out = scores.cross_validated
        if scores.trained_on_file and held_out is not None:
            # The shipped CRF learnt from this very file: its figures here are
            # train-on-test. The held-out ones are what to read.
            result["bio_trained_on_file"] = True
            result["bio_cross_validated"] = {
                "folds": held_out.k,
                "mean_f1": {system: {lab: round(f, 4) for lab, f in held_out.mean_f1(system).items()}
                            for system in ("crf", "rules")},
            }
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    what = "Resolved graph" if stage == gold_eval.GRAPH else "Extraction"
    _print_scores(f"{what} against {', '.join(report.folders)}", report.totals)
    _print_scores("Event roles by kind of event", report.kinds, first="kind")
    if explain:
        for title, listed in (("", report.totals), ("roles:", report.kinds)):
            for name, score in listed.items():
                if name == "event_roles":
                    continue   # listed below, kind by kind
                for heading, items in (("missed", score.missed), ("invented", score.spurious),
                                       ("not scored", score.unscored)):
                    if items:
                        out.print(f"[bold]{title}{name} — {heading} ({len(items)})[/bold]")
                        for item in items:
                            out.print(f"  {item}", markup=False, highlight=False)
    if "bio" in result:
        bio_table = Table(title=f"Entity recognition on {bio}")
        for column in ("label", "precision", "recall", "F1", "support"):
            bio_table.add_column(column, justify="left" if column == "label" else "right")
        for label, s in result["bio"].items():
            bio_table.add_row(label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["support"]))
        if "bio_cross_validated" in result:
            bio_table.title = f"{bio_table.title} — TRAIN-ON-TEST, see the held-out figures below"
        out.print(bio_table)
        if "bio_cross_validated" in result:
            cv = result["bio_cross_validated"]
            warn(f"the shipped NER model was trained on {bio}: the table above overstates "
                 f"accuracy; the {cv['folds']}-fold held-out figures below are the real ones")
            cv_table = Table(title=f"Held-out F1, {cv['folds']}-fold cross-validation on {bio}")
            labels = list(cv["mean_f1"]["crf"])
            cv_table.add_column("model")
            for label in labels:
                cv_table.add_column(label, justify="right")
            for system, name in (("crf", "LAC + rules + CRF (shipped)"), ("rules", "LAC + rules")):
                cv_table.add_row(name, *(f"{cv['mean_f1'][system][lab]:.3f}" for lab in labels))
            out.print(cv_table)


def _print_scores(title: str, scores: dict, first: str = "type") -> None:
    table = Table(title=title)
    for column in (first, "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == first else "right")
    for name, score in scores.items():
        table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                      str(score.tp), str(score.fp), str(score.fn))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("ner")(ner_cmd)
    app.command("extract")(extract_cmd)
    app.command("eval")(eval_cmd)
