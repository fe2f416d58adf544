"""The record declaration: consistent with the vocabulary, and the one place a new field is declared."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from graph_builder.compile import compile_sources, emit
from ontology.errors import InputProblems
from ontology.namespaces import CF, PREFIXES
from ontology.records import (
    EVENTS,
    RECORD_KINDS,
    RELATIONSHIP_TYPES,
    SOURCE_CLASSES,
    SPACE_OF_SECTION,
    FieldSpec,
)
from ontology.terms import CLASSES, PROPERTIES, subclasses


def test_every_property_of_a_field_is_in_the_vocabulary() -> None:
    cf_properties = {spec.name for spec in PROPERTIES}
    for kind in RECORD_KINDS.values():
        for spec in kind.fields:
            if spec.prop is None:
                continue
            prefix, colon, _ = spec.prop.partition(":")
            if colon:
                assert prefix in PREFIXES, (kind.section, spec.name, spec.prop)
            else:
                assert spec.prop in cf_properties, (kind.section, spec.name, spec.prop)


def test_every_reference_names_an_id_space() -> None:
    spaces = set(SPACE_OF_SECTION.values())
    for kind in RECORD_KINDS.values():
        for spec in kind.fields:
            if spec.ref is not None:
                assert spec.ref in spaces or spec.ref == "any", (kind.section, spec.name)


def test_kinds_and_types_are_the_classes_of_the_vocabulary() -> None:
    class_names = {spec.name for spec in CLASSES}
    assert EVENTS.field("type").choices == subclasses("Event")
    for kind in RECORD_KINDS.values():
        if kind.class_field is not None:
            assert set(kind.field(kind.class_field).choices) <= class_names, kind.section
        if kind.cls is not None:
            assert kind.cls in class_names
    assert set(SOURCE_CLASSES.values()) <= class_names
    assert {t.cls for t in RELATIONSHIP_TYPES.values()} == set(subclasses("Relationship"))


def test_a_choice_is_a_class_or_a_concept_or_read_by_hand() -> None:
    by_hand = {("source", "kind"), ("relationships", "type")}
    for kind in RECORD_KINDS.values():
        for spec in kind.fields:
            if spec.kind == "choice" and spec.concepts_in is None:
                assert spec.name == kind.class_field or (kind.section, spec.name) in by_hand, spec.name


@pytest.fixture
def events_with_sorties(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Declare one more optional event field, as an engineer adding it would, and nothing else."""
    extra = FieldSpec("sorties", "int", prop="sorties", doc="How many sorties were flown.")
    events = dataclasses.replace(EVENTS, fields=(*EVENTS.fields, extra))
    monkeypatch.setitem(RECORD_KINDS, "events", events)
    emit._plan.cache_clear()  # the emitter works out each kind's writers once per process
    yield
    emit._plan.cache_clear()


@pytest.mark.usefixtures("events_with_sorties")
def test_a_new_optional_event_field_is_checked_and_emitted_from_its_declaration(mini_sources: Path) -> None:
    facts = mini_sources / "mini-article" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    count: 2\n", "    count: 2\n    sorties: 3\n", 1), encoding="utf-8")
    union = rdflib.Graph().parse(
        data="".join(compile_sources(mini_sources).emitted.union_lines()), format="nt"
    )
    values = list(union.objects(None, CF.sorties))
    assert values == [rdflib.Literal(3)]

    facts.write_text(text.replace("    count: 2\n", "    count: 2\n    sorties: many\n", 1), encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        compile_sources(mini_sources)
    (problem,) = caught.value.problems
    assert "field 'sorties' of event 'mini-violations' must be a whole number" in problem.message
