"""Write a query result as a table, CSV, TSV, JSON or Markdown; a CONSTRUCT or DESCRIBE answer as Turtle.

CSV, TSV and JSON follow the W3C SPARQL 1.1 Query Results formats (CSV with CRLF line ends and plain values;
TSV with terms in SPARQL syntax, numbers and booleans abbreviated; JSON as application/sparql-results+json),
so spreadsheets, pandas, R and other SPARQL tools read them. The table and Markdown are for people: IRIs
are shortened to the project's prefixes (``actor:hulusi-akar``).

Every format is written row by row as the answer arrives, so that memory stays flat however long the answer
(``write``). The table sizes its columns from the first ``TABLE_SAMPLE`` rows and wraps later rows within
those widths. A CONSTRUCT or DESCRIBE answer is sorted for its Turtle, so it is held whole.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Final, TextIO

from ontology.namespaces import PREFIXES, curie

from .results import RDF_LANG_STRING, XSD_STRING, Answer, QueryResult, Term, TermTriple

_XSD = PREFIXES["xsd"]
# Literals TSV may write bare, as SPARQL and Turtle do, when their text is the token of that type.
_BARE = {
    _XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    _XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    _XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+$"),
    _XSD + "boolean": re.compile(r"^(?:true|false)$"),
}
_RDF_TYPE = PREFIXES["rdf"] + "type"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def render(result: QueryResult, fmt: str, *, width: int | None = None) -> str:
    """Return the result written in a format of FORMATS; a graph answer is always Turtle.

    ``width`` is the table's width in characters (default: the terminal's, or 120 when there is none).
    """
    out = io.StringIO()
    write(Answer(result.chunks()), fmt, out, width=width)
    return out.getvalue()


def write(answer: Answer, fmt: str, out: TextIO, *, width: int | None = None) -> None:
    """Write an answer to ``out`` in a format of FORMATS as it arrives; a graph answer is always Turtle."""
    if answer.form == "graph":
        out.write(turtle(list(answer.triples())))
        return
    if fmt not in FORMATS:
        raise ValueError(f"unknown result format {fmt!r}: one of {', '.join(FORMATS)}")
    FORMATS[fmt].write(answer, out, width)


def _write_csv(answer: Answer, out: TextIO, width: int | None = None) -> None:
    """Write W3C SPARQL results CSV (values only; IRIs in full; CRLF line ends)."""
    if answer.form == "ask":
        out.write(_boolean(answer))
        return
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(answer.variables)
    writer.writerows(["" if term is None else _plain(term) for term in row] for row in answer.rows())


def _write_tsv(answer: Answer, out: TextIO, width: int | None = None) -> None:
    """Write W3C SPARQL results TSV (terms in SPARQL syntax; LF line ends)."""
    if answer.form == "ask":
        out.write(_boolean(answer))
        return
    out.write("\t".join(f"?{name}" for name in answer.variables) + "\n")
    out.writelines(
        "\t".join("" if term is None else sparql_term(term) for term in row) + "\n" for row in answer.rows()
    )


def _write_json(answer: Answer, out: TextIO, width: int | None = None) -> None:
    """Write W3C SPARQL 1.1 Query Results JSON, one binding at a time."""
    import json

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    if answer.form == "ask":
        out.write(dumps({"head": {}, "boolean": answer.boolean()}) + "\n")
        return
    variables = answer.variables
    out.write(dumps({"head": {"vars": list(variables)}})[:-1] + ',"results":{"bindings":[')
    for index, row in enumerate(answer.rows()):
        binding = {name: _json_term(t) for name, t in zip(variables, row, strict=True) if t is not None}
        out.write(("," if index else "") + dumps(binding))
    out.write("]}}\n")


def _write_markdown(answer: Answer, out: TextIO, width: int | None = None) -> None:
    """Write a Markdown (GitHub) table, IRIs shortened to the project's prefixes."""
    if answer.form == "ask":
        out.write(_boolean(answer))
        return

    def cell(term: Term | None) -> str:
        text = "" if term is None else display(term)
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")

    out.write("| " + " | ".join(answer.variables) + " |\n")
    out.write("|" + "|".join("---" for _ in answer.variables) + "|\n")
    out.writelines("| " + " | ".join(cell(term) for term in row) + " |\n" for row in answer.rows())


