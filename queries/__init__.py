"""The Cypher library users paste into Neo4j Browser, and the Python that runs it."""
