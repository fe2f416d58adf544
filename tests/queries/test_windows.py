"""The date window of timeline, violations_by_day and quantities gives one answer however it is bound.

These queries apply the window early, inside a subquery (so that the rest is looked up only for what lies in
it), and once more in the outermost group. Oxigraph substitutes a parameter everywhere and rdflib binds it
from the start, so both see it in the subquery; an engine that binds it by joining a VALUES block to the
outermost group (as one does for a SPARQL server) does not, and must still get the same rows. The windows
below cut the seed's accounts in different places: a day inside, a range across an edge, a period.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ontology.namespaces import PREFIXES
from queries.catalog import load_named
from queries.runner import run_query

WINDOWED = ["timeline", "violations_by_day", "quantities"]
WINDOWS = [
    {"since": "2020-03-10", "until": "2020-03-12"},
    {"since": "2020-03-11"},
    {"until": "2020-03-09"},
    {"since": "2020-03-09", "until": "2020-03-09"},
    {},
]
XSD_DATE = ox.NamedNode(PREFIXES["xsd"] + "date")


def values_first(text: str, window: dict[str, str]) -> str:
    """Return the query with the window as a VALUES block opening its outermost WHERE group."""
    if not window:
        return text
    names = " ".join(f"?{name}" for name in window)
    values = " ".join(f'"{day}"^^<{XSD_DATE.value}>' for day in window.values())
    head, rest = text.split("\nWHERE {\n", 1)
    return f"{head}\nWHERE {{\n  VALUES ({names}) {{ ({values}) }}\n{rest}"


def rows(solutions: object) -> list[tuple[str, ...]]:
    """Return the rows as sorted tuples of N-Triples terms ("" where a variable is unbound)."""
    assert isinstance(solutions, ox.QuerySolutions)
    names = solutions.variables
    return sorted(tuple("" if s[v] is None else str(s[v]) for v in names) for s in solutions)


@pytest.mark.parametrize(
    "window", WINDOWS, ids=lambda w: "-".join(f"{k}={v}" for k, v in w.items()) or "none"
)
@pytest.mark.parametrize("name", WINDOWED)
def test_the_window_joined_to_the_outermost_group_keeps_the_rows_of_the_bound_one(
    seed_store: ox.Store, name: str, window: dict[str, str]
) -> None:
    text = load_named(name).text
    bound = rows(
        seed_store.query(
            text,
            use_default_graph_as_union=True,
            prefixes=PREFIXES,
            substitutions={ox.Variable(k): ox.Literal(v, datatype=XSD_DATE) for k, v in window.items()},
        )
    )
    joined = rows(
        seed_store.query(values_first(text, window), use_default_graph_as_union=True, prefixes=PREFIXES)
    )
    assert joined == bound
    everything = len(run_query(seed_store, name))
    assert 0 < len(bound) <= everything
    if window:
        assert len(bound) < everything, f"{name}: the window {window} keeps every row of the seed"
