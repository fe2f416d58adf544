"""The schema: each field read and checked with its line; cross-field rules stated in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.compile.loader import load_corpus
from ontology.errors import InputError, InputProblems


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _only_problem(sources: Path) -> InputError:
    with pytest.raises(InputProblems) as caught:
        load_corpus(sources)
    (problem,) = caught.value.problems
    return problem


def test_the_mini_corpus_reads_with_every_line(mini_sources: Path) -> None:
    corpus = load_corpus(mini_sources)
    (source,) = corpus.sources
    (event,) = source.facts["events"]
    assert event.values["count"] == 2
    assert str(event.values["date"].exact) == "2020-03-09"
    assert event.values["perpetrators"].mode == "one_of"
    facts = (mini_sources / "mini-article" / "facts.yaml").read_text(encoding="utf-8").splitlines()
    assert facts[event.line_of("count") - 1].strip() == "count: 2"


def test_a_title_on_a_backing_is_refused_with_its_line(mini_sources: Path) -> None:
    facts = mini_sources / "mini-article" / "facts.yaml"
    _replace(facts, "    type: leads\n", "    type: backs\n")
    error = _only_problem(mini_sources)
    assert error.file == str(facts)
    assert error.line is not None
    assert facts.read_text(encoding="utf-8").splitlines()[error.line - 1].strip() == "title: minister"
    assert "belongs to a 'leads' relationship, not 'backs'" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "phrase"),
    [
        ("    count: 2\n", "    count: -2\n", "a whole number, 0 or more"),
        ("    count: 2\n", "    count: two\n", "a whole number, 0 or more"),
        ("date: 2020-03-09", "date: {earliest: 2020-03-10, latest: 2020-03-09}", "not after its latest"),
        ("date: 2020-03-09", "date: 09/03/2020", "a date written YYYY-MM-DD"),
        ("    status: occurred\n", "    status: happened\n", "one of occurred, planned, conditional"),
        (
            "{one_of: [turkistan-islamic-party, hayat-tahrir-al-sham]}",
            "{one_of: [turkistan-islamic-party]}",
            "at least two candidates",
        ),
        ("  - id: mini-violations", "  - id: Mini_Violations", "an id (lowercase letters"),
        ("    wikidata: Q43\n", "    wikidata: 43\n", "a Wikidata item id"),
    ],
)
def test_bad_values_name_the_field_and_the_value(mini_sources: Path, old: str, new: str, phrase: str) -> None:
    path = mini_sources / ("entities.yaml" if "wikidata" in old else "mini-article/facts.yaml")
    _replace(path, old, new)
    problem = _only_problem(mini_sources)
    assert phrase in str(problem)
    assert problem.file == str(path)
    assert problem.line is not None


def test_every_relationship_class_of_the_ontology_has_a_relationship_type() -> None:
    from ontology.records import RELATIONSHIP_TYPES, RELATIONSHIPS
    from ontology.terms import subclasses

    assert RELATIONSHIPS.field("type").choices == tuple(RELATIONSHIP_TYPES)
    assert {t.cls for t in RELATIONSHIP_TYPES.values()} == set(subclasses("Relationship"))


def test_every_problem_of_every_record_is_reported_at_once(mini_sources: Path) -> None:
    facts = mini_sources / "mini-article" / "facts.yaml"
    _replace(facts, "    count: 2\n", "    count: -2\n    severity: high\n")
    _replace(facts, "    status: occurred\n", "    status: happened\n")
    _replace(mini_sources / "entities.yaml", "    wikidata: Q43\n", "    wikidata: 43\n")
    with pytest.raises(InputProblems) as caught:
        load_corpus(mini_sources)
    found = sorted(
        (p.file == str(facts), p.message.split(" must ")[0].split(" (")[0]) for p in caught.value.problems
    )
    assert found == [
        (False, "field 'wikidata' of actor 'turkey'"),
        (True, "field 'count' of event 'mini-violations'"),
        (True, "field 'status' of event 'mini-violations'"),
        (True, "unknown field 'severity' in an event"),
    ]
