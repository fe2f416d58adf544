"""Import invented ACLED and UCDP GED exports (tests/dataset_fixtures.py: no real rows) and check the result.

The rows of every CSV here are made up; they have the shapes of real exports (both ACLED layouts, every date
form, quoted newlines, shared notes, bad rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.compile import compile_sources
from graph_builder.datasets import import_acled, import_ucdp
from graph_builder.datasets.acled import LAYOUTS
from graph_builder.datasets.aliases import ALIASES_FILE
from graph_builder.datasets.dates import DateProblem, parse_day
from graph_builder.datasets.rows import FACTS_JSONL, IMPORT_FILE
from ontology import resources
from ontology.errors import InputError, InputProblems
from ontology.namespaces import NAMESPACE_IRIS, PREFIXES, node_iri
from queries.catalog import load_named
from queries.runner import run_query
from tests.dataset_fixtures import (
    ACCESSED,
    DatasetCorpus,
    add_invented_outlets,
    syria_2020_current,
    write_ucdp,
    written_date,
)

CF = NAMESPACE_IRIS["CF"]


@pytest.fixture
def seed_copy(seed_copy: Path) -> Path:
    """Return a copy of the seed whose entities and alias table know the invented outlets the rows cite."""
    add_invented_outlets(seed_copy)
    return seed_copy


def _row(**values: str) -> dict[str, str]:
    """Return one invented row of the current layout, with the given columns changed."""
    row = dict.fromkeys(LAYOUTS["2023"], "")
    row.update(
        event_id_cnty="SYR90001",
        event_date="7 March 2020",
        year="2020",
        time_precision="1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Military Forces of Syria (2000-)",
        actor2="HTS: Hayat Tahrir al Sham",
        country="Syria",
        admin1="Idleb",
        location="Saraqab",
        latitude="35.86",
        longitude="36.80",
        geo_precision="1",
        source="Invented Wire; Local Source",
        notes="On 7 March 2020, invented forces clashed near an invented checkpoint.",
        fatalities="2",
    )
    row.update(values)
    return row


def _write(path: Path, rows: list[dict[str, str]], *, layout: str = "2023", quote_all: bool = False) -> Path:
    columns = LAYOUTS["2023"] if layout == "2023" else LAYOUTS["2019"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
    return path


def _facts(sources: Path, source_id: str) -> list[dict[str, Any]]:
    lines = (sources / source_id / FACTS_JSONL).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if json.loads(line)["section"] == "events"]


# -- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("19 March 2020", dt.date(2020, 3, 19)),
        ("9-May-20", dt.date(2020, 5, 9)),
        ("31-12-19", dt.date(2019, 12, 31)),
        ("2020-03-19", dt.date(2020, 3, 19)),
        ("2020-03-19 00:00:00.000", dt.date(2020, 3, 19)),
        (" 21 March 2020 ", dt.date(2020, 3, 21)),
    ],
)
def test_every_date_form_of_real_exports_is_read(text: str, day: dt.date) -> None:
    assert parse_day(text) == day


def test_an_ambiguous_day_month_date_needs_a_date_format() -> None:
    with pytest.raises(DateProblem, match="--date-format"):
        parse_day("05-03-20")
    assert parse_day("05-03-20", date_format="%m-%d-%y") == dt.date(2020, 5, 3)
    assert parse_day("05-03-20", date_format="%d-%m-%y") == dt.date(2020, 3, 5)


def test_written_dates_of_the_fixture_read_back() -> None:
    day = dt.date(2020, 5, 19)
    for style in ("long", "quoted-long", "short", "numeric", "iso"):
        assert parse_day(written_date(day, style)) == day


# -- import -----------------------------------------------------------------------------------------------


def test_both_layouts_and_every_date_form_import(seed_copy: Path, tmp_path: Path) -> None:
    forms = ["19 March 2020", "9-May-20", "31-12-19", "2020-03-19"]
    for layout in ("2023", "2019"):
        rows = [
            _row(event_id_cnty=f"SYR{layout}{n}", event_date=form, year=str(parse_day(form).year))
            for n, form in enumerate(forms)
        ]
        csv_file = _write(tmp_path / f"layout-{layout}.csv", rows, layout=layout, quote_all=layout == "2019")
        result = import_acled(csv_file, sources=seed_copy, accessed=ACCESSED)
        assert result.kept == len(forms)
        days = [fact["date"] for fact in _facts(seed_copy, result.source_id)]
        assert days == ["2020-03-19", "2020-05-09", "2019-12-31", "2020-03-19"]
    compile_sources(seed_copy)  # the normal build's checks pass on both sources


def test_quoted_newlines_and_shared_notes_are_quoted_at_their_offsets(
    seed_copy: Path, tmp_path: Path
) -> None:
    shared = 'Invented forces shelled a village, "heavily", and withdrew.'
    rows = [
        _row(event_id_cnty="SYR1", notes='First line of the notes,\nsecond line; a comma, a quote "x".'),
        _row(event_id_cnty="SYR2", notes=shared),
        _row(event_id_cnty="SYR3", notes=shared),
        _row(event_id_cnty="SYR4", event_date="bad day"),
    ]
    csv_file = _write(tmp_path / "notes.csv", rows)
    with pytest.raises(InputProblems) as caught:
        import_acled(csv_file, sources=seed_copy)
    (problem,) = caught.value.problems
    assert problem.line == 6, "the row after a row of two lines starts on line 6 of the file"
    csv_file = _write(tmp_path / "notes.csv", rows[:3])
    result = import_acled(csv_file, sources=seed_copy, accessed=ACCESSED)
    text = (result.folder / "document.txt").read_text(encoding="utf-8")
    quotes = [
        (f["evidence"][0]["quote"], f["evidence"][0]["start"]) for f in _facts(seed_copy, "acled-notes")
    ]
    assert quotes[0][0] == 'First line of the notes,\nsecond line; a comma, a quote "x".'
    assert quotes[1][0] == quotes[2][0] == shared and quotes[1][1] != quotes[2][1]
    for quote, start in quotes:
        assert text[start : start + len(quote)] == quote
    compiled = compile_sources(seed_copy)
    spans = [item.span for items in compiled.located.values() for item in items if item.span]
    assert {(s.start, s.exact) for s in spans} >= {(start, quote) for quote, start in quotes}


def test_a_quote_not_at_its_offset_is_refused_by_the_build(seed_copy: Path, tmp_path: Path) -> None:
    result = import_acled(_write(tmp_path / "one.csv", [_row()]), sources=seed_copy, accessed=ACCESSED)
    facts = result.folder / FACTS_JSONL
    facts.write_text(facts.read_text(encoding="utf-8").replace('"start": ', '"start": 1'), encoding="utf-8")
    with pytest.raises(InputProblems, match="1 problem"):
        compile_sources(seed_copy)


def test_reimporting_replaces_the_source(seed_copy: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "again.csv"
    _write(csv_file, [_row(event_id_cnty="SYR1"), _row(event_id_cnty="SYR2")])
    import_acled(csv_file, sources=seed_copy, accessed=ACCESSED)
    _write(csv_file, [_row(event_id_cnty="SYR3")])
    result = import_acled(csv_file, sources=seed_copy, accessed=ACCESSED)
    assert [f["id"] for f in _facts(seed_copy, result.source_id)] == ["acled-syr3"]
    assert sorted(p.name for p in seed_copy.iterdir() if p.name.startswith(".")) == []
    metadata = json.loads((result.folder / IMPORT_FILE).read_text(encoding="utf-8"))
    assert metadata["dataset"] == "ACLED" and metadata["accessed"] == ACCESSED.isoformat()


def test_a_file_with_bad_rows_writes_nothing_and_leaves_the_old_source(
    seed_copy: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "kept.csv"
    _write(csv_file, [_row()])
    import_acled(csv_file, sources=seed_copy, accessed=ACCESSED)
    _write(csv_file, [_row(fatalities="many")])
    with pytest.raises(InputProblems):
        import_acled(csv_file, sources=seed_copy)
    assert [f["id"] for f in _facts(seed_copy, "acled-kept")] == ["acled-syr90001"]
    assert not [p for p in seed_copy.iterdir() if p.name.startswith(".")]


def test_filters_keep_only_the_rows_asked_for_and_are_recorded(seed_copy: Path, tmp_path: Path) -> None:
    rows = [
        _row(event_id_cnty="SYR1", event_date="1 March 2020"),
        _row(event_id_cnty="SYR2", event_date="7 March 2020"),
        _row(event_id_cnty="SYR3", admin1="Aleppo", location="Atareb"),
    ]
    runner = CliRunner()
    done = runner.invoke(
        main,
        ["import", "acled", str(_write(tmp_path / "f.csv", rows)), "--sources", str(seed_copy),
         "--admin1", "Idleb", "--since", "2020-03-06", "--accessed", "2026-11-30"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert [f["id"] for f in _facts(seed_copy, "acled-f")] == ["acled-syr2"]
    metadata = json.loads((seed_copy / "acled-f" / IMPORT_FILE).read_text(encoding="utf-8"))
    assert metadata["filters"] == {"country": None, "admin1": "Idleb", "since": "2020-03-06", "until": None}
    assert "admin1 Idleb, since 2020-03-06" in (seed_copy / "acled-f" / "document.txt").read_text("utf-8")


def test_the_alias_table_maps_units_alternatives_and_no_actor(seed_copy: Path, tmp_path: Path) -> None:
    rows = [
        _row(
            actor1="Military Forces of Russia (2000-)   Military Police",
            actor2="Allied Syrian and/or Russian Forces",
            assoc_actor_1="Unidentified Armed Group (Syria); TIP: Turkistan Islamic Party",
        )
    ]
    result = import_acled(_write(tmp_path / "a.csv", rows), sources=seed_copy, accessed=ACCESSED)
    (fact,) = _facts(seed_copy, result.source_id)
    assert fact["participants"] == ["russian-military-police", "turkistan-islamic-party"]
    assert fact["perpetrators"] == {"one_of": ["syrian-government-forces", "russian-armed-forces"]}
    assert fact["place"] == "saraqib" and fact["admin_area"] == "idlib-governorate"


def test_a_ucdp_estimate_keeps_its_bounds(seed_copy: Path, tmp_path: Path) -> None:
    made = write_ucdp(tmp_path / "ged.csv", 8)
    result = import_ucdp(made.path, sources=seed_copy, accessed=ACCESSED)
    facts = _facts(seed_copy, result.source_id)
    assert [f["id"] for f in facts] == [f"ucdp-ged-{i}" for i in made.event_ids]
    counts = [f["casualties"][0]["count"] for f in facts]
    assert all(c["low"] <= c["best"] <= c["high"] for c in counts)
    assert sum(c["best"] for c in counts) == made.fatalities == result.fatalities
    compile_sources(seed_copy)


# -- bad input through the CLI: exit 2, file:line, every problem at once ------------------------------------


def _import(runner: CliRunner, csv_file: Path, sources: Path, *extra: str) -> tuple[int, str]:
    done = runner.invoke(main, ["import", "acled", str(csv_file), "--sources", str(sources), *extra])
    return done.exit_code, done.stderr


def test_every_bad_row_is_reported_at_once_with_its_line(seed_copy: Path, tmp_path: Path) -> None:
    rows = [
        _row(event_id_cnty="SYR1"),
        _row(event_id_cnty="SYR2", event_date="32 March 2020"),
        _row(event_id_cnty="SYR3", event_date="7 March 2020", year="2021"),
        _row(event_id_cnty="SYR4", actor1="Military Forces of Narnia (2000-)"),
        _row(event_id_cnty="SYR5", event_type="Remote violence", sub_event_type=""),
    ]
    csv_file = _write(tmp_path / "bad.csv", rows)
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 2
    assert "line 3: event_date: no such day" in stderr and "32 March 2020" in stderr
    assert "line 4: event_date '7 March 2020' is in 2020, but year is" in stderr and "2021" in stderr
    assert "line 5: unknown actor 'Military Forces of Narnia (2000-)'" in stderr
    assert "nearest known: Military Forces of" in stderr
    assert "line 6: unknown ACLED event type (an event type of ACLED files before March 2019)" in stderr
    assert "Traceback" not in stderr
    assert not (seed_copy / "acled-bad").exists()


def test_a_missing_column_is_refused_at_the_header(seed_copy: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "short.csv"
    csv_file.write_text("event_id_cnty,event_date,year\nSYR1,7 March 2020,2020\n", encoding="utf-8")
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 2
    assert f"{csv_file}:1: missing column(s) time_precision, event_type" in stderr


def test_a_file_of_the_layout_before_2019_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "old.csv"
    header = ",".join(["GWNO", "EVENT_ID_CNTY", "EVENT_DATE", "YEAR", "ALLY_ACTOR_1", "EVENT_TYPE"])
    csv_file.write_text(f"{header}\n652,SYR1,07/03/2017,2017,,Remote violence\n", encoding="utf-8")
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 2
    assert f"{csv_file}:1: an ACLED file from before March 2019" in stderr


def test_an_ambiguous_date_asks_for_a_date_format_and_then_imports(seed_copy: Path, tmp_path: Path) -> None:
    csv_file = _write(tmp_path / "amb.csv", [_row(event_date="05-03-20")])
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 2 and "line 2: event_date: ambiguous date" in stderr
    code, stderr = _import(CliRunner(), csv_file, seed_copy, "--date-format", "%m-%d-%y")
    assert code == 0, stderr
    assert _facts(seed_copy, "acled-amb")[0]["date"] == "2020-05-03"


def test_an_unknown_id_in_the_alias_table_is_named_with_its_line(seed_copy: Path, tmp_path: Path) -> None:
    aliases = seed_copy / ALIASES_FILE
    aliases.write_text(
        aliases.read_text(encoding="utf-8").replace(": turkish-armed-forces", ": turkish-armed-farces"),
        "utf-8",
    )
    code, stderr = _import(CliRunner(), _write(tmp_path / "x.csv", [_row()]), seed_copy)
    assert code == 2
    assert "unknown id 'turkish-armed-farces'" in stderr and "turkish-armed-forces" in stderr


def test_import_needs_the_dataset_as_an_actor(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "entities.yaml").write_text("actors: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="no actor 'acled'"):
        import_acled(_write(tmp_path / "x.csv", [_row()]), sources=sources)


# -- done: the invented exports, imported and built (the session's build) ------------------------------------


def _select(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    return [
        tuple(term.value for term in solution)
        for solution in store.query(prefixes + text, use_default_graph_as_union=True)  # type: ignore[union-attr]
    ]


def test_every_row_is_one_event_and_the_fatalities_add_up(built_datasets: tuple[DatasetCorpus, Path]) -> None:
    corpus, out = built_datasets
    store = ox.Store.read_only(str(out / "store"))
    for made, dataset, source_id in (
        (corpus.syria, "acled", "acled-syria-2020"),
        (corpus.world, "acled", "acled-world-2020"),
    ):
        events = _select(
            store,
            f"SELECT ?e (SUM(?v) AS ?k) WHERE {{ ?e a cf:CodedEvent ; cf:hasAccount ?a . "
            f"?a prov:wasDerivedFrom source:{source_id} ; cf:quantity/cf:value ?v }} GROUP BY ?e",
        )
        expected = {node_iri("event", f"{dataset}-{i.lower()}") for i in made.event_ids}
        assert {e for e, _ in events} == expected and len(events) == len(made.event_ids)
        assert sum(int(k) for _, k in events) == made.fatalities


def test_the_rows_use_the_seeds_actors_and_places(built_datasets: tuple[DatasetCorpus, Path]) -> None:
    _, out = built_datasets
    store = ox.Store.read_only(str(out / "store"))
    used = {
        row[0]
        for row in _select(
            store,
            "SELECT DISTINCT ?x WHERE { ?e a cf:CodedEvent ; cf:hasAccount ?a . "
            "?a cf:participant|cf:attribution/cf:candidate|cf:place|cf:adminArea ?x }",
        )
    }
    wanted = [("actor", i) for i in ("turkey", "russia", "hayat-tahrir-al-sham", "turkistan-islamic-party")]
    wanted += [("actor", i) for i in ("national-liberation-front", "syrian-government-forces")]
    wanted += [("actor", "russian-armed-forces"), ("place", "idlib-governorate"), ("place", "saraqib")]
    missing = [slug for kind, slug in wanted if node_iri(kind, slug) not in used]
    assert not missing
    states = _select(store, "SELECT ?x WHERE { ?x a cf:State } ORDER BY ?x")
    assert {(node_iri("actor", "russia"),), (node_iri("actor", "turkey"),)} <= set(states)


def test_possible_violations_of_article_1_are_the_idlib_events_after_it(
    built_datasets: tuple[DatasetCorpus, Path],
) -> None:
    corpus, out = built_datasets
    store = ox.Store.read_only(str(out / "store"))
    query = load_named("possible_violations")
    result = run_query(store, query, params={"provision": "moscow-protocol-article-1-ceasefire"})
    column = {name: n for n, name in enumerate(result.variables)}
    events = {row[column["event"]].value for row in result.rows}  # type: ignore[union-attr]
    expected = {
        node_iri("event", f"acled-{i.lower()}") for i in corpus.syria.idlib_after + corpus.world.idlib_after
    }
    assert expected and expected <= events
    for row in result.rows:
        last = row[column["day"]] or row[column["latest"]]
        assert last is not None and last.value >= "2020-03-06"
        assert row[column["area"]].value in ("Idlib Governorate", "Saraqib")  # type: ignore[union-attr]
    reporters = {row[column["reporter"]].value for row in result.rows}  # type: ignore[union-attr]
    assert reporters == {node_iri("actor", "acled"), node_iri("actor", "ucdp")}
    assert CF  # the namespace the query's classes are in


def test_the_fixture_generator_is_invented_and_repeatable(tmp_path: Path) -> None:
    a = syria_2020_current(tmp_path / "a.csv", 20)
    b = syria_2020_current(tmp_path / "b.csv", 20)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert "Invented Wire" in a.path.read_text(encoding="utf-8")


def test_an_analyst_can_declare_a_row_the_violation_of_a_curated_source_and_see_where_they_disagree(
    seed_copy: Path, tmp_path: Path
) -> None:
    import_acled(_write(tmp_path / "row.csv", [_row()]), sources=seed_copy, accessed=ACCESSED)
    note = seed_copy / "invented-analyst-note"
    note.mkdir()
    text = (
        "Invented note: the clash of 7 March near Saraqib broke the ceasefire and killed five, and it is "
        "ACLED's SYR90001."
    )
    (note / "document.txt").write_text(text, encoding="utf-8")
    (note / "facts.yaml").write_text(
        """# An invented analyst's note, for this test only.
