"""Project the graph onto networkx and render it as an interactive page."""
