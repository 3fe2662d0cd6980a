"""Evaluation, apart from the pipeline: gold pages and BIO corpora scored against the extractor."""
