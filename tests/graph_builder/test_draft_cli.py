"""`ceasefire-kg draft` and `coverage` in-process: what they write, what they refuse, what validate says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from draft_eval import ARTICLES, article_sources

from graph_builder.build import validate
from graph_builder.cli import main
from tests.helpers import SEED_SOURCES

SEED_ARTICLE = "southfront-idlib-ceasefire-appears-to-hold"


def without_review_notes(text: str) -> str:
    """Delete the review notes the way the draft's header says (each is one line)."""
    return re.sub(r"(?m)^ *review: .*\n", "", text)


def test_draft_writes_facts_draft_yaml_beside_the_document_and_never_facts_yaml(
    seed_copy: Path, runner: CliRunner
) -> None:
    folder = seed_copy / SEED_ARTICLE
    curated = (folder / "facts.yaml").read_bytes()
    result = runner.invoke(main, ["draft", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {folder / 'facts.draft.yaml'}: ")
    assert (folder / "facts.yaml").read_bytes() == curated
    drafted = yaml.safe_load((folder / "facts.draft.yaml").read_text(encoding="utf-8"))
    records = drafted["events"] + drafted["statements"]
    assert records and all(record["review"].strip() for record in records)
    assert all(len(record["evidence"]) == 1 for record in records)


def test_draft_refuses_to_write_a_curated_facts_file(seed_copy: Path, runner: CliRunner) -> None:
    folder = seed_copy / SEED_ARTICLE
    result = runner.invoke(main, ["draft", str(folder), "--out", str(folder / "facts.yaml")])
    assert result.exit_code == 2
    assert "never written to facts.yaml" in result.stderr


def test_draft_without_a_document_or_a_publication_day_is_bad_input(
    tmp_path: Path, runner: CliRunner
) -> None:
    folder = tmp_path / "sources" / "new-article"
    folder.mkdir(parents=True)
    shutil.copy(SEED_SOURCES / "entities.yaml", tmp_path / "sources")
    result = runner.invoke(main, ["draft", str(folder)])
    assert (result.exit_code, "no document.txt" in result.stderr) == (2, True)
    (folder / "document.txt").write_text("A Headline\n\nTwo violations were registered.\n", encoding="utf-8")
    result = runner.invoke(main, ["draft", str(folder)])
    assert (result.exit_code, "--published" in result.stderr) == (2, True)
    result = runner.invoke(main, ["draft", str(folder), "--published", "2020-02-30"])
    assert (result.exit_code, "--published must be a day" in result.stderr) == (2, True)


def test_a_new_article_takes_its_furniture_from_the_other_sources_and_its_day_from_the_option(
    seed_copy: Path, runner: CliRunner
) -> None:
    folder = seed_copy / "new-article"
    folder.mkdir()
    (folder / "document.txt").write_text(
        "Click to see full-size image\n\nOn Friday, 13 convoys were escorted.\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["draft", str(folder), "--published", "2020-03-16", "--out", "-"])
    assert result.exit_code == 0, result.output
    drafted = yaml.safe_load(result.stdout)
    assert drafted["source"]["furniture"] == ["Click to see full-size image"]
    assert drafted["source"]["publisher"] == "unknown-publisher"
    (event,) = drafted["events"]
    assert (event["type"], event["count"], str(event["date"])) == ("ConvoyEscort", 13, "2020-03-13")


def test_a_draft_of_the_seed_validates_once_its_review_notes_are_deleted(
    seed_copy: Path, runner: CliRunner
) -> None:
    folder = seed_copy / SEED_ARTICLE
    assert runner.invoke(main, ["draft", str(folder)]).exit_code == 0
    draft = (folder / "facts.draft.yaml").read_text(encoding="utf-8")
    (folder / "facts.draft.yaml").unlink()
    (folder / "facts.yaml").write_text(draft, encoding="utf-8")
    left_in = runner.invoke(main, ["validate", "--sources", str(seed_copy)])
    assert left_in.exit_code == 2
    assert "still holds the review note of a draft" in left_in.stderr
    (folder / "facts.yaml").write_text(without_review_notes(draft), encoding="utf-8")
    result = runner.invoke(main, ["validate", "--sources", str(seed_copy)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("chosen", [a for a in ARTICLES if a.invented], ids=lambda a: a.name)
def test_each_invented_article_and_its_curated_facts_validate(chosen: object, tmp_path: Path) -> None:
    from draft_eval import Article

    assert isinstance(chosen, Article)
    summary = validate(article_sources(tmp_path, chosen))
    assert summary.triples > 0


def test_coverage_lists_each_sentence_and_the_ones_no_fact_cites(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["coverage", SEED_ARTICLE, "--sources", str(SEED_SOURCES), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    (report,) = json.loads(result.stdout)["sources"]
    document = (SEED_SOURCES / SEED_ARTICLE / "document.txt").read_text(encoding="utf-8")
    sentences = report["sentences"]
    assert all(document[s["start"] : s["end"]] == s["text"] for s in sentences)
    assert not any("Consider helping us" in s["text"] or "$" in s["text"] for s in sentences)  # furniture
    uncited = [sentences[i] for i in report["uncited"]]
    assert all(not s["facts"] for s in uncited) and all(s["facts"] for s in sentences if s not in uncited)
    assert report["share"] == pytest.approx((len(sentences) - len(uncited)) / len(sentences), abs=1e-4)
    violation = next(s for s in sentences if s["text"].startswith("On March 9th"))
    assert "event violations-2020-03-09 (russian-reconciliation-center)" in violation["facts"]


def test_coverage_names_a_sentence_a_curator_removed_the_facts_of(seed_copy: Path, runner: CliRunner) -> None:
    facts = seed_copy / SEED_ARTICLE / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    quote = (
        "Despite that, Turkey remains adamant that if the ceasefire is violated, Turkey would start a war "
        "with Syria."
    )
    start = text.index("  - id: turkey-adamant-war-if-ceasefire-violated")
    facts.write_text(
        text[:start] + text[text.index("  - id: erdogan-more-than-retaliation") :], encoding="utf-8"
    )
    result = runner.invoke(main, ["coverage", "--sources", str(seed_copy)])
    assert result.exit_code == 0, result.stderr
    assert quote in result.stdout.split("Sentences no fact cites")[1]


def test_coverage_of_an_unknown_source_names_the_nearest(runner: CliRunner) -> None:
    result = runner.invoke(main, ["coverage", "southfront-idlib", "--sources", str(SEED_SOURCES)])
    assert result.exit_code == 2
    assert "nearest known: southfront-idlib-ceasefire-appears-to-hold" in result.stderr
