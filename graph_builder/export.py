"""Export the graph in the formats users' own tools read (triple stores, Protégé, Gephi, web apps, sheets).

RDF formats are written by Oxigraph's serializers (JSON-LD is compacted here, see ``graph_builder.jsonld``);
the whole graph streams from the files the build wrote next to the store (graph.ttl, graph.trig), which is
several times faster than reading every quad back out of the store, and the whole graph in Turtle or TriG
is that file as it is; one source's graph comes from the store. The network and table formats come from the
semantic projection of ``visualize.projection``. ``render`` returns the bytes of each file; ``write_export``
puts them in place atomically, so that a failed export never leaves a truncated file where a good one was.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

import pyoxigraph as ox

from ontology.errors import CannotFinishError, CeasefireKGError, InputError
from ontology.namespaces import PREFIXES, TERM_IRIS, source_graph_iri
from ontology.text import nearest

from .store import TURTLE_PREFIXES
from .workspace import BuiltFiles, Workspace, write_all_atomic

if TYPE_CHECKING:
    import networkx as nx

log = logging.getLogger(__name__)

Kind = Literal["graph", "dataset", "network", "table"]
T = TypeVar("T")


@dataclass(frozen=True)
class Selection:
    """Say what an export holds: the store, one source's graph or all of them, and with the ontology or not.

    ``built`` is the build's graph.ttl and graph.trig when the whole graph is exported: they stream several
    times faster than the quads read back out of the store.
    """

    store: ox.Store
    graphs: list[ox.NamedNode]
    source: str | None = None
    with_ontology: bool = False
    built: BuiltFiles | None = None


#: Make an export of a selection in a format (the format is given, so one renderer can serve several).
Renderer = Callable[["ExportFormat", Selection], "Export"]


@dataclass(frozen=True)
class ExportFormat:
    """Describe one export format: what it holds, its file, the tools it is for, and how it is made."""

    name: str
    kind: Kind
    media_type: str
    #: The extension of its one file (graph.EXT); empty for csv, which writes a folder of tables.
    extension: str
    description: str
    renderer: Renderer

    @property
    def filename(self) -> str:
        """Return the name of the export's one file, or "" when it writes several."""
        return f"graph{self.extension}" if self.extension else ""

    def render(self, selection: Selection) -> Export:
        """Render a selection of the graph in this format."""
        return self.renderer(self, selection)


#: What each kind of format holds, in the words of the help and the README.
KIND_HOLDS: Final[dict[Kind, str]] = {
    "graph": "the union of the data graphs, each triple once",
    "dataset": "one named graph per source",
    "network": "the network of the page (actors, places, agreements, provisions, events, statements)",
    "table": "that network as two tables",
}


#: Names people type for a format, to point them at ours.
_ALIASES: Final = {
    "ttl": "turtle",
    "n3": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nquads": "nq",
    "n-quads": "nq",
    "json-ld": "jsonld",
    "json": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "rdf/xml": "rdfxml",
    "owl": "rdfxml",
}
#: The files of the csv export, in the folder given as ``--out``.
NODES_CSV: Final = "nodes.csv"
EDGES_CSV: Final = "edges.csv"
#: The projection's node attributes as columns (see ``visualize.projection``): an event's status is its latest
#: account's, statuses every account's, disputed says whether its accounts disagree (and disputed_on where).
NODE_COLUMNS: Final = (
    "id", "label", "kind", "type", "date", "count", "status", "statuses", "accounts", "disputed",
    "disputed_on", "reported_by",
)  # fmt: skip
EDGE_COLUMNS: Final = ("source", "target", "label", "relation", "alternative", "reported_by")
#: The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection"): a text
#: cell that starts with one gets a leading apostrophe, which the spreadsheet shows as text and hides.
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML 1.0 cannot carry, not even as character references, as UTF-8 bytes: the C0 controls but
#: tab and line breaks (bytes below 0x20 are never part of a longer UTF-8 sequence), U+FFFE and U+FFFF.
_NOT_XML: Final = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