#: The table sizes its columns from this many first rows; later rows wrap within those widths, so that a table
#: of any length is drawn holding no more than these rows.
TABLE_SAMPLE = 1000


def _write_table(answer: Answer, out: TextIO, width: int | None = None) -> None:
    """Write a text table for a terminal, IRIs shortened to the project's prefixes.

    Columns wider than the terminal allows are wrapped within their cells. The widths come from the first
    ``TABLE_SAMPLE`` rows, with room to grow when more follow. (Drawn here rather than by rich: importing rich
    takes ~30 ms, a fifth of the time a whole query from the command line may take.)
    """
    if answer.form == "ask":
        out.write(_boolean(answer))
        return
    width = width or shutil.get_terminal_size((120, 24)).columns
    headers = list(answer.variables)
    cells: Iterator[list[str]] = (
        [" ".join(display(t).split()) if t is not None else "" for t in row] for row in answer.rows()
    )
    sample = list(islice(cells, TABLE_SAMPLE))
    after = list(islice(cells, 1))
    room = width - _GAP_WIDTH * max(len(headers) - 1, 0)
    widths = _column_widths(headers, sample, room)
    spare = room - sum(widths)
    if after and spare > 0 and widths:
        # Rows follow that may be a little longer than these (row 1000 after row 999): the room left over lets
        # each column grow up to twice its width, so that such values stay on one line.
        widths = [w + min(w, spare // len(widths)) for w in widths]
    out.write(_GAP.join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write(_GAP.join("─" * w for w in widths) + "\n")
    count = 0
    for row in chain(sample, after, cells):
        count += 1
        wrapped = [_wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        for i in range(max((len(parts) for parts in wrapped), default=1)):
            parts = [p[i] if i < len(p) else "" for p in wrapped]
            out.write(_GAP.join(part.ljust(w) for part, w in zip(parts, widths, strict=True)).rstrip() + "\n")
    out.write(f"{count} row{'' if count == 1 else 's'}\n")


_GAP = "  "
_GAP_WIDTH = len(_GAP)
#: A column is never squeezed below this many characters (or its header, if shorter).
_MIN_COLUMN = 10
#: A column of text keeps this many characters while the table can afford it.
_PROSE_COLUMN = 30


def _column_widths(headers: list[str], cells: list[list[str]], room: int) -> list[int]:
    """Return each column's width so that the columns fit in ``room`` characters where they can.

    Text wraps between words and ids are cut, so text is given room first: a column of text keeps at least
    ``_PROSE_COLUMN`` characters and an id column its longest id while that fits, the room left over going to
    the columns in proportion to what they lack to stay on one line. When that does not fit, the widest id
    columns are cut first, then the text columns, down to a floor of a few characters.
    """
    natural = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    if sum(natural) <= room:
        return natural
    longest = [
        max([len(h), *(len(word) for row in cells for word in row[i].split())]) for i, h in enumerate(headers)
    ]
    prose = [w < n for w, n in zip(longest, natural, strict=True)]
    widths = [
        min(n, max(w, _PROSE_COLUMN)) if is_prose else w
        for n, w, is_prose in zip(natural, longest, prose, strict=True)
    ]
    spare = room - sum(widths)
    if spare >= 0:
        wants = [n - w for n, w in zip(natural, widths, strict=True)]
        total = sum(wants) or 1
        return [w + spare * want // total for w, want in zip(widths, wants, strict=True)]
    floors = [min(w, max(len(h), _MIN_COLUMN)) for w, h in zip(widths, headers, strict=True)]
    while sum(widths) > room:
        cuttable = [i for i in range(len(widths)) if widths[i] > floors[i]]
        if not cuttable:
            break  # as narrow as it gets: the lines run over
        widest = max(cuttable, key=lambda i: (not prose[i], widths[i]))
        widths[widest] -= 1
    return widths


#: Where a long id or IRI may break across lines: after one of these.
_BREAKS = "-/:_#"


def _wrap(text: str, width: int) -> list[str]:
    """Break a cell's text into lines of at most ``width`` characters, at spaces where there are any."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(word) > width:  # a long IRI or id: break it after a - / : _ or #, or cut it at the width
            if line:
                lines.append(line)
            while len(word) > width:
                cut = max(word.rfind(mark, 0, width) for mark in _BREAKS) + 1
                cut = cut if cut > width // 2 else width  # no break mark late enough: cut
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        elif line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


def turtle(triples: Iterable[TermTriple]) -> str:
    """Return the triples of a CONSTRUCT or DESCRIBE answer as Turtle with the project's prefixes."""
    import pyoxigraph as ox

    def resource(term: Term) -> ox.NamedNode | ox.BlankNode:
        return ox.NamedNode(term.value) if term.kind == "iri" else ox.BlankNode(term.value)

    def node(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if term.kind != "literal":
            return resource(term)
        if term.language:
            return ox.Literal(term.value, language=term.language)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD_STRING))

    answer = sorted(triples)
    written = [ox.Triple(resource(s), ox.NamedNode(p.value), node(o)) for s, p, o in answer]
    # Only the prefixes the triples use, so that the Turtle does not open with 33 unused declarations
    # (rdf:type is written "a", and a plain string has no datatype in Turtle).
    iris = {t.value for s, p, o in answer for t in (s, p, o) if t.kind == "iri" and t.value != _RDF_TYPE}
    iris |= {o.datatype for _, _, o in answer if o.datatype and o.datatype != XSD_STRING}
    used = {p: ns for p, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}
    data = ox.serialize(written, format=ox.RdfFormat.TURTLE, prefixes=used)
    return data.decode("utf-8") if data else ""


def sparql_term(term: Term) -> str:
    """Write a term as SPARQL and Turtle do: ``<iri>``, ``_:b``, ``"text"@en``, ``"…"^^<…#date>``, ``3``."""
    if term.kind == "iri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    bare = _BARE.get(term.datatype or "")
    if bare is not None and bare.match(term.value):
        return term.value
    quoted = '"' + term.value.translate(_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype in (None, XSD_STRING):
        return quoted
    return f"{quoted}^^<{term.datatype}>"


def display(term: Term) -> str:
    """Return the text a person reads for a term: an IRI shortened by the project's prefixes, a value."""
    if term.kind == "iri":
        return curie(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _plain(term: Term) -> str:
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _json_term(term: Term) -> dict[str, str]:
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    if term.language or term.datatype == RDF_LANG_STRING:
        return {"type": "literal", "value": term.value, "xml:lang": term.language or ""}
    if term.datatype in (None, XSD_STRING):
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype}


def _boolean(answer: Answer) -> str:
    return "true\n" if answer.boolean() else "false\n"


#: Write a SELECT or ASK answer to a text stream as it arrives; the third argument is the width of a table in
#: characters (None: the terminal's), which only the table uses.
Writer = Callable[[Answer, TextIO, int | None], None]


@dataclass(frozen=True)
class ResultFormat:
    """Describe one format of query answers: its name, what it is for, its media type, its writer."""

    name: str
    description: str
    media_type: str
    write: Writer


#: The formats of query answers by name, in the order the help and the README list them.
FORMATS: Final = {
    f.name: f
    for f in (
        ResultFormat(
            "table",
            "a text table for the terminal, IRIs shortened to the project's prefixes",
            "text/plain",
            _write_table,
        ),
        ResultFormat(
            "csv",
            "W3C SPARQL results CSV: plain values, IRIs in full, CRLF line ends",
            "text/csv",
            _write_csv,
        ),
        ResultFormat(
            "tsv",
            "W3C SPARQL results TSV: terms in SPARQL syntax",
            "text/tab-separated-values",
            _write_tsv,
        ),
        ResultFormat(
            "json",
            "W3C SPARQL 1.1 results JSON",
            "application/sparql-results+json",
            _write_json,
        ),
        ResultFormat(
            "md",
            "a Markdown (GitHub) table, IRIs shortened",
            "text/markdown",
            _write_markdown,
        ),
    )
}
