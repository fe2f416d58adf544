"""Generate a deterministic synthetic corpus in the ceasefire-kg source format, sized in triples.

The corpus has the shape of a year of curated reports on one ceasefire: a few dozen actors and places shared
in ``entities.yaml``; one PA-X-like record source with the agreements and their provisions; then one article
per report, each with its generated ``document.txt`` and 15 to 35 facts quoting it: ceasefire violations
(counts, places, alternative attributions "either A or B"), convoy escorts, joint patrols, phone calls and
talks, verbatim and paraphrased statements, relationships (backs, officially does not back, leads, part of),
each with who reports it and evidence quotes that stand in the document. Nothing in it is about real events.

The same ``--triples`` and ``--seed`` always give byte-identical files, so runs compare like with like.

\b
Examples:
  python benchmarks/generate.py --triples 10000 --out /tmp/corpus-10k
  python benchmarks/generate.py --triples 1000000 --out /tmp/corpus-1m --format jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

START = dt.date(2020, 3, 6)
DAYS = 365
#: Triples the emitter writes per evidence item: a quote (14) or an article citation of a record (8).
QUOTE_TRIPLES = 14
ARTICLE_TRIPLES = 8
#: A file in the corpus folder (not a source: the loader reads folders) naming nodes that exist in it, for
#: the parameterised queries of the benchmark.
EXAMPLES_FILE = "benchmark.json"
FURNITURE = ("Click to see full-size image", "Do you like this content? Consider helping us!")

STATES = [
    ("turkey", "Turkey", ["Ankara"]),
    ("russia", "Russia", ["Moscow"]),
    ("syria", "Syria", ["Damascus"]),
    ("iran", "Iran", ["Tehran"]),
]
PERSONS = [
    ("defne-aksoy", "Defne Aksoy", "Aksoy"),
    ("ivan-sokolov", "Ivan Sokolov", "Sokolov"),
    ("kerem-yalcin", "Kerem Yalcin", "Yalcin"),
    ("pavel-orlov", "Pavel Orlov", "Orlov"),
    ("samir-haddad", "Samir Haddad", "Haddad"),
    ("leyla-demir", "Leyla Demir", "Demir"),
    ("nikolai-volkov", "Nikolai Volkov", "Volkov"),
    ("omar-khalil", "Omar Khalil", "Khalil"),
    ("selin-arslan", "Selin Arslan", "Arslan"),
    ("dmitri-belov", "Dmitri Belov", "Belov"),
]
FORCES = [
    ("northern-reconciliation-center", "Northern reconciliation center"),
    ("joint-military-police", "Joint military police"),
    ("coastal-army-command", "Coastal army command"),
    ("border-army-corps", "Border army corps"),
    ("air-monitoring-wing", "Air monitoring wing"),
]
BODIES = [
    ("eastern-defence-ministry", "Eastern defence ministry"),
    ("western-defence-ministry", "Western defence ministry"),
    ("eastern-foreign-ministry", "Eastern foreign ministry"),
    ("presidential-office", "Presidential office"),
]
GROUPS = [
    ("mountain-front", "Mountain Front"),
    ("river-brigades", "River Brigades"),
    ("plains-liberation-army", "Plains Liberation Army"),
    ("northern-islamic-party", "Northern Islamic Party"),
    ("valley-defence-units", "Valley Defence Units"),
    ("coastal-shield", "Coastal Shield"),
]
MEDIA = [
    ("frontline-daily", "Frontline Daily"),
    ("levant-wire", "Levant Wire"),
    ("northern-monitor", "Northern Monitor"),
    ("ceasefire-observer", "Ceasefire Observer"),
]
MONITORS = ["northern-reconciliation-center", "air-monitoring-wing", "northern-monitor"]
ONSETS = ["Kafr", "Tell", "Ain", "Jisr", "Maarat", "Khan", "Deir", "Ras"]
ROOTS = ["Sharif", "Nabl", "Halab", "Zaytun", "Rumman", "Suran", "Baida", "Qasr"]
AGREEMENTS = [
    ("northern-ceasefire-protocol", "Protocol", "Northern Ceasefire Protocol"),
    ("valley-memorandum", "Memorandum", "Valley Memorandum on Stabilization"),
    ("corridor-protocol", "Protocol", "Corridor Security Protocol"),
]
PROVISION_KINDS = [
    ("CeasefireProvision", "Cease all military actions along the line of contact"),
    ("SecurityCorridorProvision", "Establish a security corridor along the highway"),
    ("JointPatrolProvision", "Run joint patrols along the highway"),
    ("DemilitarizedZoneProvision", "Withdraw heavy weapons from the demilitarized zone"),
    ("ObservationPostProvision", "Keep the observation posts operating"),
    ("WithdrawalProvision", "Withdraw the armed groups from the zone"),
]
PLOVER = ["AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"]
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
CLAIMS = [
    "the ceasefire is holding in {place}",
    "{group} shelled positions near {place}",
    "the joint patrols will continue along the highway near {place}",
    "the observation posts near {place} will be reinforced",
    "civilians are returning to {place}",
    "the corridor near {place} must be cleared of armed groups",
    "any attack on the posts near {place} will be answered",
    "talks on {place} will resume next week",
]
FILLER = [
    "Local residents described the night as quiet.",
    "The road remained closed to civilian traffic for several hours.",
    "Fuel prices in the area rose again during the week.",
    "Aid convoys waited at the crossing until the afternoon.",
    "The weather slowed movement on the secondary roads.",
]


def _places() -> list[tuple[str, str]]:
    return [(f"{a}-{b}".lower(), f"{a} {b}") for a in ONSETS for b in ROOTS]


@dataclass
class _Article:
    """Collect the sentences of one generated document and the facts that quote them."""

    sentences: list[str] = field(default_factory=list)
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    triples: int = 0

    def say(self, sentence: str) -> dict[str, Any]:
        """Add a sentence to the document and return an evidence item quoting it."""
        self.sentences.append(sentence)
        return {"quote": sentence}

    def fact(self, section: str, record: dict[str, Any], triples: int) -> None:
        """Add a fact under its section, counting the triples it will give.

        ``triples`` counts a fact as one node; an event or relationship is a node and one account of it
        (three more: the account's type, cf:accountOf, cf:hasAccount), and a count is a quantity node (four
        more: the link, its type, what it counts, its precision).
        """
        self.facts.setdefault(section, []).append(record)
        if section in ("events", "relationships"):
            triples += 3
        if "count" in record:
            triples += 4
        self.triples += triples


def _day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def _spoken(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _when(rng: random.Random, day: dt.date) -> tuple[Any, int]:
    """Return a date, or (one time in seven) the range of days it must lie in, and its triple count."""
    if rng.random() < 1 / 7:
        return {"earliest": (day - dt.timedelta(days=2)).isoformat(), "latest": day.isoformat()}, 2
    return day.isoformat(), 1


class Generator:
    """Make the records and documents of the corpus, deterministically from a seed."""

    def __init__(self, seed: int, *, articles: int) -> None:
        self.rng = random.Random(seed)
        self.articles = max(1, articles)
        self.places = _places()
        self.provisions: dict[str, list[str]] = {}
        self.person_names = {pid: name for pid, name, _ in PERSONS}
        self.examples: dict[str, str] = {"actor": PERSONS[1][0], "agreement": AGREEMENTS[0][0]}

    # -- entities -----------------------------------------------------------------------------------

    def entities(self) -> tuple[dict[str, Any], int]:
        """Return the content of entities.yaml and the triples it gives."""
        actors: list[dict[str, Any]] = []
        triples = 0
        for sid, name, aliases in STATES:
            actors.append({"id": sid, "kind": "State", "name": name, "aliases": aliases})
            triples += 2 + len(aliases)
        for pid, name, short in PERSONS:
            actors.append({"id": pid, "kind": "Person", "name": name, "aliases": [short]})
            triples += 3
        for kind, group in (
            ("MilitaryForce", FORCES),
            ("GovernmentBody", BODIES),
            ("ArmedGroup", GROUPS),
            ("NewsMedia", MEDIA),
        ):
            for aid, name in group:
                actors.append(
                    {
                        "id": aid,
                        "kind": kind,
                        "name": name,
                        "description": f"A synthetic {kind} for benchmarks.",
                    }
                )
                triples += 3
        actors.append(
            {"id": "pax-synthetic", "kind": "Organization", "name": "Synthetic agreements database"}
        )
        triples += 2
        places: list[dict[str, Any]] = [{"id": "northern-zone", "name": "Northern de-escalation zone"}]
        triples += 2
        for pid, name in self.places:
            places.append({"id": pid, "name": name, "part_of": "northern-zone"})
            triples += 3
        agreements = [{"id": aid, "kind": kind, "name": name} for aid, kind, name in AGREEMENTS]
        triples += 2 * len(agreements)
        return {"actors": actors, "places": places, "agreements": agreements}, triples

    def record_source(self) -> tuple[dict[str, Any], int]:
        """Return the facts of the PA-X-like record source: the agreements and their provisions."""
        url = "https://example.org/agreements"
        source = {
            "id": "synthetic-agreements-record",
            "kind": "record",
            "title": "Synthetic records of the agreements",
            "publisher": "pax-synthetic",
            "published": {"earliest": "2020-03-05", "latest": "2021-03-05"},
            "url": url,
        }
        triples = 7
        agreements: list[dict[str, Any]] = []
        provisions: list[dict[str, Any]] = []
        for number, (aid, _, _) in enumerate(AGREEMENTS):
            signed = _day(-1 - 30 * number)
            agreements.append(
                {
                    "id": f"record-{aid}",
                    "agreement": aid,
                    "parties": ["turkey", "russia"],
                    "signed_on": signed.isoformat(),
                    "signed_at": self.places[number][0],
                    "pax_id": str(3000 + number),
                    "stage": "Ceasefire/related",
                    "evidence": [{"article": "Preamble"}, {"article": "Signature"}],
                }
            )
            triples += 1 + 2 + 1 + 1 + 2 + 1 + 2 * ARTICLE_TRIPLES
            if number == 0:
                # The first agreement builds on the others, as the Moscow protocol does on Sochi and Astana.
                agreements[-1]["supplements"] = [AGREEMENTS[1][0]]
                agreements[-1]["recalls"] = [AGREEMENTS[1][0], AGREEMENTS[2][0]]
                triples += 3
            for article, (kind, text) in enumerate(PROVISION_KINDS, start=1):
                pid = f"{aid}-article-{article}"
                self.provisions.setdefault(kind, []).append(pid)
                provisions.append(
                    {
                        "id": pid,
                        "agreement": aid,
                        "kind": kind,
                        "article": f"Article {article}",
                        "text": f"{text} ({AGREEMENTS[number][2]}).",
                        "applies_to": ["northern-zone"],
                        "start_date": signed.isoformat(),
                        "evidence": [{"article": f"Article {article}"}],
                    }
                )
                triples += 2 + 1 + 1 + 1 + 1 + 1 + 1 + ARTICLE_TRIPLES
        return {"source": source, "agreements": agreements, "provisions": provisions}, triples

    # -- articles -----------------------------------------------------------------------------------

    def article(self, number: int) -> tuple[dict[str, Any], str, int]:
        """Return the facts, the document text and the triple count of the article numbered ``number``."""
        rng = self.rng
        offset = number * DAYS // self.articles
        day = _day(offset % DAYS)
        publisher = MEDIA[number % len(MEDIA)][0]
        source_id = f"report-{day.isoformat()}-{number:05d}"
        title = f"Situation report {number} on the northern ceasefire, {_spoken(day)}"
        published, date_triples = _when(rng, day)
        source = {
            "id": source_id,
            "kind": "article",
            "title": title,
            "publisher": publisher,
            "published": published,
            "url": f"https://example.org/reports/{number}",
            "furniture": list(FURNITURE),
        }
        article = _Article(triples=7 + date_triples)
        prefix = f"r{number:05d}"
        for index in range(rng.randint(15, 35)):
            kind = rng.random()
            fact_id = f"{prefix}-{index:02d}"
            if kind < 0.30:
                self._violation(article, fact_id, day)
            elif kind < 0.42:
                self._convoy(article, fact_id, day)
            elif kind < 0.50:
                self._patrol(article, fact_id, day)
            elif kind < 0.60:
                self._consultation(article, fact_id, day)
            elif kind < 0.88:
                self._statement(article, fact_id, day, publisher)
            elif kind < 0.98:
                self._relationship(article, fact_id, publisher)
            else:
                self._agreement_fact(article, fact_id)
        text = self._document(title, day, publisher, article.sentences)
        for records in article.facts.values():
            for record in records:
                for item in record["evidence"]:
                    count = text.count(item["quote"])
                    if count > 1:
                        item["occurrence"] = 1
        return {"source": source, **article.facts}, text, article.triples

    def _document(self, title: str, day: dt.date, publisher: str, sentences: list[str]) -> str:
        rng = self.rng
        name = dict(MEDIA)[publisher]
        lines = [title, "", f"{name}, {_spoken(day)}", "", FURNITURE[0], ""]
        paragraph: list[str] = []
        for sentence in sentences:
            paragraph.append(sentence)
            if rng.random() < 0.25:
                paragraph.append(rng.choice(FILLER))
            if len(paragraph) >= 3:
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines += [" ".join(paragraph), ""]
        lines += [FURNITURE[1], ""]
        return "\n".join(lines)

    def _place(self) -> tuple[str, str]:
        return self.rng.choice(self.places)

    def _violation(self, article: _Article, fact_id: str, day: dt.date) -> None:
        rng = self.rng
        place_id, place = self._place()
        count = rng.randint(1, 11)
        happened = day - dt.timedelta(days=1)
        monitor = rng.choice(MONITORS)
        monitor_name = dict(FORCES + MEDIA).get(monitor, monitor)
        groups = rng.sample(GROUPS, 2)
        when, date_triples = _when(rng, happened)
        self.examples.setdefault("node", f"event:violations-{fact_id}")
        record: dict[str, Any] = {
            "id": f"violations-{fact_id}",
            "type": "CeasefireViolation",
            "label": f"{NUMBERS[count].capitalize()} ceasefire violations in {place} ({fact_id})",
            "date": when,
            "status": "occurred",
            "count": count,
            "place": place_id,
            "concerns": [rng.choice(self.provisions["CeasefireProvision"])],
            "reported_by": monitor,
        }
        triples = 2 + date_triples + 5
        sentence = (
            f"On {_spoken(happened)}, the {monitor_name} registered {NUMBERS[count]} violations in {place} "
            f"(case {fact_id})"
        )
        roll = rng.random()
        if roll < 0.6:
            record["perpetrators"] = {"one_of": [groups[0][0], groups[1][0]]}
            sentence += f", either by the {groups[0][1]} or the {groups[1][1]}."
            triples += 1 + 2 + 2 + 1 + 1
        elif roll < 0.8:
            record["perpetrators"] = {"all_of": [groups[0][0]]}
            sentence += f", by the {groups[0][1]}."
            triples += 1 + 2 + 1 + 1 + 1
        else:
            sentence += "."
        record["evidence"] = [article.say(sentence)]
        if rng.random() < 0.3:
            record["evidence"].append(article.say(f"Shelling continued near {place} in case {fact_id}."))
        article.fact("events", record, triples + 1 + QUOTE_TRIPLES * len(record["evidence"]))

    def _convoy(self, article: _Article, fact_id: str, day: dt.date) -> None:
        rng = self.rng
        place_id, place = self._place()
        count = rng.randint(2, 11)
        when, date_triples = _when(rng, day)
        record = {
            "id": f"convoy-{fact_id}",
            "type": "ConvoyEscort",
            "label": f"The joint military police escorted {count} convoys to {place} ({fact_id})",
            "date": when,
            "status": "occurred",
            "count": count,
            "destination": place_id,
            "performed_by": ["joint-military-police"],
            "escorted_party": ["turkey"],
            "reported_by": "eastern-defence-ministry",
            "evidence": [
                article.say(
                    f"The joint military police escorted {NUMBERS[count]} Turkish convoys to {place} "
                    f"(convoy {fact_id}), the Eastern defence ministry said."
                )
            ],
        }
        article.fact("events", record, 2 + date_triples + 1 + 1 + 3 + 1 + 1 + QUOTE_TRIPLES)

    def _patrol(self, article: _Article, fact_id: str, day: dt.date) -> None:
        rng = self.rng
        place_id, place = self._place()
        planned = rng.random() < 0.3
        when = day + dt.timedelta(days=3) if planned else day
        record = {
            "id": f"patrol-{fact_id}",
            "type": "JointPatrol",
            "label": f"Joint patrol near {place} ({fact_id})",
            "date": when.isoformat(),
            "status": "planned" if planned else "occurred",
            "place": place_id,
            "participants": ["turkey", "russia"],
            "concerns": [rng.choice(self.provisions["JointPatrolProvision"])],
            "reported_by": "joint-military-police",
            "evidence": [
                article.say(
                    f"A joint patrol {'is planned' if planned else 'was held'} near {place} on "
                    f"{_spoken(when)} (patrol {fact_id})."
                )
            ],
        }
        article.fact("events", record, 2 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + QUOTE_TRIPLES)

    def _consultation(self, article: _Article, fact_id: str, day: dt.date) -> None:
        rng = self.rng
        first, second = rng.sample(PERSONS, 2)
        phone = rng.random() < 0.6
        what = "a phone call" if phone else "talks"
        record = {
            "id": f"consultation-{fact_id}",
            "type": "PhoneCall" if phone else "Talks",
            "label": f"{first[1]} and {second[1]}: {what} ({fact_id})",
            "date": day.isoformat(),
            "status": "occurred",
            "participants": [first[0], second[0]],
            "initiated_by": [first[0]],
            "plover": "CONSULT",
            "reported_by": "presidential-office",
            "evidence": [
                article.say(
                    f"{first[2]} and {second[2]} held {what} at the initiative of {first[2]} "
                    f"on {_spoken(day)} (meeting {fact_id}), the presidential office reported."
                )
            ],
        }
        article.fact("events", record, 2 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + QUOTE_TRIPLES)

    def _statement(self, article: _Article, fact_id: str, day: dt.date, publisher: str) -> None:
        rng = self.rng
        speaker, name, short = rng.choice(PERSONS)
        place_id, place = self._place()
        claim = rng.choice(CLAIMS).format(place=place, group=rng.choice(GROUPS)[1])
        claim = claim[0].upper() + claim[1:] + f", in remark {fact_id}"
        verbatim = rng.random() < 0.7
        when, date_triples = _when(rng, day)
        if verbatim:
            sentence = f"“{claim},” {short} said on {_spoken(day)}."
            text = claim
        else:
            sentence = f"{name} said on {_spoken(day)} that {claim[0].lower() + claim[1:]}."
            text = f"{claim} (paraphrase of {short})"
        about = [place_id] if rng.random() < 0.7 else [place_id, rng.choice(AGREEMENTS)[0]]
        self.examples.setdefault("topic", f"place:{place_id}")
        record = {
            "id": f"statement-{fact_id}",
            "speaker": speaker,
            "date": when,
            "text": text,
            "text_kind": "verbatim" if verbatim else "paraphrase",
            "about": about,
            "plover": rng.choice(PLOVER),
            "reported_by": [publisher],
            "evidence": [article.say(sentence)],
        }
        article.fact(
            "statements", record, 2 + 1 + date_triples + 1 + 1 + len(about) + 1 + 1 + 1 + QUOTE_TRIPLES
        )

    def _relationship(self, article: _Article, fact_id: str, publisher: str) -> None:
        rng = self.rng
        roll = rng.random()
        record: dict[str, Any]
        if roll < 0.4:
            state, group = rng.choice(STATES[:2]), rng.choice(GROUPS)
            kind = "backs" if roll < 0.25 else "officially-does-not-back"
            verb = "backs" if kind == "backs" else "officially does not back"
            record = {"type": kind, "from": state[0], "to": group[0]}
            sentence = f"{state[1]} {verb} the {group[1]}, according to sources quoted in note {fact_id}."
            extra = 0
        elif roll < 0.8:
            person = rng.choice(PERSONS)
            body = rng.choice(BODIES + FORCES)
            record = {"type": "leads", "from": person[0], "to": body[0], "title": "head"}
            sentence = f"{person[1]}, head of the {body[1]}, spoke to reporters (note {fact_id})."
            extra = 1
        else:
            force = rng.choice(FORCES)
            body = rng.choice(BODIES)
            record = {"type": "part-of", "from": force[0], "to": body[0]}
            sentence = f"The {force[1]} answers to the {body[1]} (note {fact_id})."
            extra = 0
        record = {
            "id": f"relationship-{fact_id}",
            **record,
            "reported_by": publisher,
            "evidence": [article.say(sentence)],
        }
        # The shortcut triple (turkey backs ...) repeats across reports: count it once in ten.
        article.fact("relationships", record, 2 + 2 + extra + 1 + 1 + QUOTE_TRIPLES)

    def _agreement_fact(self, article: _Article, fact_id: str) -> None:
        aid, _, name = self.rng.choice(AGREEMENTS)
        record = {
            "id": f"agreement-fact-{fact_id}",
            "agreement": aid,
            "parties": ["turkey", "russia"],
            "evidence": [article.say(f"Both sides reaffirmed the {name} in the talks (item {fact_id}).")],
        }
        article.fact("agreements", record, 1 + QUOTE_TRIPLES)


# -- writing ----------------------------------------------------------------------------------------


def _yaml(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096))


def _jsonl(facts: dict[str, Any]) -> str:
    lines = [json.dumps({"section": "source", **facts["source"]}, ensure_ascii=False)]
    for section, records in facts.items():
        if section != "source":
            lines += [json.dumps({"section": section, **r}, ensure_ascii=False) for r in records]
    return "\n".join(lines) + "\n"


def _write_source(root: Path, facts: dict[str, Any], text: str | None, fmt: str) -> None:
    folder = root / facts["source"]["id"]
    folder.mkdir()
    if fmt == "yaml":
        (folder / "facts.yaml").write_text(_yaml(facts), encoding="utf-8")
    else:
        (folder / "facts.jsonl").write_text(_jsonl(facts), encoding="utf-8")
    if text is not None:
        (folder / "document.txt").write_text(text, encoding="utf-8")


#: Triples an average article gives (calibrated on the generator itself), to spread reports over the year.
_PER_ARTICLE = 620


def generate(out: Path, *, triples: int, fmt: str = "yaml", seed: int = 2020) -> dict[str, int]:
    """Write a corpus of about ``triples`` triples into the sources folder ``out``; return its counts."""
    if fmt not in ("yaml", "jsonl"):
        raise ValueError(f"unknown format {fmt!r}: yaml or jsonl")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    generator = Generator(seed, articles=triples // _PER_ARTICLE)
    entities, total = generator.entities()
    (out / "entities.yaml").write_text(_yaml(entities), encoding="utf-8")
    record, count = generator.record_source()
    _write_source(out, record, None, fmt)
    total += count
    articles = facts = 0
    for number in _numbers():
        if total >= triples and articles > 0:
            break
        content, text, count = generator.article(number)
        _write_source(out, content, text, fmt)
        total += count
        articles += 1
        facts += sum(len(v) for k, v in content.items() if k != "source")
    (out / EXAMPLES_FILE).write_text(json.dumps(generator.examples, indent=2) + "\n", encoding="utf-8")
    return {"articles": articles, "facts": facts, "estimated_triples": total}


def add_article(out: Path, *, facts: int = 30, fmt: str = "yaml", seed: int = 2020) -> Path:
    """Add one new article of about ``facts`` facts to a generated corpus in ``out``; return its folder.

    It is numbered after the corpus's articles and dated on the corpus's last day, like a report that
    comes in after the others (the incremental build's case).
    """
    number = len([p for p in out.iterdir() if p.is_dir() and p.name.startswith("report-")])
    generator = Generator(seed + number, articles=number + 1)
    generator.entities()
    generator.record_source()
    while True:
        content, text, _ = generator.article(number)
        if abs(sum(len(v) for k, v in content.items() if k != "source") - facts) <= 2:
            break
    _write_source(out, content, text, fmt)
    return out / str(content["source"]["id"])


def _numbers() -> Iterator[int]:
    number = 0
    while True:
        yield number
        number += 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the corpus."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog="Examples:\n  python benchmarks/generate.py --triples 10000 --out /tmp/corpus-10k\n"
        "  python benchmarks/generate.py --triples 1000000 --out /tmp/corpus-1m --format jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--triples", type=int, required=True, help="about how many triples the graph gets")
    parser.add_argument("--out", type=Path, required=True, help="the sources folder to write (replaced)")
    parser.add_argument(
        "--format", choices=("yaml", "jsonl"), default="yaml", help="facts.yaml or facts.jsonl"
    )
    parser.add_argument("--seed", type=int, default=2020, help="random seed (default 2020)")
    args = parser.parse_args(argv)
    counts = generate(args.out, triples=args.triples, fmt=args.format, seed=args.seed)
    sys.stderr.write(
        f"wrote {counts['articles']:,} articles with {counts['facts']:,} facts "
        f"(about {counts['estimated_triples']:,} triples) to {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
