"""The SPARQL query library and its runner."""
