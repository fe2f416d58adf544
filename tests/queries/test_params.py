"""Parameters: typed by the query's declarations, turned into RDF terms, bad values refused with a message."""

from __future__ import annotations

import pytest

from ontology.errors import InputError
from ontology.namespaces import node_iri
from queries.params import Parameter, bind_parameters, parse_assignments, to_term
from queries.results import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR = Parameter("actor", "actor", "the actor")


@pytest.mark.parametrize(
    "given",
    [
        "hulusi-akar",
        "actor:hulusi-akar",
        "https://w3id.org/ceasefire-kg/id/actor/hulusi-akar",
        "<https://w3id.org/ceasefire-kg/id/actor/hulusi-akar>",
    ],
)
def test_an_actor_id_curie_or_iri_becomes_the_actor_iri(given: str) -> None:
    assert to_term(ACTOR, given) == Term.iri(node_iri("actor", "hulusi-akar"))


@pytest.mark.parametrize(
    "given",
    [
        "event:violations-2020-03-09",
        "https://w3id.org/ceasefire-kg/id/event/violations-2020-03-09",
        "Hulusi Akar",
        "hulusi_akar",
        "",
    ],
)
def test_an_actor_parameter_refuses_anything_but_an_actor(given: str) -> None:
    with pytest.raises(InputError, match="expected an actor id"):
        to_term(ACTOR, given)


def test_an_iri_parameter_takes_any_curie_of_the_project_or_a_full_iri() -> None:
    node = Parameter("node", "iri", "a node")
    assert to_term(node, "event:violations-2020-03-09").value == node_iri("event", "violations-2020-03-09")
    assert to_term(node, "https://example.org/x").value == "https://example.org/x"
    for bad in ("nope:thing", "just words", "https://example.org/a b", 'https://x/"'):
        with pytest.raises(InputError, match="expected an IRI"):
            to_term(node, bad)


def test_dates_integers_strings_and_plover_categories_are_typed() -> None:
    assert to_term(Parameter("d", "date", ""), "2020-03-09") == Term.literal("2020-03-09", XSD + "date")
    assert to_term(Parameter("n", "integer", ""), "+7") == Term.literal("7", XSD + "integer")
    assert to_term(Parameter("s", "string", ""), "a b") == Term.literal("a b")
    plover = "https://w3id.org/ceasefire-kg/concept/plover/THREATEN"
    for given in ("THREATEN", "threaten", "plover:THREATEN", plover):
        assert to_term(Parameter("c", "plover", ""), given) == Term.iri(plover)


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        ("date", "2020-02-30"),
        ("date", "9 March"),
        ("date", "2020-3-9"),
        ("integer", "ten"),
        ("plover", "a b"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(kind: str, given: str) -> None:
    with pytest.raises(InputError, match=f"parameter p={given}: expected"):
        to_term(Parameter("p", kind, ""), given)


def test_binding_needs_every_required_parameter_and_no_other() -> None:
    declared = [ACTOR, Parameter("category", "plover", "a category", optional=True)]
    assert bind_parameters(declared, {"actor": "hulusi-akar"}, query="q") == {
        "actor": Term.iri(node_iri("actor", "hulusi-akar"))
    }
    with pytest.raises(InputError, match=r"query q needs parameter actor=ACTOR \(the actor\), e.g. actor=x"):
        bind_parameters(declared, {}, query="q", example={"actor": "x"})
    with pytest.raises(InputError, match="query q has no parameter speaker; its parameters are actor=ACTOR"):
        bind_parameters(declared, {"actor": "hulusi-akar", "speaker": "x"}, query="q")
    with pytest.raises(InputError, match="it takes no parameters"):
        bind_parameters([], {"x": "1"}, query="q")


def test_param_options_are_split_at_the_first_equals_sign() -> None:
    assert parse_assignments(["actor=hulusi-akar", "text=a=b"]) == {"actor": "hulusi-akar", "text": "a=b"}
    with pytest.raises(InputError, match="NAME=VALUE"):
        parse_assignments(["hulusi-akar"])
    with pytest.raises(InputError, match="given twice"):
        parse_assignments(["a=1", "a=2"])
