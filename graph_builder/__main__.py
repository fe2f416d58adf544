"""Run the ceasefire-kg CLI as ``python -m graph_builder``."""

from .cli import main

main(prog_name="ceasefire-kg")
