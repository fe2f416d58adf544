"""The drafter against curated facts, on the seed article and the invented test articles.

The thresholds are those a draft must reach to save a curator time: quotes with the right speaker (recall
and precision at least 0.9), exact dates and counts (recall at least 0.8). The invented articles
(tests/fixtures/draft/, invented for the tests, not real news) were curated before the rules were written,
but for the last, written after them and scored without changing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_eval import ARTICLES, Article, Score, evaluate, score


@pytest.fixture(scope="module", params=ARTICLES, ids=[a.name for a in ARTICLES])
def figures(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Score]:
    chosen: Article = request.param
    return evaluate(chosen, tmp_path_factory.mktemp(chosen.name))


def test_quotes_with_the_right_speaker(figures: dict[str, Score]) -> None:
    quotes = figures["quotes with speaker"]
    assert quotes.curated > 0
    assert quotes.recall >= 0.9 and quotes.precision >= 0.9, quotes


def test_exact_dates(figures: dict[str, Score]) -> None:
    assert figures["exact dates"].curated > 0
    assert figures["exact dates"].recall >= 0.8, figures["exact dates"]


def test_counts(figures: dict[str, Score]) -> None:
    assert figures["counts"].curated > 0
    assert figures["counts"].recall >= 0.8, figures["counts"]


def test_the_harness_scores_a_wrong_speaker_and_a_wrong_count_as_misses() -> None:
    document = '"We will not leave," Akar said. Police escorted 13 convoys.'
    statement = {
        "speaker": "hulusi-akar",
        "text": "We will not leave",
        "text_kind": "verbatim",
        "evidence": [{"quote": '"We will not leave," Akar said.'}],
    }
    curated = {
        "source": {"publisher": "wire"},
        "statements": [statement],
        "events": [{"count": 13, "evidence": [{"quote": "Police escorted 13 convoys."}]}],
    }
    drafted = {
        "statements": [{**statement, "speaker": "recep-tayyip-erdogan"}],
        "events": [{"count": 12, "evidence": [{"quote": "Police escorted 13 convoys."}]}],
    }
    figures = score(document, curated, drafted, actors={"hulusi-akar", "recep-tayyip-erdogan"})
    assert figures["quotes with speaker"] == Score(1, 0, 1, 0)
    assert figures["counts"] == Score(1, 0, 1, 0)
    assert figures["actor mentions"] == Score(1, 0, 1, 0)


def test_an_article_folder_exists_for_each_scored_article() -> None:
    assert all(
        Path(a.folder, "document.txt").is_file() and Path(a.folder, "facts.yaml").is_file() for a in ARTICLES
    )