@dataclass(frozen=True)
class Export:
    """Hold a rendered export: the bytes of each of its files by name, and what it holds."""

    format: ExportFormat
    files: dict[str, bytes]
    summary: str

    @property
    def data(self) -> bytes:
        """Return the bytes of a single-file export."""
        (data,) = self.files.values()
        return data


def export_format(name: str) -> ExportFormat:
    """Return the export format of a name; raise InputError naming the formats when there is none."""
    found = FORMATS.get(name.lower())
    if found is not None:
        return found
    guess = _ALIASES.get(name.lower()) or next(iter(nearest(name.lower(), FORMATS, n=1)), None)
    hint = f"; did you mean {guess}?" if guess else ""
    raise InputError(f"unknown export format {name!r}{hint} Formats: {', '.join(FORMATS)}", value=name)


def source_ids(store: ox.Store) -> list[str]:
    """Return the ids of the named graphs an export of one source can pick: every source, and ``entities``."""
    prefix = source_graph_iri("")
    ontology = _ontology_graph().value
    return sorted(
        graph.value.removeprefix(prefix)
        for graph in store.named_graphs()
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(prefix) and graph.value != ontology
    )


def _ontology_graph() -> ox.NamedNode:
    return ox.NamedNode(TERM_IRIS["ONTOLOGY_GRAPH"])  # the string: the URIRef would import rdflib


def _entities_graph() -> ox.NamedNode:
    return ox.NamedNode(TERM_IRIS["ENTITIES_GRAPH"])


def select_graphs(
    store: ox.Store, *, source: str | None = None, with_ontology: bool = False
) -> list[ox.NamedNode]:
    """Return the named graphs an export holds: one source's, or entities then every source.

    The ontology's graph comes first when asked for.

    Raise InputError naming the nearest ids when ``source`` is not a graph of the store.
    """
    known = source_ids(store)
    if source is not None and source not in known:
        close = nearest(source, known)
        hint = f"did you mean {', '.join(close)}?" if close else f"the graph holds: {', '.join(known)}"
        raise InputError(f"unknown source id {source!r}; {hint}", value=source)
    entities = _entities_graph().value
    chosen = [source] if source is not None else known
    graphs = [ox.NamedNode(source_graph_iri(id_)) for id_ in chosen]
    graphs.sort(key=lambda graph: (graph.value != entities, graph.value))
    if with_ontology:
        graphs.insert(0, _ontology_graph())
    return graphs


class TripleUnion:
    """Iterate over the distinct triples of some named graphs (their union), graph by graph, and count them.

    A triple stated by several sources stands once in the union. Remembering every triple (or its hash)
    costs about a second per million here, so the union remembers subjects instead: a triple can only
    stand in an earlier graph if its subject does. Only the triples of such a subject (the shared actors
    and agreements, a small part of the graph) are remembered, from the second graph that has it on.
    """

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode]) -> None:
        self.store = store
        self.graphs = graphs
        #: How many triples the last complete iteration yielded.
        self.count = 0

    def __iter__(self) -> Iterator[ox.Triple]:
        pattern = self.store.quads_for_pattern
        # Subjects by their IRI or blank node id: a string compares faster than a term, and the two cannot
        # clash (an absolute IRI has a colon, a blank node id none).
        first_graph: dict[str, int] = {}
        written: dict[str, set[ox.Triple]] = {}
        count = 0
        for index, graph in enumerate(self.graphs):
            last = ""
            shared: set[ox.Triple] | None = None
            for quad in pattern(None, None, None, graph):
                triple = quad.triple
                subject = triple.subject.value  # type: ignore[union-attr]  # no triple terms as subjects
                # A graph lists a subject's triples together: one lookup per subject, not per triple.
                if subject != last:
                    last = subject
                    first = first_graph.setdefault(subject, index)
                    shared = None
                    if first < index:
                        shared = written.get(subject)
                        if shared is None:
                            # The second graph with this subject: until now only the first one had it.
                            earlier = pattern(triple.subject, None, None, self.graphs[first])
                            shared = written[subject] = {other.triple for other in earlier}
                if shared is not None:
                    if triple in shared:
                        continue
                    shared.add(triple)
                count += 1
                yield triple
        self.count = count


