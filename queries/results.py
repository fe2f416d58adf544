"""Hold query results independently of the engine that produced them (Oxigraph or rdflib).

Both engines' answers are turned into the same plain values, so that they can be compared, sent from the child
process that runs a query back to its parent, and written in every output format by one set of writers. An
answer travels as a stream of chunks (a head, then batches of rows or triples): ``Answer`` reads it as it
comes, so that writing a long answer never holds it whole; ``QueryResult`` holds a whole answer, for small
uses and comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType
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

    def chunks(self) -> Iterator[Chunk]:
        """Yield the result as the chunks an engine streams, so that an Answer can read it."""
        yield Head(self.form, tuple(self.variables))
        if self.form == "ask":
            yield bool(self.boolean)
        elif self.form == "select":
            yield Rows(self.rows)
        else:
            yield Triples(self.triples)


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


class Answer:
    """Read a query's answer as it is computed: its form and variables, then its rows, triples or boolean.

    The rows (or triples) can be read once. Closing the answer, or leaving its ``with`` block, stops the query
    if it is still running (the process computing it is killed).
    """

    def __init__(self, chunks: Iterator[Chunk]) -> None:
        self._chunks = chunks
        head = next(chunks, None)
        if not isinstance(head, Head):
            self.close()
            raise ValueError("a query answer must open with its head")
        self.form: Form = head.form
        self.variables: tuple[str, ...] = head.variables
        self._read = False

    def rows(self) -> Iterator[Row]:
        """Yield the solutions of a SELECT answer as they arrive (nothing for another form)."""
        for chunk in self._rest():
            if isinstance(chunk, Rows):
                yield from chunk.rows

    def triples(self) -> Iterator[TermTriple]:
        """Yield the triples of a CONSTRUCT or DESCRIBE answer as they arrive (nothing for another form)."""
        for chunk in self._rest():
            if isinstance(chunk, Triples):
                yield from chunk.triples

    def boolean(self) -> bool:
        """Return the answer of an ASK query (False for another form)."""
        return any(chunk is True for chunk in self._rest())

    def collect(self) -> QueryResult:
        """Read the whole answer into a QueryResult."""
        result = QueryResult(self.form, list(self.variables))
        for chunk in self._rest():
            if isinstance(chunk, bool):
                result.boolean = chunk
            elif isinstance(chunk, Rows):
                result.rows.extend(chunk.rows)
            elif isinstance(chunk, Triples):
                result.triples.extend(chunk.triples)
        return result

    def close(self) -> None:
        """Stop reading: the query stops if it is still running."""
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Answer:
        """Return the answer itself, to be closed when the block ends."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Close the answer."""
        self.close()

    def _rest(self) -> Iterator[Chunk]:
        if self._read:
            raise RuntimeError("the answer has already been read")
        self._read = True
        try:
            yield from self._chunks
        finally:
            self.close()
