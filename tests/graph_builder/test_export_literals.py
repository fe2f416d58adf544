"""Literal text survives every RDF export exactly: quotes, backslashes, line breaks, scripts, Turkish i."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph_builder.export import FORMATS, render
from graph_builder.workspace import Manifest, Workspace
from ontology.errors import CeasefireKGError
from ontology.namespaces import ENTITIES_GRAPH, PREFIXES, source_graph_iri
from tests.graph_builder.test_export_rdf import RDFLIB

RDF_FORMATS = [name for name, spec in FORMATS.items() if spec.kind in ("graph", "dataset")]
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
EXACT = ox.NamedNode(PREFIXES["oa"] + "exact")
ACTOR = ox.NamedNode(PREFIXES["actor"] + "somebody")
QUOTE = ox.NamedNode(PREFIXES["evidence"] + "somebody-1-quote")

#: What the sources hold: quotes in every style, backslashes, line breaks, Arabic, Russian, Turkish.
SPECIAL = list("\"'\\\n\r\t“”‘’«»„…") + list("ıİiIğĞşŞçÇöÖüÜ") + list("ИдлибЖуравлёв") + list("إدلبأردوغانً")
#: C0 control characters other than tab and line breaks: XML 1.0 cannot carry them (the last test's).
NOT_XML = "".join(chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
#: Any other character an RDF literal may hold: no lone surrogates, no unassigned code points (U+FFFE).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs", "Cn"), exclude_characters=NOT_XML)
    ),
    max_size=40,
)


def _store(text: str, language: str | None) -> ox.Store:
    """Return a store holding the text as a label in the entities graph and a quote in a source's graph."""
    store = ox.Store()
    literal = ox.Literal(text, language=language) if language else ox.Literal(text)
    entities = ox.NamedNode(str(ENTITIES_GRAPH))
    source = ox.NamedNode(source_graph_iri("some-source"))
    store.extend(
        [
            ox.Quad(ACTOR, LABEL, literal, entities),
            ox.Quad(ACTOR, LABEL, literal, source),  # the same triple in two graphs: written once
            ox.Quad(QUOTE, EXACT, ox.Literal(text), source),
        ]
    )
    return store


def _write_build_files(store: ox.Store, folder: Path) -> Path:
    """Write graph.ttl, graph.trig and the manifest a build writes next to the store; return the folder."""
    union = {quad.triple for quad in store}
    workspace = Workspace(folder)
    ox.serialize(union, str(workspace.graph_ttl), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    store.dump(str(workspace.graph_trig), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    workspace.write_manifest(Manifest("test", "sources", "none", triples=len(union), quads=len(store)))
    return folder


def _read_back(data: bytes, fmt: str) -> rdflib.Graph:
    if FORMATS[fmt].kind == "dataset":
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=RDFLIB[fmt])
        graph = rdflib.Graph()
        for subject, predicate, obj, _ in dataset.quads():
            graph.add((subject, predicate, obj))
        return graph
    return rdflib.Graph().parse(data=data, format=RDFLIB[fmt])


@pytest.mark.slow  # 60 examples, each through every RDF format
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, language=st.sampled_from([None, "tr", "ru", "ar", "en"]))
@example(text="He said \"no\" \\ then 'yes'", language=None)
@example(text="line one\nline two\r\nthree\ttabbed", language=None)
@example(text="“We reached a great deal of agreement,” Akar said.", language="en")
@example(text="Хорошо: Журавлёв сообщил о нарушениях в Идлибе", language="ru")
@example(text="وقف إطلاق النار في إدلب", language="ar")
@example(text="ılık İzmir iğde IŞIK ışık İI ıi", language="tr")
@example(text="", language=None)
@example(text="   ", language=None)
def test_literal_text_round_trips_exactly_through_every_rdf_format(text: str, language: str | None) -> None:
    store = _store(text, language)
    with tempfile.TemporaryDirectory() as temporary:
        # From the store, and from the files of a build next to it (what the CLI reads for the whole graph).
        for folder in (None, _write_build_files(store, Path(temporary))):
            for fmt in RDF_FORMATS:
                where = f"{fmt} from {folder or 'the store'}"
                graph = _read_back(render(store, fmt, folder=folder).data, fmt)
                labels = list(graph.objects(rdflib.URIRef(ACTOR.value), rdflib.URIRef(LABEL.value)))
                exacts = list(graph.objects(rdflib.URIRef(QUOTE.value), rdflib.URIRef(EXACT.value)))
                assert [str(label) for label in labels] == [text], where
                assert [label.language for label in labels] == [language], where  # type: ignore[attr-defined]
                assert [str(exact) for exact in exacts] == [text], where
                assert len(graph) == 2, where


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f", "\uffff"])
def test_rdfxml_refuses_a_control_character_it_cannot_carry_and_names_the_node(character: str) -> None:
    store = _store(f"before{character}after", None)
    with pytest.raises(CeasefireKGError, match=rf"U\+{ord(character):04X}.*somebody"):
        render(store, "rdfxml")
    for fmt in ("turtle", "nt", "trig", "nq", "jsonld"):
        graph = _read_back(render(store, fmt).data, fmt)
        assert str(next(graph.objects(rdflib.URIRef(QUOTE.value), None))) == f"before{character}after"