def graph_triples(store: ox.Store, graphs: list[ox.NamedNode]) -> TripleUnion:
    """Return the distinct triples of some named graphs (their union) as an iterable that counts them."""
    return TripleUnion(store, graphs)


def graph_quads(store: ox.Store, graphs: list[ox.NamedNode]) -> Iterator[ox.Quad]:
    """Yield the quads of some named graphs, graph by graph."""
    return chain.from_iterable(store.quads_for_pattern(None, None, None, graph) for graph in graphs)


class _Counted(Generic[T]):
    """Count the items of an iterable as a consumer (a serializer) draws them."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            self.count += 1
            yield item


def _dataset_renderer(rdf: ox.RdfFormat) -> Renderer:
    """Return the renderer of a quad format: one named graph per source, by Oxigraph's serializer."""

    def render(spec: ExportFormat, selection: Selection) -> Export:
        copied = _as_built(selection, rdf)
        if copied is not None:
            data, built = copied
            summary = f"{built.manifest.quads:,} quads in {len(selection.graphs)} named graph(s)"
            return Export(spec, {spec.filename: data}, summary)
        quads, counted = _dataset(selection)
        data = _serialize(quads, rdf, spec.name)
        summary = f"{counted():,} quads in {len(selection.graphs)} named graph(s)"
        return Export(spec, {spec.filename: data}, summary)

    return render


def _graph_renderer(rdf: ox.RdfFormat) -> Renderer:
    """Return the renderer of a triple format: the union of the graphs, by Oxigraph's serializer."""

    def render(spec: ExportFormat, selection: Selection) -> Export:
        copied = _as_built(selection, rdf)
        if copied is not None:
            data, built = copied
            return Export(spec, {spec.filename: data}, f"{built.manifest.triples:,} triples")
        triples, counted = _union(selection)
        data = _serialize(triples, rdf, spec.name)
        if rdf == ox.RdfFormat.RDF_XML:
            data = _xml_safe(data, selection.store, selection.graphs)
        return Export(spec, {spec.filename: data}, f"{counted():,} triples")

    return render


def _jsonld_renderer(spec: ExportFormat, selection: Selection) -> Export:
    """Render the union of the selection's graphs as compacted JSON-LD."""
    from .jsonld import compact_jsonld

    triples, counted = _union(selection)
    document = compact_jsonld(triples)
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    return Export(spec, {spec.filename: data}, f"{counted():,} triples")


def _network_renderer(spec: ExportFormat, selection: Selection) -> Export:
    """Render the selection's network as GraphML or GEXF."""
    network = _network_of(spec, selection)
    return Export(spec, {spec.filename: _network_xml(network, spec)}, _network_summary(network))


def _csv_renderer(spec: ExportFormat, selection: Selection) -> Export:
    """Render the selection's network as nodes.csv and edges.csv."""
    network = _network_of(spec, selection)
    return Export(spec, _csv_files(network), _network_summary(network))