source: {id: invented-analyst-note, kind: article, title: Invented note, publisher: south-front,
  published: 2020-03-08}
events:
  - id: invented-violation
    type: CeasefireViolation
    label: Invented violation near Saraqib
    reported_by: south-front
    date: 2020-03-07
    status: occurred
    violates: [moscow-protocol-article-1-ceasefire]
    casualties: [{what: killed, count: 5}]
    evidence: [{quote: "the clash of 7 March near Saraqib broke the ceasefire and killed five"}]
same_as:
  - id: invented-violation-is-syr90001
    ids: [invented-violation, acled-syr90001]
    evidence: [{quote: "it is ACLED's SYR90001"}]
""",
        encoding="utf-8",
    )
    compiled = compile_sources(seed_copy)
    node = ox.NamedNode(node_iri("event", "invented-violation"))
    types = {
        str(q.object.value)  # type: ignore[union-attr]
        for q in compiled.quads
        if q.subject == node and q.predicate.value.endswith("#type")
    }
    assert types == {CF + "CeasefireViolation", CF + "CodedEvent"}
    accounts = [q for q in compiled.quads if q.subject == node and q.predicate.value == CF + "hasAccount"]
    assert len(accounts) == 2
    store = ox.Store()
    store.load(resources.ontology_turtle_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.extend(compiled.quads)
    result = run_query(store, load_named("disputed_facts"))
    column = {name: n for n, name in enumerate(result.variables)}
    disputed = {
        (row[column["property"]].value, row[column["reporter"]].value, row[column["value"]].value)  # type: ignore[union-attr]
        for row in result.rows
        if row[column["event"]].value == node.value  # type: ignore[union-attr]
    }
    assert disputed == {
        ("killed", node_iri("actor", "acled"), "2"),
        ("killed", node_iri("actor", "south-front"), "5"),
    }, "ACLED's coded figure and the analyst's are shown side by side, neither taken as the fact"


def test_new_actors_are_made_unreviewed_and_mapped_for_the_next_import(
    seed_copy: Path, tmp_path: Path
) -> None:
    rows = [
        _row(actor1="Military Forces of Narnia (2000-)", inter1="1", actor2="Protesters (Narnia)", inter2="6")
    ]
    csv_file = _write(tmp_path / "narnia.csv", rows)
    code, stderr = _import(CliRunner(), csv_file, seed_copy, "--new-actors")
    assert code == 2, "a protester is no actor kind of the graph: still unknown"
    assert "unknown actor 'Protesters (Narnia)'" in stderr and "Narnia (2000-)'" not in stderr
    rows[0]["actor2"] = "HTS: Hayat Tahrir al Sham"
    _write(csv_file, rows)
    code, stderr = _import(CliRunner(), csv_file, seed_copy, "--new-actors")
    assert code == 0, stderr
    assert "1 unreviewed actor" in stderr
    entities = (seed_copy / "entities.yaml").read_text(encoding="utf-8")
    assert "id: military-forces-of-narnia-2000\n    kind: MilitaryForce" in entities
    assert "Unreviewed" in entities
    assert _facts(seed_copy, "acled-narnia")[0]["participants"] == [
        "military-forces-of-narnia-2000",
        "hayat-tahrir-al-sham",
    ]
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 0, "the alias table now knows the name"
    compile_sources(seed_copy)


def test_each_reporter_a_row_cites_is_an_actor_through_the_alias_table(
    seed_copy: Path, tmp_path: Path
) -> None:
    csv_file = _write(tmp_path / "cited.csv", [_row()])
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 0, stderr
    (fact,) = _facts(seed_copy, "acled-cited")
    assert fact["cites"] == ["invented-wire"], "Local Source names no reporter: it is left out"
    compiled = compile_sources(seed_copy)
    cites = [q for q in compiled.quads if q.predicate.value == CF + "cites"]
    assert [(q.subject.value, q.object) for q in cites] == [  # type: ignore[union-attr]
        (
            node_iri("account", "acled-syr90001/acled-cited/acled"),
            ox.NamedNode(node_iri("actor", "invented-wire")),
        )
    ]


def test_an_unknown_cited_reporter_stops_the_import_at_its_line_or_becomes_a_news_outlet(
    seed_copy: Path, tmp_path: Path
) -> None:
    csv_file = _write(tmp_path / "outlet.csv", [_row(), _row(event_id_cnty="SYR2", source="Imaginary Post")])
    code, stderr = _import(CliRunner(), csv_file, seed_copy)
    assert code == 2
    assert "line 3: unknown cited reporter 'Imaginary Post'" in stderr and str(csv_file) in stderr
    code, stderr = _import(CliRunner(), csv_file, seed_copy, "--new-actors")
    assert code == 0, stderr
    assert "id: imaginary-post\n    kind: NewsMedia" in (seed_copy / "entities.yaml").read_text(
        encoding="utf-8"
    )
