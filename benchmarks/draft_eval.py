"""Score a draft (``ceasefire-kg draft``) against a curated facts file: precision and recall per category.

Categories: quotes with the right speaker (verbatim statements whose words stand between quote marks in the
document), exact dates (events and statements dated to one day), counts (an event's count and its casualty
figures), and actor mentions (the actors the facts name, the publisher apart). A draft's record matches a
curated one when the first quotes of their evidence overlap in the document and the value agrees; a quote
matches when the speaker is the same and the words of one hold the other's. The tests assert thresholds on
these figures; ``benchmarks/draft_quality.py`` prints them.

The articles scored: the seed article, and invented wire reports written for the tests
(``tests/fixtures/draft/``, invented, not real news) with their hand-curated facts: two written before the
drafter's rules, one (the bulletin) after them and scored without changing them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph_builder.draft import draft_source
from graph_builder.draft.text import fold
from ontology import resources

REPO = Path(__file__).resolve().parent.parent
SEED = Path(str(resources.bundled_sources()))
DRAFT_FIXTURES = REPO / "tests" / "fixtures" / "draft"
#: A passage between quote marks, curly or straight.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
#: Fields of facts that name actors (``about`` too, for the actors among what it names).
ACTOR_FIELDS = (
    "speaker",
    "reported_by",
    "participants",
    "performed_by",
    "escorted_party",
    "initiated_by",
    "from",
    "to",
    "about",
)
CATEGORIES = ("quotes with speaker", "exact dates", "counts", "actor mentions")


@dataclass(frozen=True)
class Article:
    """Name one scored article: its source folder and the entities file it needs beyond the seed's."""

    name: str
    folder: Path
    extra_entities: Path | None
    invented: bool


#: The articles scored, the seed first.
ARTICLES = (
    Article(
        "southfront-idlib-ceasefire-appears-to-hold",
        SEED / "southfront-idlib-ceasefire-appears-to-hold",
        None,
        invented=False,
    ),
    Article(
        "invented-agency-2020-03-02",
        DRAFT_FIXTURES / "invented-agency-2020-03-02",
        DRAFT_FIXTURES / "entities.yaml",
        invented=True,
    ),
    Article(
        "invented-courier-2020-03-13",
        DRAFT_FIXTURES / "invented-courier-2020-03-13",
        DRAFT_FIXTURES / "entities.yaml",
        invented=True,
    ),
    Article(
        "invented-bulletin-2020-03-20",
        DRAFT_FIXTURES / "invented-bulletin-2020-03-20",
        DRAFT_FIXTURES / "entities.yaml",
        invented=True,
    ),
)


def article(name: str) -> Article:
    """Return the scored article of that name."""
    return next(a for a in ARTICLES if a.name == name)


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of sections")
    return data