#: The export formats by name, in the order the help and the README list them.
FORMATS: Final = {
    f.name: f
    for f in (
        ExportFormat(
            "turtle",
            "graph",
            "text/turtle",
            ".ttl",
            "Turtle (Protégé, most RDF tools)",
            _graph_renderer(ox.RdfFormat.TURTLE),
        ),
        ExportFormat(
            "trig",
            "dataset",
            "application/trig",
            ".trig",
            "TriG (triple stores)",
            _dataset_renderer(ox.RdfFormat.TRIG),
        ),
        ExportFormat(
            "nt",
            "graph",
            "application/n-triples",
            ".nt",
            "N-Triples, one triple a line",
            _graph_renderer(ox.RdfFormat.N_TRIPLES),
        ),
        ExportFormat(
            "nq",
            "dataset",
            "application/n-quads",
            ".nq",
            "N-Quads, one quad a line",
            _dataset_renderer(ox.RdfFormat.N_QUADS),
        ),
        ExportFormat(
            "jsonld",
            "graph",
            "application/ld+json",
            ".jsonld",
            'JSON-LD with a compact context ("label", "speaker", …; web apps)',
            _jsonld_renderer,
        ),
        ExportFormat(
            "rdfxml",
            "graph",
            "application/rdf+xml",
            ".rdf",
            "RDF/XML (Protégé, older tools)",
            _graph_renderer(ox.RdfFormat.RDF_XML),
        ),
        ExportFormat(
            "graphml",
            "network",
            "application/graphml+xml",
            ".graphml",
            "GraphML, kind, label and date on each node (Gephi, yEd)",
            _network_renderer,
        ),
        ExportFormat("gexf", "network", "application/gexf+xml", ".gexf", "GEXF (Gephi)", _network_renderer),
        ExportFormat(
            "csv",
            "table",
            "text/csv",
            "",
            "nodes.csv and edges.csv in a folder (spreadsheets; no text cell runs as a formula)",
            _csv_renderer,
        ),
    )
}


def render(
    store: ox.Store,
    fmt: str,
    *,
    source: str | None = None,
    with_ontology: bool = False,
    folder: Path | None = None,
) -> Export:
    """Render the store's data graphs (or one source's) in an export format; return the files' bytes.

    The triple formats (Turtle, N-Triples, RDF/XML, JSON-LD) hold the union of the graphs, each triple
    once; the quad formats (TriG, N-Quads) keep one named graph per source. ``with_ontology`` adds the
    ontology (RDF formats only). ``folder`` is the build's output folder that holds the store: the whole
    graph is then read from its graph.ttl and graph.trig, written by the same build from the same quads.
    """
    spec = export_format(fmt)
    rdf = spec.kind in ("graph", "dataset")
    if with_ontology and not rdf:
        raise InputError(
            f"the ontology can be added to the RDF formats only, not {spec.name}", value=spec.name
        )
    graphs = select_graphs(store, source=source, with_ontology=with_ontology)
    built = Workspace(folder).built_files() if folder is not None and source is None and rdf else None
    return spec.render(Selection(store, graphs, source, with_ontology, built))


def _network_of(spec: ExportFormat, selection: Selection) -> nx.MultiDiGraph:
    return _network(selection.store, source=selection.source, graphs=selection.graphs)


def _network_summary(network: nx.MultiDiGraph) -> str:
    return f"{network.number_of_nodes():,} nodes and {network.number_of_edges():,} edges"


def _dataset(selection: Selection) -> tuple[Iterable[ox.Quad], Callable[[], int]]:
    """Return the quads of an export and a function that counts them once they are written."""
    store, graphs, built = selection.store, selection.graphs, selection.built
    if built is None:
        quads = _Counted(graph_quads(store, graphs))
        return quads, lambda: quads.count
    ontology = list(graph_quads(store, graphs[:1])) if selection.with_ontology else []
    # Handed to the serializer as Oxigraph's own iterator: a Python generator in between costs a third more.
    return chain(
        ontology, _parse(built.trig, ox.RdfFormat.TRIG)
    ), lambda: len(ontology) + built.manifest.quads


def _as_built(selection: Selection, rdf: ox.RdfFormat) -> tuple[bytes, BuiltFiles] | None:
    """Return the bytes of the build's own file when it is the export asked for (and the build), else None.

    graph.ttl and graph.trig are the whole graph written by Oxigraph's serializer with the prefixes an
    export uses, from the same quads as the store: an export of the whole graph in Turtle or TriG, without
    the ontology, is that file as it is, and reading it costs a fraction of parsing and writing it again.
    """
    built = selection.built
    if built is None or selection.with_ontology:
        return None
    path = {ox.RdfFormat.TURTLE: built.turtle, ox.RdfFormat.TRIG: built.trig}.get(rdf)
    return None if path is None else (path.read_bytes(), built)


