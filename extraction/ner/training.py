"""Training the NER CRF: kept apart from inference, which never imports this module.

The features and labels come from the same analysis as recognition (recognizer.py), so a
model trained here sees at run time exactly what it was trained on.
"""
from __future__ import annotations

import json
from pathlib import Path

from kg.extraction.ner import recognizer as ner
from kg.extraction.ner.crf import FEATURE_VERSION, META_PATH, MODEL_PATH, bio_labels, file_digest

TRAIN_PARAMS = {
    "c1": 0.05,  # L1: keeps the model small
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def prepare(sentences) -> list[tuple[ner.Analysis, list[tuple[list[list[str]], list[str]]]]]:
    """For each BIO sentence: its ner.Analysis and, per piece, (features, gold labels).

    Uses the same analysis and features as recognition (recognizer.py), so a model trained
    on these sees at run time exactly what it was trained on.
    """
    out = []
    for sentence, analysis in zip(sentences, ner.analyse_many([s.text for s in sentences])):
        gold = bio_labels(len(sentence.text), sentence.spans)
        feats = ner.crf_features(sentence.text, analysis)
        out.append((analysis, [(f, gold[s:e]) for f, (s, e) in zip(feats, analysis.pieces)]))
    return out


def train(sequences, model_path: str | Path, params: dict | None = None) -> None:
    """Train a CRF on (features, labels) sequences and write it to model_path."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in sequences:
        trainer.append(feats, labels)
    trainer.set_params({**TRAIN_PARAMS, **(params or {})})
    trainer.train(str(model_path))


def write_model(
    bio_path: str | Path,
    sentences,
    cross_validation,
    *,
    model_path: Path = MODEL_PATH,
    meta_path: Path = META_PATH,
) -> None:
    """Train on all sentences of bio_path; write the model and its metadata (the file's
    SHA-256 for train-on-test detection, and the cross-validated figures to show then)."""
    from dataclasses import asdict

    model_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = model_path.with_name(model_path.name + ".tmp")
    train((piece for _, pieces in prepare(sentences) for piece in pieces), tmp)
    tmp.replace(model_path)
    cv = asdict(cross_validation)
    meta = {
        "feature_version": FEATURE_VERSION,
        "training_file": Path(bio_path).name,
        "training_sha256": [file_digest(bio_path)],
        "training_sentences": len(sentences),
        "params": TRAIN_PARAMS,
        "cross_validation": {
            "k": cv["k"],
            "split": "contiguous blocks of sentences in file order; each fold's model "
                     "trained on the other blocks only",
            "folds": [
                {"test_sentences": list(f), "crf": crf, "rules": rules}
                for f, crf, rules in zip(cv["folds"], cv["crf"], cv["rules"])
            ],
        },
    }
    tmp_meta = meta_path.with_name(meta_path.name + ".tmp")
    tmp_meta.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    tmp_meta.replace(meta_path)
