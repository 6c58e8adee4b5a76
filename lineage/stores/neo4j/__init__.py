"""neo4j."""