def _union(selection: Selection) -> tuple[Iterable[ox.Triple], Callable[[], int]]:
    """Return the distinct triples of an export and a function that counts them once they are written."""
    store, graphs, built = selection.store, selection.graphs, selection.built
    if built is None:
        union = graph_triples(store, graphs)
        return union, lambda: union.count
    ontology = list(graph_triples(store, graphs[:1])) if selection.with_ontology else []
    turtle = _parse(built.turtle, ox.RdfFormat.TURTLE)
    return chain(ontology, turtle), lambda: len(ontology) + built.manifest.triples


def _parse(path: Path, format: ox.RdfFormat) -> Iterator[Any]:
    """Stream the triples or quads of a file the build wrote with Oxigraph's parser.

    Leniently: the build wrote the file from terms it had checked, so the IRIs need no second validation.
    """
    return iter(ox.parse(path=str(path), format=format, lenient=True))


def _serialize(items: Iterable[ox.Triple] | Iterable[ox.Quad], rdf: ox.RdfFormat, name: str) -> bytes:
    prefixes: dict[str, str] | None = PREFIXES
    if rdf in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        prefixes = None
    elif rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        prefixes = TURTLE_PREFIXES
    try:
        data = ox.serialize(items, format=rdf, prefixes=prefixes)
    except (ValueError, TypeError, OSError) as exc:
        raise CeasefireKGError(f"cannot write the graph as {name}: {exc}") from exc
    assert data is not None
    return data


def _xml_safe(data: bytes, store: ox.Store, graphs: list[ox.NamedNode]) -> bytes:
    """Make Oxigraph's RDF/XML read back exactly by any XML parser, or refuse what XML cannot carry.

    XML parsers turn a raw carriage return into a line feed, so it becomes a character reference (a raw CR
    can only stand in text or attribute values, where the reference means the same character). Most C0
    control characters have no XML 1.0 form at all: say which literal holds one.
    """
    bad = _NOT_XML.search(data)
    if bad is not None:
        found = bad.group().decode("utf-8")
        character = f"U+{ord(found):04X}"
        where = next(
            (
                triple
                for triple in graph_triples(store, graphs)
                if isinstance(triple.object, ox.Literal) and found in triple.object.value
            ),
            None,
        )
        subject = f" (in a value of {where.subject})" if where is not None else ""
        raise CeasefireKGError(
            f"RDF/XML cannot carry the control character {character}{subject}; export as turtle or nt instead"
        )
    return data.replace(b"\r", b"&#13;")


def _network(store: ox.Store, *, source: str | None, graphs: list[ox.NamedNode]) -> nx.MultiDiGraph:
    """Project the store (or one source's graph, with the entities it names) onto the analyst's network."""
    from visualize.projection import project

    if source is None:
        return project(store)
    # The projection reads labels and kinds of actors and places from the entities graph; keep only the
    # nodes the source itself mentions, so that one source's network is not every known entity.
    scratch = ox.Store()
    entities = _entities_graph()
    scratch.extend(graph_quads(store, [*graphs, *([entities] if entities not in graphs else [])]))
    mentioned: set[str] = set()
    for quad in store.quads_for_pattern(None, None, None, graphs[0]):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                mentioned.add(term.value)
    full = project(scratch)
    return full.subgraph(node for node in full if node in mentioned).copy()


