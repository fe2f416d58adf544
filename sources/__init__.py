"""The bundled sources: the seed article and the agreement records, shipped with the package as data."""
