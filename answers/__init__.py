"""Answers from the embedded store: a person's timeline and the research questions."""