def article_sources(root: Path, chosen: Article) -> Path:
    """Write a sources folder under ``root``: the article alone, on the seed's entities plus its own."""
    sources = root / "sources"
    sources.mkdir(parents=True)
    shutil.copytree(chosen.folder, sources / chosen.name)
    entities = _read(SEED / "entities.yaml")
    if chosen.extra_entities is not None:
        for section, items in _read(chosen.extra_entities).items():
            present = {item["id"] for item in entities.get(section) or []}
            clashes = present & {item["id"] for item in items}
            if clashes:
                raise ValueError(f"{chosen.extra_entities}: {section} {sorted(clashes)} already in the seed")
            entities.setdefault(section, []).extend(items)
    (sources / "entities.yaml").write_text(
        yaml.safe_dump(entities, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8"
    )
    return sources


@dataclass(frozen=True)
class Score:
    """Hold one category's figures: curated items found by the draft, and draft items the curator has."""

    curated: int
    found: int
    drafted: int
    right: int

    @property
    def recall(self) -> float:
        """Return the share of curated items the draft proposes (1.0 when there are none)."""
        return self.found / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        """Return the share of drafted items that match a curated one (1.0 when there are none)."""
        return self.right / self.drafted if self.drafted else 1.0


@dataclass(frozen=True)
class _Item:
    span: tuple[int, int] | None
    value: Any
    section: str


def _span(document: str, record: Mapping[str, Any]) -> tuple[int, int] | None:
    """Return where the first evidence quote of a record stands (its occurrence), or None."""
    for item in record.get("evidence") or []:
        quote = item.get("quote") if isinstance(item, Mapping) else None
        if not isinstance(quote, str):
            continue
        at, seen = -1, 0
        while seen < int(item.get("occurrence") or 1):
            at = document.find(quote, at + 1)
            if at == -1:
                return None
            seen += 1
        return at, at + len(quote)
    return None


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _records(facts: Mapping[str, Any], *sections: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
    for section in sections:
        for record in facts.get(section) or []:
            if isinstance(record, Mapping):
                yield section, record


def _plain(text: str) -> str:
    return " ".join(fold(text).text.split())


def _is_direct_quote(document: str, text: str) -> bool:
    """Say whether a verbatim text stands inside a direct quote of the document (between quote marks)."""
    spans = [match.span() for match in _QUOTED.finditer(document)]
    at = document.find(text)
    while at != -1:
        if any(start < at and at + len(text) <= end for start, end in spans):
            return True
        at = document.find(text, at + 1)
    return False


def _match(curated: Sequence[_Item], drafted: Sequence[_Item], same: Any) -> Score:
    found = sum(any(same(c, d) for d in drafted) for c in curated)
    right = sum(any(same(c, d) for c in curated) for d in drafted)
    return Score(len(curated), found, len(drafted), right)


def _quotes(document: str, facts: Mapping[str, Any], *, curated: bool) -> list[_Item]:
    items = []
    for section, record in _records(facts, "statements"):
        text = record.get("text")
        if record.get("text_kind") != "verbatim" or not isinstance(text, str):
            continue
        if curated and not _is_direct_quote(document, text):
            continue  # the publisher's own sentence, kept verbatim: no quote of anyone
        items.append(_Item(_span(document, record), (record.get("speaker"), _plain(text)), section))
    return items


def _same_quote(c: _Item, d: _Item) -> bool:
    (c_speaker, c_text), (d_speaker, d_text) = c.value, d.value
    return bool(c_speaker == d_speaker and (c_text in d_text or d_text in c_text))


def _dates(document: str, facts: Mapping[str, Any]) -> list[_Item]:
    items = []
    for section, record in _records(facts, "events", "statements"):
        day = record.get("date")
        if isinstance(day, dt.date):
            items.append(_Item(_span(document, record), day, section))
    return items


def _count_key(count: Any) -> Any:
    if isinstance(count, Mapping):
        return tuple(sorted((str(k), str(v)) for k, v in count.items()))
    return (("exactly", str(count)),)


def _counts(document: str, facts: Mapping[str, Any]) -> list[_Item]:
    items = []
    for section, record in _records(facts, "events"):
        span = _span(document, record)
        if record.get("count") is not None:
            items.append(_Item(span, _count_key(record["count"]), section))
        for casualty in record.get("casualties") or []:
            items.append(_Item(span, _count_key(casualty.get("count")), section))
    return items


def _same_at(c: _Item, d: _Item) -> bool:
    return c.section == d.section and _overlap(c.span, d.span) and c.value == d.value


def _actors(facts: Mapping[str, Any], actors: set[str], publisher: str) -> set[str]:
    named: set[str] = set()
    for _, record in _records(facts, "events", "statements", "relationships"):
        for name in ACTOR_FIELDS:
            value = record.get(name)
            named.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        perpetrators = record.get("perpetrators")
        if isinstance(perpetrators, Mapping):
            for ids in perpetrators.values():
                named.update(ids)
        for casualty in record.get("casualties") or []:
            if isinstance(casualty.get("of"), str):
                named.add(casualty["of"])
    return (named & actors) - {publisher}


def score(
    document: str, curated: Mapping[str, Any], drafted: Mapping[str, Any], *, actors: set[str]
) -> dict[str, Score]:
    """Return the figures of a draft against the curated facts of the same document, by category."""
    publisher = str((curated.get("source") or {}).get("publisher"))
    want, got = _actors(curated, actors, publisher), _actors(drafted, actors, publisher)
    return {
        "quotes with speaker": _match(
            _quotes(document, curated, curated=True), _quotes(document, drafted, curated=False), _same_quote
        ),
        "exact dates": _match(_dates(document, curated), _dates(document, drafted), _same_at),
        "counts": _match(_counts(document, curated), _counts(document, drafted), _same_at),
        "actor mentions": Score(len(want), len(want & got), len(got), len(want & got)),
    }


def evaluate(chosen: Article, root: Path) -> dict[str, Score]:
    """Draft one article (in a sources folder laid out under ``root``) and score it against its facts."""
    sources = article_sources(root, chosen)
    folder = sources / chosen.name
    draft = draft_source(folder, entities=sources / "entities.yaml")
    document = (folder / "document.txt").read_text(encoding="utf-8")
    entities = _read(sources / "entities.yaml")
    actors = {str(actor["id"]) for actor in entities.get("actors") or []}
    return score(document, _read(folder / "facts.yaml"), yaml.safe_load(draft.text()), actors=actors)


def format_table(results: Mapping[str, Mapping[str, Score]]) -> str:
    """Return the figures of each article as a Markdown table, one row per article and category."""
    lines = [
        "| article | category | curated | found | recall | drafted | right | precision |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, scores in results.items():
        for category, figures in scores.items():
            lines.append(
                f"| {name} | {category} | {figures.curated} | {figures.found} | {figures.recall:.2f} | "
                f"{figures.drafted} | {figures.right} | {figures.precision:.2f} |"
            )
    return "\n".join(lines) + "\n"