def _network_xml(network: nx.MultiDiGraph, spec: ExportFormat) -> bytes:
    """Write the network as GraphML or GEXF with networkx."""
    import networkx as nx

    buffer = io.BytesIO()
    try:
        if spec.name == "graphml":
            nx.write_graphml(_unique_edge_keys(network), buffer, encoding="utf-8", prettyprint=True)
        else:
            nx.write_gexf(network, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    except (ValueError, nx.NetworkXError) as exc:
        raise CeasefireKGError(f"cannot write the network as {spec.name}: {exc}") from exc
    return buffer.getvalue()


def _unique_edge_keys(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose edge keys are unique in the whole graph, as GraphML edge ids must be.

    The projection keys plain links by relation (``partyTo``), unique between two nodes but not overall;
    such a key gets a number, and a key already unique (a relationship IRI) stays as it is.
    """
    import networkx as nx

    uses = Counter(key for _, _, key in network.edges(keys=True))
    taken: set[str] = {str(key) for key, count in uses.items() if count == 1}
    numbers: Counter[str] = Counter()
    copy: nx.MultiDiGraph = nx.MultiDiGraph()
    copy.add_nodes_from(network.nodes(data=True))
    for start, end, key, data in network.edges(keys=True, data=True):
        new = str(key)
        if uses[key] > 1:
            while new in taken or new == str(key):
                numbers[str(key)] += 1
                new = f"{key}-{numbers[str(key)]}"
            taken.add(new)
        copy.add_edge(start, end, key=new, **data)
    return copy


def _csv_files(network: nx.MultiDiGraph) -> dict[str, bytes]:
    """Write the network as two tables, nodes.csv and edges.csv, for spreadsheets.

    UTF-8 with a byte-order mark, because Excel reads a CSV without one in the local code page and would
    garble the Arabic, Russian and Turkish names; comma-separated, CRLF line ends (RFC 4180). Columns beyond
    the projection's contract, if it grows some, follow the known ones in name order. A text cell that a
    spreadsheet would run as a formula (a label ``=HYPERLINK(…)``) starts with an apostrophe; numbers,
    negative ones too, stay numbers.
    """
    node_rows = [{"id": node, **data} for node, data in network.nodes(data=True)]
    edge_rows = [{"source": start, "target": end, **data} for start, end, data in network.edges(data=True)]
    return {NODES_CSV: _table(node_rows, NODE_COLUMNS), EDGES_CSV: _table(edge_rows, EDGE_COLUMNS)}


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    extra = sorted({key for row in rows for key in row} - set(columns))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[*columns, *extra], lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> str:
    """Return a value as a cell: text that would start a formula gets a leading apostrophe, numbers stay."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def check_destination(out: Path, fmt: str) -> None:
    """Check that an export can be written to ``out`` before any work; raise InputError when it cannot.

    ``out`` is a file for every format but csv, where it is the folder that receives nodes.csv and
    edges.csv. Its folder must exist and be writable.
    """
    spec = export_format(fmt)
    folder = out if spec.kind == "table" else out.parent
    if spec.kind == "table" and out.exists() and not out.is_dir():
        raise InputError("csv writes nodes.csv and edges.csv: give a folder, not a file", file=str(out))
    if spec.kind != "table" and out.is_dir():
        raise InputError(f"is a folder; give a file name, e.g. {out / spec.filename}", file=str(out))
    if not folder.is_dir():
        raise InputError("the output folder does not exist", file=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("the output folder is not writable", file=str(folder))


def write_export(export: Export, out: Path) -> list[Path]:
    """Write an export to ``out`` (a file, or the folder of the csv tables); return the files written.

    Each file is written to a temporary file in the same folder and renamed over the old one, so a failure
    (a full disk, a missing permission) leaves the previous file as it was; for csv both tables are written
    before either replaces its predecessor. Raise CannotFinishError when a file cannot be written.
    """
    check_destination(out, export.format.name)
    if export.format.kind == "table":
        targets = {out / name: data for name, data in export.files.items()}
    else:
        targets = {out: export.data}
    try:
        write_all_atomic(targets)
    except OSError as exc:
        # Past check_destination, a failed write is the disk's or the system's doing, not the arguments'.
        reason = exc.strerror or str(exc)
        raise CannotFinishError(f"{out}: cannot write the export: {reason}; nothing was replaced") from exc
    return list(targets)
