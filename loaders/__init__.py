"""Reading pages into articles, extracting entities and facts, writing to Neo4j."""
