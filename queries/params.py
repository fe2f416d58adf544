"""Declare, parse and type the parameters of a query (``actor=hulusi-akar``).

A query declares its parameters in its comment header, one per line::

    # @param actor: actor — the actor to profile
    # @param category: plover, optional — a PLOVER category such as THREATEN

The type turns the text the user gives into an RDF term: an id slug becomes the IRI of a node of that kind
(``hulusi-akar`` → ``…/id/actor/hulusi-akar``), a date an ``xsd:date`` literal, and so on. The term is then
bound to the query variable of the same name by the engine (``substitutions`` in Oxigraph, ``initBindings`` in
rdflib), never formatted into the query text as text. A server reached over the SPARQL protocol has no such
binding: there the terms go into a ``VALUES`` block that opens the query's WHERE group (``values_first``),
the one place where every engine measured binds them alike (Virtuoso answers a trailing ``VALUES`` wrongly).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ontology.errors import InputError
from ontology.namespaces import ID_SEGMENTS, PREFIXES, node_iri
from ontology.text import ISO_DAY, SLUG

from .results import Term
from .safety import code_tokens

XSD = PREFIXES["xsd"]
PLOVER_NAMESPACE = PREFIXES["plover"]

#: An example id of each kind of node, for help texts and error messages.
_EXAMPLE_IDS = {
    "actor": "hulusi-akar",
    "place": "idlib-governorate",
    "agreement": "moscow-additional-protocol-2020",
    "provision": "moscow-protocol-article-1-ceasefire",
    "event": "violations-2020-03-09",
    "statement": "akar-great-deal-of-agreement",
    "relationship": "erdogan-leads-turkey",
    "attribution": "violations-2020-03-09",
    "source": "pax-idlib-agreements",
    "evidence": "violations-2020-03-09-1",
}
#: What each parameter type accepts, for help texts and error messages.
TYPE_HELP: dict[str, str] = {
    **{
        segment: f"{'an' if segment[0] in 'aeiou' else 'a'} {segment} id such as {example}, "
        f"{segment}:{example} or a full IRI"
        for segment, example in _EXAMPLE_IDS.items()
    },
    "iri": "an IRI, written in full (https://…) or as a CURIE such as event:violations-2020-03-09",
    "plover": "a PLOVER category such as THREATEN, AGREE or CONSULT",
    "date": "a date written YYYY-MM-DD",
    "integer": "a whole number such as 3",
    "string": "any text",
}
PARAMETER_TYPES = tuple(TYPE_HELP)

_CURIE = re.compile(r"^([A-Za-z][\w.-]*):(\S*)$")
# The characters an IRI may not contain (SPARQL's IRIREF), so that a bound IRI is always a valid term.
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$')
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_PLOVER = re.compile(r"^[A-Za-z]+$")


@dataclass(frozen=True)
class Parameter:
    """Describe one parameter of a query: its name (the query variable), type and what it means."""

    name: str
    type: str
    description: str
    optional: bool = False

    @property
    def segment(self) -> str | None:
        """Return the kind of node (``actor``, …) an id of this parameter names, or None."""
        return self.type if self.type in ID_SEGMENTS else None

    def usage(self) -> str:
        """Return how to give the parameter, e.g. ``actor=ACTOR``."""
        return f"{self.name}={self.type.upper()}"


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """Split ``name=value`` texts into a dictionary; each name at most once."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"parameter {assignment!r}: write it as NAME=VALUE, e.g. actor=hulusi-akar")
        if name in values:
            raise InputError(f"parameter {name} is given twice")
        values[name] = value
    return values


