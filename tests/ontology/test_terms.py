"""The vocabulary file: read into the records the rest uses, and every mistake in it told with its line."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from ontology import terms
from ontology.errors import InputError
from ontology.namespaces import ACLED, PLOVER_SCHEME, PREFIXES, STATUS_SCHEME
from ontology.resources import vocabulary_text
from ontology.terms import VOCABULARY_FILE, read_vocabulary

TEXT = vocabulary_text()


def broken(old: str, new: str, *, at: str) -> tuple[str, int]:
    """Return the vocabulary with one passage replaced, and the line of ``at``.

    ``at`` is looked for in the new passage first, then (once only) in the whole changed file.
    """
    assert TEXT.count(old) == 1, f"not a unique passage of the vocabulary: {old!r}"
    start = TEXT.index(old)
    text = TEXT[:start] + new + TEXT[start + len(old) :]
    if at in new:
        return text, text[: start + new.index(at)].count("\n") + 1
    assert text.count(at) == 1, f"not a unique passage of the changed vocabulary: {at!r}"
    return text, text[: text.index(at)].count("\n") + 1


def problem(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_vocabulary(text)
    return caught.value


# -- the packaged file ---------------------------------------------------------------------------------------


def test_the_module_s_tables_are_the_packaged_file_s() -> None:
    vocabulary = read_vocabulary(TEXT)
    assert vocabulary.classes == terms.CLASSES
    assert vocabulary.properties == terms.PROPERTIES
    assert vocabulary.schemes == terms.SCHEMES
    assert vocabulary.acled_mapping == terms.ACLED_MAPPING
    assert terms.DISJOINT_GROUPS[0] == terms.TOP_CLASSES


def test_reading_the_vocabulary_imports_neither_rdflib_nor_owlready2() -> None:
    probe = "import json, sys, ontology.terms; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert not loaded & {"rdflib", "owlready2"}


def test_every_event_class_and_only_those_map_to_acled() -> None:
    assert set(terms.ACLED_MAPPING) == set(terms.subclasses("Event"))


def test_a_class_entry_carries_its_acled_types() -> None:
    text, _ = broken(
        "    # The sources do not say what kind of violence: either of two event types, no sub-event type.\n"
        "    acled:\n      event_types: [battles, explosions-remote-violence]\n",
        "    acled:\n      event_types: [battles]\n      sub_event_types: []\n",
        at="battles",
    )
    assert read_vocabulary(text).acled_mapping["CeasefireViolation"] == (("battles",), ())


def test_a_parent_may_be_declared_further_down() -> None:
    # Order in the file is for readers; the names alone link the entries.
    entry = "  State:\n    label: state\n"
    text = TEXT.replace(
        entry, "  Newcomer:\n    label: newcomer\n    comment: A class.\n    parents: State\n" + entry
    )
    newcomer = next(spec for spec in read_vocabulary(text).classes if spec.name == "Newcomer")
    assert newcomer.parents == ("State",)


def test_concepts_are_named_by_their_scheme_s_prefix() -> None:
    plover = next(spec for spec in terms.SCHEMES if spec.iri == str(PLOVER_SCHEME))
    assert all(concept.iri.startswith(PREFIXES["plover"]) for concept in plover.concepts)
    assert "THREATEN" in terms.concepts(str(PLOVER_SCHEME))
    assert terms.concepts(str(STATUS_SCHEME))[0] == "occurred"


def test_a_broader_concept_is_a_full_iri() -> None:
    acled = next(spec for spec in terms.SCHEMES if spec.iri == PREFIXES["acled"].rstrip("/"))
    agreement = next(concept for concept in acled.concepts if concept.iri == str(ACLED.agreement))
    assert agreement.broader == str(ACLED["strategic-developments"])


def test_concepts_of_an_unknown_scheme_is_an_error() -> None:
    with pytest.raises(ValueError, match="no concept scheme"):
        terms.concepts("https://example.org/none")


# -- mistakes, each with its line and value ------------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """One mistake in the vocabulary: replace ``old`` by ``new``; expect ``message`` at the line of ``at``."""

    name: str
    old: str
    new: str
    at: str
    message: str
    value: str | None


MISTAKES = [
    Mistake(
        "unknown key of a class",
        old="  State:\n    label: state\n",
        new="  State:\n    lable: state\n",
        at="lable",
        message="class 'State': unknown key 'lable' (nearest known: label",
        value="lable",
    ),
    Mistake(
        "parent naming no class",
        old="    parents: Actor\n  Person:",
        new="    parents: Actr\n  Person:",
        at="Actr",
        message="class 'State': parent: 'Actr' names no declared class",
        value="Actr",
    ),
    Mistake(
        "standard parent not declared",
        old="    parents: [Actor, foaf:Person, schema:Person]",
        new="    parents: [Actor, foaf:Agent, schema:Person]",
        at="foaf:Agent",
        message="'foaf:Agent' names no declared class (under classes or external.classes)",
        value="foaf:Agent",
    ),
    Mistake(
        "unknown prefix",
        old="    parents: [sem:Actor, prov:Agent]",
        new="    parents: [sme:Actor, prov:Agent]",
        at="sme:Actor",
        message="unknown prefix 'sme' in 'sme:Actor' (nearest known: sem",
        value="sme:Actor",
    ),
    Mistake(
        "parents in a circle",
        old="    parents: [sem:Actor, prov:Agent]",
        new="    parents: [sem:Actor, State]",
        at="    parents: Actor\n  Person:",
        message="class parents go round in a circle: Actor -> State -> Actor",
        value="Actor",
    ),
    Mistake(
        "domain naming no class",
        old="(signatory or guarantor).\n    domain: Actor\n",
        new="(signatory or guarantor).\n    domain: Actors\n",
        at="Actors",
        message="property 'partyTo': domain: 'Actors' names no declared class",
        value="Actors",
    ),
    Mistake(
        "range naming no class",
        old="agreement was signed.\n    domain: Agreement\n    range: Place\n",
        new="agreement was signed.\n    domain: Agreement\n    range: Plaec\n",
        at="Plaec",
        message="property 'signedAt': range: 'Plaec' names no declared class",
        value="Plaec",
    ),
    Mistake(
        "flag not a boolean",
        old="    range: xsd:nonNegativeInteger\n    functional: true\n  precision:",
        new="    range: xsd:nonNegativeInteger\n    functional: yes please\n  precision:",
        at="yes please",
        message="property 'value': functional must be true or false",
        value="yes please",
    ),
    Mistake(
        "data range not a datatype",
        old="The day the agreement was signed.\n    domain: Agreement\n    range: xsd:date\n",
        new="The day the agreement was signed.\n    domain: Agreement\n    range: xsd:daet\n",
        at="xsd:daet",
        message="property 'signedOn': the range of a data property is one datatype, not 'xsd:daet'",
        value="xsd:daet",
    ),
    Mistake(
        "inverse naming no property",
        old="    inverse_of: partyTo\n",
        new="    inverse_of: partyOf\n",
        at="partyOf",
        message="property 'hasParty': inverse_of 'partyOf' names no other object property",
        value="partyOf",
    ),
    Mistake(
        "parent property of another kind",
        old="    parents: sem:hasPlace\n",
        new="    parents: sem:hasTimeStamp\n",
        at="sem:hasTimeStamp",
        message="property 'place': parent 'sem:hasTimeStamp' names no object property",
        value="sem:hasTimeStamp",
    ),
    Mistake(
        "unknown kind",
        old="  hasParty:\n    kind: object\n",
        new="  hasParty:\n    kind: objet\n",
        at="objet",
        message="property 'hasParty': kind 'objet' is not one of object, data, annotation",
        value="objet",
    ),
    Mistake(
        "duplicate class",
        old="  State:\n    label: state\n",
        new="  Person:\n    label: state\n",
        at="  Person:\n    label: person",
        message="class entries: duplicate name 'Person' (first on line",
        value="Person",
    ),
    Mistake(
        "duplicate property",
        old="  hasParty:\n    kind: object\n",
        new="  partyTo:\n    kind: object\n",
        at="partyTo:\n    kind: object\n",
        message="property entries: duplicate name 'partyTo' (first on line",
        value="partyTo",
    ),
    Mistake(
        "property named like a class",
        old="  signedAt:\n    kind: object\n",
        new="  Place:\n    kind: object\n",
        at="Place:",
        message="property 'Place': already declared as a class on line",
        value="Place",
    ),
    Mistake(
        "duplicate standard term",
        old="    - sem:Place\n",
        new="    - sem:Actor\n",
        at="sem:Actor",
        message="external.classes: 'sem:Actor' is listed twice",
        value="sem:Actor",
    ),
    Mistake(
        "unknown acled event type",
        old="no sub-event type.\n    acled:\n      event_types: [battles, explosions-remote-violence]",
        new="no sub-event type.\n    acled:\n      event_types: [battles, explosions]",
        at="explosions]",
        message="acled: event type 'explosions' is no top concept of scheme 'acled'",
        value="explosions",
    ),
    Mistake(
        "sub-event type under another event type",
        old="no sub-event type.\n    acled:\n      event_types: [battles, explosions-remote-violence]",
        new=(
            "no sub-event type.\n    acled:\n      event_types: [battles, explosions-remote-violence]\n"
            "      sub_event_types: [agreement]"
        ),
        at="agreement]",
        message="sub-event type 'agreement' is not narrower than any of the event types",
        value="agreement",
    ),
    Mistake(
        "event class without acled",
        old=(
            "    acled:\n      event_types: [strategic-developments]\n"
            "      sub_event_types: [agreement]\n  Hostilities:\n"
        ),
        new="  Hostilities:\n",
        at="  Signing:",
        message="class 'Signing' is below Event but has no acled event types",
        value="Signing",
    ),
    Mistake(
        "acled on a non-event",
        old="  Backing:\n    label: backing\n",
        new="  Backing:\n    acled:\n      event_types: [battles]\n    label: backing\n",
        at="  Backing:",
        message="class 'Backing': acled: only classes below Event map to ACLED",
        value="Backing",
    ),
    Mistake(
        "disjoint group naming no class",
        old="  - [Memorandum, Protocol]\n",
        new="  - [Memorandum, Protocl]\n",
        at="Protocl",
        message="disjoint_groups: 'Protocl' names no class declared under classes (nearest known: Protocol",
        value="Protocl",
    ),
    Mistake(
        "timed class unknown",
        old="timed_classes: [Event, Statement]\n",
        new="timed_classes: [Event, Statment]\n",
        at="Statment",
        message="timed_classes: 'Statment' names no class declared under classes",
        value="Statment",
    ),
    Mistake(
        "see_also naming no namespace constant",
        old="    see_also: PLOVER_HOME\n",
        new="    see_also: PLOVER_HOM\n",
        at="PLOVER_HOM",
        message="'PLOVER_HOM' names no IRI constant of ontology/namespaces.py (nearest known: PLOVER_HOME",
        value="PLOVER_HOM",
    ),
    Mistake(
        "scheme with no namespace",
        old="\n  textkind:\n",
        new="\n  textkinds:\n",
        at="textkinds",
        message="ontology/namespaces.py has no concept scheme with this prefix (nearest known: textkind",
        value="textkinds",
    ),
    Mistake(
        "broader naming no concept",
        old="        broader: strategic-developments\n      other:",
        new="        broader: strategic\n      other:",
        at="strategic\n",
        message="concept acled:agreement: broader 'strategic' names no concept of scheme 'acled'",
        value="strategic",
    ),
    Mistake(
        "malformed YAML",
        old="  State:\n",
        new="\tState:\n",
        at="\tState:",
        message="malformed YAML: while scanning for the next token",
        value=None,
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[mistake.name for mistake in MISTAKES])
def test_a_mistake_is_told_with_the_file_line_and_value(mistake: Mistake) -> None:
    text, line = broken(mistake.old, mistake.new, at=mistake.at)
    error = problem(text)
    assert mistake.message in error.message
    assert error.file == VOCABULARY_FILE
    assert error.line == line, str(error)
    assert str(error).startswith(f"ontology/vocabulary.yaml:{line}: ")
    if mistake.value is not None:
        assert error.value == mistake.value


def test_a_missing_section_is_named() -> None:
    text, line = broken("timed_classes: [Event, Statement]\n", "", at="\nclasses:\n")
    error = problem(text)
    assert "'timed_classes' missing" in error.message
    assert error.line == line + 1  # where the file's mapping starts


def test_an_unknown_section_is_named() -> None:
    error = problem(TEXT + "\nobject_properties: []\n")
    assert "unknown key 'object_properties'" in error.message
    assert error.line == TEXT.count("\n") + 2


def test_an_empty_file_is_an_error() -> None:
    assert "empty" in problem("# nothing yet\n").message
