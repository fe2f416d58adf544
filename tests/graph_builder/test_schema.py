"""The schema: each field read and checked with its line; cross-field rules stated in the message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph_builder.compile.loader import load_corpus
from graph_builder.compile.schema import Casualty, Period, Quantity
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
    assert event.values["count"] == Quantity("exact", 2)
    assert event.values["reported_by"] == "russian-reconciliation-center"
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
        ("    count: 2\n", "    count: two\n", "a whole number or a mapping with one of exactly: N"),
        ("    count: 2\n", "    count: {about: 60, nearly: 59}\n", "a whole number or a mapping with one of"),
        ("    count: 2\n", "    count: {about: many}\n", "a whole number, 0 or more, after 'about'"),
        ("    count: 2\n", "    count: {vague: 3}\n", "a word after 'vague'"),
        ("    count: 2\n", "    count: {best: 5, low: 6}\n", "low <= best <= high"),
        (
            "    count: 2\n",
            "    count: 2\n    casualties: [{what: dead, count: 3}]\n",
            "'what' is one of killed, wounded, captured, missing, displaced",
        ),
        (
            "    count: 2\n",
            "    count: 2\n    casualties: [{what: killed}]\n",
            "a figure {what: KIND, of: ACTOR, count: N",
        ),
        (
            "    date: 2020-03-09\n",
            "    period: {from: 2020-03-09, to: 2020-03-01}\n",
            "a period whose 'from' is not after its 'to'",
        ),
        ("    date: 2020-03-09\n", "    period: {to: 2020-03-01}\n", "a period {from: DATE, to: DATE}"),
        (
            "    reported_by: russian-reconciliation-center\n",
            "    reported_by: [russian-reconciliation-center, mini-news]\n",
            "must be one actor id: an account is one reporter's version, so write one account (entry) per "
            "reporter",
        ),
        (
            "    date: 2020-03-09\n",
            "    date: 2020-03-09\n    period: {from: 2020-03-01}\n",
            "event 'mini-violations' gives 'date' and 'period' together: give one of 'date' or 'period'",
        ),
        ("    date: 2020-03-09\n", "", "missing 'date' or 'period' in event 'mini-violations'"),
        ("    status: occurred\n", "", "missing required field 'status' in event 'mini-violations'"),
        (
            "    reported_by: russian-reconciliation-center\n",
            "",
            "missing required field 'reported_by' in event 'mini-violations'",
        ),
        (
            '      - quote: "On March 9th, the Russian reconciliation center registered two violations"\n',
            "",
            "missing required field 'evidence' in event 'mini-violations'",
        ),
        ("date: 2020-03-09", "date: {earliest: 2020-03-10, latest: 2020-03-09}", "not after its latest"),
        ("date: 2020-03-09", "date: 09/03/2020", "a date written YYYY-MM-DD"),
        (
            "    status: occurred\n",
            "    status: happened\n",
            "one of occurred, planned, conditional, cancelled, denied",
        ),
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


def _read_event(sources: Path, old: str, new: str) -> dict[str, object]:
    _replace(sources / "mini-article" / "facts.yaml", old, new)
    (source,) = load_corpus(sources).sources
    (event,) = source.facts["events"]
    return event.values


@pytest.mark.parametrize(
    ("written", "figure"),
    [
        ("13", Quantity("exact", 13)),
        ("{exactly: 13}", Quantity("exact", 13)),
        ("{about: 60}", Quantity("approximate", 60)),
        ("{at_least: 10}", Quantity("at-least", 10)),
        ("{more_than: 10}", Quantity("more-than", 10)),
        ("{at_most: 10}", Quantity("at-most", 10)),
        ("{fewer_than: 10}", Quantity("fewer-than", 10)),
        ("{nearly: 60}", Quantity("nearly", 60)),
        ("{vague: several}", Quantity("vague", word="several")),
        ("{best: 12, low: 10, high: 15}", Quantity("approximate", 12, low=10, high=15)),
        ("{best: 12}", Quantity("approximate", 12)),
    ],
)
def test_a_count_is_read_with_its_precision(mini_sources: Path, written: str, figure: Quantity) -> None:
    values = _read_event(mini_sources, "    count: 2\n", f"    count: {written}\n")
    assert values["count"] == figure


def test_casualties_and_a_period_are_read(mini_sources: Path) -> None:
    values = _read_event(
        mini_sources,
        "    date: 2020-03-09\n",
        "    period: {from: 2020-02-01}\n"
        "    casualties:\n"
        "      - {what: killed, of: turkey, count: {about: 60}}\n"
        "      - {what: wounded, count: {vague: dozens}, period: {from: 2020-03-01, to: 2020-03-09}}\n",
    )
    assert values["period"] == Period(dt.date(2020, 2, 1), None)
    assert values["casualties"] == [
        Casualty("killed", Quantity("approximate", 60), "turkey"),
        Casualty(
            "wounded",
            Quantity("vague", word="dozens"),
            None,
            Period(dt.date(2020, 3, 1), dt.date(2020, 3, 9)),
        ),
    ]
