"""Lay out the invented drafter test articles (test fixtures) as sources folders, on the seed's entities.

The articles (``tests/fixtures/draft/``) are invented for the tests of ``ceasefire-kg draft``, not real
news: short wire reports with their hand-curated facts. Each needs a few actors the seed's entities lack
(its invented publisher), which are merged into a copy of the seed's ``entities.yaml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.accounts_fixture import merged_entities
from tests.helpers import REPO, SEED_SOURCES

#: The folder of the invented articles and of the entities they add.
DRAFT_FIXTURES = REPO / "tests" / "fixtures" / "draft"
#: The ids (and folder names) of the invented articles.
ARTICLES = ("invented-agency-2020-03-02", "invented-courier-2020-03-13")
#: The seed article, drafted and scored like the invented ones.
SEED_ARTICLE = "southfront-idlib-ceasefire-appears-to-hold"


def article_sources(root: Path, article: str) -> Path:
    """Write one invented article with the seed's entities plus the fixture's under ``root``; return it."""
    sources = root / "sources"
    sources.mkdir(parents=True)
    shutil.copytree(DRAFT_FIXTURES / article, sources / article)
    entities = merged_entities(SEED_SOURCES / "entities.yaml", DRAFT_FIXTURES / "entities.yaml")
    (sources / "entities.yaml").write_text(
        yaml.safe_dump(entities, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8"
    )
    return sources
