"""Project the graph onto networkx and render it as an interactive page."""

#: The most nodes a page shows unless told otherwise (the most central ones); measured in benchmarks/ to be
#: written and drawn within a few seconds. Here, not in ``page``, so that the CLI reads it without importing
#: networkx and pyvis.
DEFAULT_MAX_NODES = 10_000
