"""Reading: files and JSONL exports into articles (encodings, page layout, bylines, dates, the paper's city)."""