def bind_parameters(
    parameters: Iterable[Parameter],
    given: Mapping[str, object],
    *,
    query: str,
    example: Mapping[str, str] | None = None,
) -> dict[str, Term]:
    """Check the values given for a query's parameters and turn each into the RDF term to bind.

    Every required parameter must be given, and nothing the query does not declare; ``query`` names the
    query in the messages, which show the ``example`` values.
    """
    declared = {parameter.name: parameter for parameter in parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        takes = (
            "its parameters are " + ", ".join(p.usage() for p in declared.values())
            if declared
            else "it takes no parameters (declare one in its header: # @param NAME: TYPE — what it means)"
        )
        raise InputError(f"query {query} has no parameter {', '.join(unknown)}; {takes}")
    bound: dict[str, Term] = {}
    for name, parameter in declared.items():
        if name not in given:
            if parameter.optional:
                continue
            shown = (example or {}).get(name)
            hint = f", e.g. {name}={shown}" if shown else f": {TYPE_HELP[parameter.type]}"
            raise InputError(
                f"query {query} needs parameter {parameter.usage()} ({parameter.description}){hint}"
            )
        bound[name] = to_term(parameter, str(given[name]))
    return bound


def to_term(parameter: Parameter, text: str) -> Term:
    """Turn the text given for a parameter into an RDF term of the parameter's type, or raise InputError."""
    value = text.strip()

    def wrong() -> InputError:
        return InputError(
            f"parameter {parameter.name}={text}: expected {TYPE_HELP[parameter.type]}", value=text
        )

    kind = parameter.type
    if kind in ID_SEGMENTS:
        return Term.iri(_node(value, kind, wrong))
    if kind == "iri":
        return Term.iri(_any_iri(value, wrong))
    if kind == "plover":
        name = value.removeprefix("<").removesuffix(">").removeprefix(PLOVER_NAMESPACE)
        if name.lower().startswith("plover:"):
            name = name[len("plover:") :]
        if not _PLOVER.match(name):
            raise wrong()
        return Term.iri(PLOVER_NAMESPACE + name.upper())
    if kind == "date":
        import datetime as dt

        try:
            if not ISO_DAY.match(value):
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise wrong() from None
        return Term.literal(day.isoformat(), XSD + "date")
    if kind == "integer":
        if not _INTEGER.match(value):
            raise wrong()
        return Term.literal(str(int(value)), XSD + "integer")
    if kind == "string":
        return Term.literal(text)
    raise AssertionError(f"unhandled parameter type {kind}")


def _node(value: str, segment: str, wrong: Callable[[], InputError]) -> str:
    namespace = PREFIXES[segment]
    if SLUG.match(value):
        return node_iri(segment, value)
    curie = _CURIE.match(value)
    if curie and curie.group(1) == segment and SLUG.match(curie.group(2)):
        return node_iri(segment, curie.group(2))
    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if iri.startswith(namespace) and SLUG.match(iri[len(namespace) :]):
        return iri
    raise wrong()


def _any_iri(value: str, wrong: Callable[[], InputError]) -> str:
    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    curie = _CURIE.match(iri)
    if curie and curie.group(1) in PREFIXES:
        iri = PREFIXES[curie.group(1)] + curie.group(2)
    elif not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", iri) and not iri.startswith("urn:"):
        raise wrong()
    if not _IRI.match(iri):
        raise wrong()
    return iri


#: The keywords that open the four query forms.
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def values_first(text: str, bindings: Mapping[str, Term], *, origin: str) -> str:
    """Return the query text with the bound terms in a ``VALUES`` block that opens its WHERE group.

    Each term is written in SPARQL syntax (IRIs checked, strings escaped), so the block adds data, never
    code; it stands on the line of the brace, so that the lines of the query keep their numbers.
    """
    if not bindings:
        return text
    from .formats import sparql_term

    if any(term.kind == "bnode" for term in bindings.values()):
        raise InputError("a blank node cannot be bound to a parameter", file=origin)
    at = _where_brace(text, origin=origin)
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(sparql_term(term) for term in bindings.values())
    return f"{text[: at + 1]} VALUES ({names}) {{ ({values}) }} {text[at + 1 :]}"


def _where_brace(text: str, *, origin: str) -> int:
    """Return where the brace that opens the query's WHERE group stands (after a CONSTRUCT's template)."""
    tokens = code_tokens(text)
    forms = [i for i, token in enumerate(tokens) if token.kind == "word" and token.text.upper() in _FORMS]
    if forms:
        start = forms[0] + 1
        if tokens[forms[0]].text.upper() == "CONSTRUCT" and start < len(tokens) and tokens[start].text == "{":
            depth = 0
            for i in range(start, len(tokens)):
                depth += {"{": 1, "}": -1}.get(tokens[i].text, 0)
                if depth == 0:
                    start = i + 1
                    break
        for token in tokens[start:]:
            if token.text == "{":
                return token.start
    raise InputError("parameters need a WHERE group to be bound in, and the query has none", file=origin)
