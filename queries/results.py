"""Hold query results independently of the engine that produced them (Oxigraph or rdflib).

Both engines' answers are turned into the same plain values, so that they can be compared, sent from the child
process that runs a query back to its parent, and written in every output format by one set of writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

#: The datatype of a literal without a language tag or an explicit datatype (RDF 1.1 "simple literal").
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The datatype of a literal with a language tag.
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

TermKind = Literal["iri", "bnode", "literal"]
Form = Literal["select", "ask", "graph"]


class Term(NamedTuple):
    """Hold one RDF term: an IRI, a blank node or a literal (its datatype, or its language tag)."""

    kind: TermKind
    value: str
    datatype: str | None = None
    language: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        """Return the term of an IRI."""
        return cls("iri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, language: str | None = None) -> Term:
        """Return the term of a literal; a literal without datatype or language is an ``xsd:string``."""
        if language:
            return cls("literal", value, RDF_LANG_STRING, language.lower())
        return cls("literal", value, datatype or XSD_STRING, None)


#: One solution of a SELECT query: a term, or None where the variable is unbound, for each variable.
Row = tuple[Term | None, ...]
#: One triple of a CONSTRUCT or DESCRIBE answer.
TermTriple = tuple[Term, Term, Term]


@dataclass
class QueryResult:
    """Hold the answer to one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: Form
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[TermTriple] = field(default_factory=list)

    def __len__(self) -> int:
        """Return the number of solutions or triples (1 for an ASK answer)."""
        if self.form == "ask":
            return 1
        return len(self.rows) if self.form == "select" else len(self.triples)

    def dicts(self) -> list[dict[str, Term]]:
        """Return the solutions as ``{variable: term}`` dictionaries, leaving out unbound variables."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


@dataclass(frozen=True)
class Head:
    """Open the stream of a query's answer: its form and, for SELECT, its variables."""

    form: Form
    variables: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rows:
    """Carry a batch of SELECT solutions."""

    rows: list[Row]


@dataclass(frozen=True)
class Triples:
    """Carry a batch of CONSTRUCT or DESCRIBE triples."""

    triples: list[TermTriple]


#: What an engine streams: a Head first, then batches of rows or triples, or the ASK boolean.
Chunk = Head | Rows | Triples | bool


def collect(chunks: list[Chunk]) -> QueryResult:
    """Assemble the chunks an engine streamed into one result."""
    if not chunks or not isinstance(chunks[0], Head):
        raise ValueError("a query answer must open with its head")
    head = chunks[0]
    result = QueryResult(head.form, list(head.variables))
    for chunk in chunks[1:]:
        if isinstance(chunk, bool):
            result.boolean = chunk
        elif isinstance(chunk, Rows):
            result.rows.extend(chunk.rows)
        elif isinstance(chunk, Triples):
            result.triples.extend(chunk.triples)
    return result
