"""The export and result formats are registries: CLI choices, help and rendering all come from them."""

from __future__ import annotations

from typing import TextIO

import click
import pyoxigraph as ox
import pytest

from graph_builder import export
from graph_builder.cli import main
from ontology.namespaces import source_graph_iri
from queries import formats
from queries.results import Answer, QueryResult, Term


def _format_option(command: str) -> click.Option:
    (option,) = (p for p in main.commands[command].params if isinstance(p, click.Option) and p.name == "fmt")
    return option


@pytest.mark.parametrize(("command", "registry"), [("export", export.FORMATS), ("query", formats.FORMATS)])
def test_the_cli_offers_exactly_the_formats_of_the_registry(
    command: str, registry: dict[str, object]
) -> None:
    option = _format_option(command)
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(registry)


@pytest.mark.parametrize(
    ("command", "descriptions"),
    [
        ("export", [f.description for f in export.FORMATS.values()]),
        ("query", [f.description for f in formats.FORMATS.values()]),
    ],
)
def test_the_help_of_format_describes_each_format(command: str, descriptions: list[str]) -> None:
    help_text = _format_option(command).help or ""
    for description in descriptions:
        assert description in help_text


def test_a_result_format_added_to_the_registry_is_the_one_render_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def shout(answer: Answer, out: TextIO, width: int | None) -> None:
        out.write(",".join(answer.variables).upper())

    monkeypatch.setitem(
        formats.FORMATS, "shout", formats.ResultFormat("shout", "capitals", "text/plain", shout)
    )
    result = QueryResult("select", ["who", "what"], [(Term.literal("a"), None)])
    assert formats.render(result, "shout") == "WHO,WHAT"
    with pytest.raises(ValueError, match="unknown result format 'whisper'"):
        formats.render(result, "whisper")


def test_an_export_format_added_to_the_registry_renders_through_its_own_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def count(spec: export.ExportFormat, selection: export.Selection) -> export.Export:
        quads = sum(
            1
            for graph in selection.graphs
            for _ in selection.store.quads_for_pattern(None, None, None, graph)
        )
        return export.Export(spec, {spec.filename: str(quads).encode()}, f"{quads} quads")

    spec = export.ExportFormat("count", "dataset", "text/plain", ".count", "the number of quads", count)
    monkeypatch.setitem(export.FORMATS, "count", spec)
    store = ox.Store()
    graph = ox.NamedNode(source_graph_iri("one"))
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), graph))
    rendered = export.render(store, "count")
    assert rendered.files == {"graph.count": b"1"}
    assert rendered.summary == "1 quads"
