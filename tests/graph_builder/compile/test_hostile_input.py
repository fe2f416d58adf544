"""Hostile or odd input: refused quickly with file:line and one message, or read by a documented rule.

Every document and facts file here is invented for the test.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from graph_builder.cli import main
from graph_builder.compile import jsonlio
from graph_builder.compile.jsonschema import FACTS_SCHEMA, shipped_schema
from graph_builder.compile.loader import load_corpus
from graph_builder.compile.locate import WHOLE_COMPARISON, closest_note, closest_passage, locate_corpus
from graph_builder.compile.schema import MAX_INTEGER
from graph_builder.compile.yamlio import MAX_ALIAS_NODES, MAX_DEPTH, load_yaml, read_utf8
from ontology.errors import InputError, InputProblems
from ontology.records import FACT_SECTIONS
from ontology.text import URL_PATTERN, is_url
from tests.helpers import MINI_DOCUMENT, MINI_FACTS, write_mini


def _validate(sources: Path) -> Result:
    return CliRunner().invoke(main, ["validate", "--sources", str(sources)])


def _problems(sources: Path) -> list[InputError]:
    with pytest.raises(InputProblems) as raised:
        located = locate_corpus(load_corpus(sources))
        assert not located, "expected the corpus to be refused"
    return raised.value.problems


def _bomb(levels: int = 9) -> str:
    """Return a YAML "billion laughs": each list holds nine aliases of the one before it."""
    lines = ["a: &a [" + ",".join(["lol"] * 9) + "]"]
    for level in range(1, levels):
        name, before = "abcdefghi"[level], "abcdefghi"[level - 1]
        lines.append(f"{name}: &{name} [{','.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


# -- a YAML alias bomb -----------------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 500
    with pytest.raises(InputError) as raised:
        load_yaml(path)
    # Nine lists of nine: the sixth line's aliases (9 of the fifth, 66,430 values each) cross the limit.
    assert 66_430 < MAX_ALIAS_NODES < 2 * 66_430
    assert raised.value.line == 6
    assert "aliases expand" in raised.value.message


def test_yaml_alias_bomb_in_a_facts_file_exits_2_naming_the_file(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    facts.write_text(MINI_FACTS + _bomb(), encoding="utf-8")
    result = _validate(sources)
    assert result.exit_code == 2, result.output
    assert "aliases expand" in result.output
    assert str(facts) in result.output
    assert "Traceback" not in result.output
    assert len(result.output) < 2_000  # the value is never written out


def test_yaml_aliases_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("a: &a [x, y]\nb: *a\nc: {<<: {k: 1}, j: 2}\n", encoding="utf-8")
    assert load_yaml(path) == {"a": ["x", "y"], "b": ["x", "y"], "c": {"k": 1, "j": 2}}


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n"])
def test_yaml_alias_to_itself_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="contains it") as raised:
        load_yaml(path)
    assert raised.value.line == 1


def test_a_huge_value_in_a_message_is_cut_before_it_is_written(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    # A count that is a long list written out (no alias): the message shows its start, not all of it.
    facts.write_text(
        MINI_FACTS.replace("count: 2", f"count: [{', '.join(['9'] * 50_000)}]"), encoding="utf-8"
    )
    (problem,) = _problems(sources)
    assert "field 'count'" in problem.message
    assert len(problem.message) < 1_000


# -- files that resolve outside the sources folder -------------------------------------------------------


SECRET = "root:x:0:0:an invented secret line\n"


@pytest.mark.parametrize("name", ["mini-article/document.txt", "mini-article/facts.yaml", "entities.yaml"])
def test_a_file_linked_outside_the_sources_folder_is_refused(tmp_path: Path, name: str) -> None:
    sources = write_mini(tmp_path)
    outside = tmp_path / "elsewhere.txt"
    original = (sources / name).read_text(encoding="utf-8")
    outside.write_text(original + SECRET, encoding="utf-8")
    (sources / name).unlink()
    (sources / name).symlink_to(outside)
    result = _validate(sources)
    assert result.exit_code == 2, result.output
    assert f"{sources / name}:" in result.output
    assert "is a link to a file outside the sources folder" in result.output
    assert "invented secret" not in result.output


def test_a_source_folder_linked_outside_the_sources_folder_is_refused(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    moved = tmp_path / "moved-article"
    (sources / "mini-article").rename(moved)
    (sources / "mini-article").symlink_to(moved, target_is_directory=True)
    problems = _problems(sources)
    assert any("outside the sources folder" in p.message for p in problems)
    assert all(p.file is not None and "mini-article" in p.file for p in problems)


def test_a_link_inside_the_sources_folder_is_read(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    shared = sources / "_shared"
    shared.mkdir()
    document = sources / "mini-article" / "document.txt"
    document.rename(shared / "document.txt")
    document.symlink_to(Path("..") / "_shared" / "document.txt")
    corpus = load_corpus(sources)
    assert corpus.sources[0].text == MINI_DOCUMENT


def test_a_dangling_link_is_refused_by_name(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    entities = sources / "entities.yaml"
    entities.unlink()
    entities.symlink_to(tmp_path / "gone.yaml")
    problems = _problems(sources)
    assert any(p.file == str(entities) for p in problems)


# -- URLs ----------------------------------------------------------------------------------------------

GOOD_URLS = [
    "https://pax.peaceagreements.org/agreements/2273",
    "http://example.org",
    "https://example.org:8443/a/b?q=1&r=%20#frag",
    "https://例え.jp/パス",
    "http://[2001:db8::1]/",
]
BAD_URLS = [
    "http://x y",
    "http://x\ty",
    "http://x/\n",
    "http://x/\x00",
    "http://",
    "http:///path",
    "http://:80/",
    "http://host:99999/",
    "http://host:port/",
    "ftp://example.org/",
    "example.org",
    "https://exa mple.org",
    'http://x/"quoted"',
    "http://x/\u2003",
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_urls_with_a_host_and_no_spaces_pass(url: str) -> None:
    assert is_url(url)


@pytest.mark.parametrize("url", BAD_URLS)
def test_urls_with_spaces_control_characters_or_no_host_fail(url: str) -> None:
    assert not is_url(url)


#: The bad URLs the pattern alone refuses: whether the host and port parse is for ``is_url`` to say, and
#: jsonschema runs the pattern with Python's ``re.search``, whose ``$`` also matches before a final newline.
BAD_BY_PATTERN = [
    url
    for url in BAD_URLS
    if url not in ("http://:80/", "http://host:99999/", "http://host:port/", "http://x/\n")
]


def test_the_json_schema_url_pattern_is_the_same_rule() -> None:
    validator = Draft202012Validator({"type": "string", "pattern": URL_PATTERN})
    for url in GOOD_URLS:
        assert validator.is_valid(url), url
    for url in BAD_BY_PATTERN:
        assert not validator.is_valid(url), url


def _with_record_url(sources: Path, url: str) -> Path:
    facts = sources / "mini-article" / "facts.yaml"
    facts.write_text(MINI_FACTS.replace("  kind: article\n", f"  kind: article\n  url: {json.dumps(url)}\n"))
    return facts


def test_urls_are_checked_properly_on_a_source(tmp_path: Path) -> None:
    facts = _with_record_url(write_mini(tmp_path), "http://x y")
    (problem,) = _problems(facts.parent.parent)
    assert problem.file == str(facts)
    assert problem.line == 4
    assert "field 'url'" in problem.message
    assert "'http://x y'" in problem.message


def test_urls_are_checked_properly_on_evidence(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    facts.write_text(
        MINI_FACTS.replace("        occurrence: 1\n", '        occurrence: 1\n        url: "http://x y"\n')
    )
    (problem,) = _problems(sources)
    assert "http(s) URL" in problem.message
    assert "'http://x y'" in problem.message


def test_urls_on_a_quote_are_refused_not_dropped(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    facts.write_text(
        MINI_FACTS.replace(
            "        occurrence: 1\n", "        occurrence: 1\n        url: https://example.org/a\n"
        )
    )
    (problem,) = _problems(sources)
    assert "has no 'url'" in problem.message
    assert problem.line == MINI_FACTS.count("\n", 0, MINI_FACTS.index("        occurrence: 1")) + 2


# -- integers beyond what the store and the checks hold ----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        ("count: 2", f"count: {2**63}", "count: 2"),
        ("count: 2", f"count: {{about: {2**64}}}", "count: 2"),
        ("occurrence: 1", f"occurrence: {2**63}", 'evidence:\n      - quote: "Akar"'),
    ],
)
def test_integers_beyond_the_64_bit_range_are_refused(tmp_path: Path, old: str, new: str, at: str) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    facts.write_text(MINI_FACTS.replace(old, new), encoding="utf-8")
    (problem,) = _problems(sources)
    assert problem.file == str(facts)
    assert problem.line == MINI_FACTS.count("\n", 0, MINI_FACTS.index(at)) + 1
    assert f"{MAX_INTEGER:,}" in problem.message


def test_integers_beyond_the_64_bit_range_pass_the_checks_at_the_largest(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    (sources / "mini-article" / "facts.yaml").write_text(
        MINI_FACTS.replace("count: 2", f"count: {MAX_INTEGER}"), encoding="utf-8"
    )
    result = _validate(sources)
    assert result.exit_code == 0, result.output


def _facts_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(shipped_schema(FACTS_SCHEMA).read_text(encoding="utf-8")))


def _facts_document(evidence: dict[str, str], count: int = 2) -> dict[str, object]:
    """Return a facts document of one event, as the JSON Schema sees a facts.yaml."""
    event = {
        "id": "x",
        "type": "CeasefireViolation",
        "label": "x",
        "date": "2020-03-09",
        "status": "occurred",
        "reported_by": "turkey",
        "count": count,
        "evidence": [evidence],
    }
    source = {"id": "x", "kind": "article", "title": "x", "publisher": "x", "published": "2020-03-09"}
    return {"source": source, "events": [event]}


def test_integers_beyond_the_64_bit_range_fail_the_json_schema() -> None:
    validator = _facts_validator()
    assert validator.is_valid(_facts_document({"quote": "x"}, MAX_INTEGER))
    assert not validator.is_valid(_facts_document({"quote": "x"}, MAX_INTEGER + 1))


# -- deep nesting and memory -----------------------------------------------------------------------------


def test_deeply_nested_yaml_is_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(" " * i + "a:" for i in range(990)) + " 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"more than {MAX_DEPTH} levels") as raised:
        load_yaml(path)
    assert raised.value.line == MAX_DEPTH  # the line of the first mapping too deep


def test_deeply_nested_json_is_one_input_error_exit_2(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    folder = sources / "mini-article"
    (folder / "facts.yaml").unlink()
    deep = "[" * 100_000 + "]" * 100_000
    source = {"section": "source", "id": "mini-article", "kind": "article"}
    (folder / "facts.jsonl").write_text(
        json.dumps(source) + "\n" + '{"section": "events", "id": "x", "label": ' + deep + "}\n",
        encoding="utf-8",
    )
    result = _validate(sources)
    assert result.exit_code == 2, result.output
    assert "line 2" in result.output
    assert f"nested more than {MAX_DEPTH} levels" in result.output
    assert "Traceback" not in result.output


def test_brackets_inside_json_strings_are_no_nesting(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    label = "[" * (MAX_DEPTH + 5) + '\\"{'
    path.write_text(json.dumps({"section": "events", "label": label}) + "\n", encoding="utf-8")
    (line,) = jsonlio.read_facts(path, sections=("source", *FACT_SECTIONS))["events"]
    assert line["label"] == label


def test_memory_error_while_reading_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "document.txt"
    path.write_text("text", encoding="utf-8")

    def exhausted(self: Path) -> bytes:
        raise MemoryError

    monkeypatch.setattr(Path, "read_bytes", exhausted)
    with pytest.raises(InputError, match="too large") as raised:
        read_utf8(path)
    assert raised.value.file == str(path)


def test_memory_error_while_parsing_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_path, jsonl_path = tmp_path / "a.yaml", tmp_path / "a.jsonl"
    yaml_path.write_text("a: 1\n", encoding="utf-8")
    jsonl_path.write_text('{"a": 1}\n', encoding="utf-8")

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(yaml, "load", exhausted)
    monkeypatch.setattr(json, "loads", exhausted)
    with pytest.raises(InputError, match="too large"):
        load_yaml(yaml_path)
    with pytest.raises(InputProblems) as raised:
        jsonlio.read_facts(jsonl_path, sections=("source", *FACT_SECTIONS))
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (str(jsonl_path), 1)


# -- the closest passage in a long document ----------------------------------------------------------------


def _long_document() -> str:
    """Return a long invented document: the passage last, after filler made of the passage's own words."""
    passage = "On March 9th, the Russian reconciliation center registered two violations."
    words = passage.rstrip(".").split() + [f"word{number}" for number in range(40)]
    rng = random.Random(9)
    filler = " ".join(rng.choice(words) for _ in range(2 * WHOLE_COMPARISON // 5))
    return filler + ". " + passage + " Then nothing else happened."


def test_a_missing_quote_in_a_long_document_finds_the_closest_passage_around_rare_words() -> None:
    text = _long_document()
    assert len(text) > 2 * WHOLE_COMPARISON
    # Every word of the quote is common in the filler; the runs of words it shares with the passage are not.
    passage = closest_passage(text, "the Russian reconciliation centre registered two violations")
    assert passage.startswith("the Russian reconciliation center registered two violations")


def test_a_missing_quote_sharing_no_word_says_so() -> None:
    text = _long_document()
    assert closest_passage(text, "zzqx wvvy") == ""
    assert closest_note(text, "zzqx wvvy") == "no passage of the document shares a word with it"
    assert closest_note("a short text", "qqqq") == "no passage of the document shares a word with it"
    assert closest_note("a short text", "a shirt text") == "closest passage: 'a short text'"


# -- byte order marks and line ends ----------------------------------------------------------------------


def _reader_text(path: Path) -> str:
    """Return the document as a reader receives it: decoded, without a BOM, universal newlines."""
    with path.open(encoding="utf-8-sig", newline=None) as file:
        return file.read()


@pytest.mark.parametrize(
    ("prefix", "line_end", "warnings"),
    [
        ("", "\n", []),
        ("\ufeff", "\n", ["byte order mark"]),
        ("", "\r\n", []),
        ("\ufeff", "\r\n", ["byte order mark"]),
        ("", "mixed", ["mixes line ends"]),
    ],
)
def test_offsets_of_a_document_with_a_bom_or_crlf_count_the_text_a_reader_receives(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, prefix: str, line_end: str, warnings: list[str]
) -> None:
    sources = write_mini(tmp_path)
    document = sources / "mini-article" / "document.txt"
    lines = MINI_DOCUMENT.split("\n")
    if line_end == "mixed":
        saved = "\r\n".join(lines[:3]) + "\n" + "\n".join(lines[3:])
    else:
        saved = line_end.join(lines)
    document.write_bytes((prefix + saved).encode("utf-8"))
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(sources)
        located = locate_corpus(corpus)
    expected = _reader_text(document)
    assert corpus.sources[0].text == expected
    spans = [item.span for items in located.values() for item in items if item.span is not None]
    assert len(spans) == 3
    for span in spans:
        assert expected[span.start : span.end] == span.exact
    shown = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(shown) == len(warnings)
    for message, needle in zip(shown, warnings, strict=True):
        assert needle in message
        assert str(document) in message


def test_a_quote_differing_only_in_lookalikes_says_so(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    facts = sources / "mini-article" / "facts.yaml"
    curly = '"“We reached a great deal of agreement,” Akar said."'
    assert curly in MINI_FACTS
    facts.write_text(MINI_FACTS.replace(curly, "'\"We reached a great deal of agreement,\" Akar said.'"))
    (problem,) = _problems(sources)
    assert "differs only in quote marks" in problem.message
    facts.write_text(MINI_FACTS.replace(curly, "'\"We reached a great deal of agreemnt,\" Akar said.'"))
    (problem,) = _problems(sources)
    assert "differs only" not in problem.message


def test_urls_on_a_quote_fail_the_json_schema_too() -> None:
    validator = _facts_validator()
    assert validator.is_valid(_facts_document({"quote": "x"}))
    assert not validator.is_valid(_facts_document({"quote": "x", "url": "https://example.org/a"}))


def test_a_document_with_a_bom_and_mixed_line_ends_validates_with_warnings_on_stderr(tmp_path: Path) -> None:
    sources = write_mini(tmp_path)
    document = sources / "mini-article" / "document.txt"
    lines = MINI_DOCUMENT.split("\n")
    document.write_bytes(("\ufeff" + "\r\n".join(lines[:3]) + "\n" + "\n".join(lines[3:])).encode("utf-8"))
    result = _validate(sources)
    assert result.exit_code == 0, result.output
    assert f"{document}: starts with a UTF-8 byte order mark" in result.output
    assert f"{document}: mixes line ends (2 CRLF, 5 LF)" in result.output
