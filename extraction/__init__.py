"""Extraction: each article's mentions and facts (persons, organizations, places, events), with evidence."""
