"""Turn ceasefire source documents into a checked knowledge graph."""
