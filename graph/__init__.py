"""The graph model (records, schema, ids), its networkx form, the embedded store and the ingest that fills it."""
