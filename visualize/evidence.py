"""Collect what the page shows about each node beyond the projection: evidence quotes, sources, details.

An event's (or relationship's) evidence is its accounts': each account keeps its own quotes, so that the
page can show who says what in which words, and the thing's quotes are all of its accounts', account by
account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology.namespaces import PREFIXES

from .accounts import Account, read_accounts
from .reading import select, values

#: Every evidence item of the facts listed in ``{facts}``: which fact it supports, in which source, and where
#: (quote and offsets, or article). Sub-SELECTs throughout, so that Oxigraph joins them by hashing
#: (see ``visualize.reading``): the OPTIONAL selectors looked up row by row took 6 s at 1M triples.
EVIDENCE_QUERY = """
SELECT ?fact ?evidence ?source ?exact ?start ?end ?article ?url WHERE {
  {facts}
  { SELECT ?fact ?evidence WHERE { ?fact cf:hasEvidence ?evidence } }
  { SELECT ?evidence ?target WHERE { ?evidence oa:hasTarget ?target } }
  { SELECT ?target ?source WHERE { ?target oa:hasSource ?source } }
  OPTIONAL { SELECT ?target ?exact WHERE {
    { SELECT ?target ?quote WHERE { ?target oa:hasSelector ?quote } }
    { SELECT ?quote WHERE { ?quote a oa:TextQuoteSelector } }
    { SELECT ?quote ?exact WHERE { ?quote oa:exact ?exact } } } }
  OPTIONAL { SELECT ?target ?start ?end WHERE {
    { SELECT ?target ?position WHERE { ?target oa:hasSelector ?position } }
    { SELECT ?position WHERE { ?position a oa:TextPositionSelector } }
    { SELECT ?position ?start WHERE { ?position oa:start ?start } }
    { SELECT ?position ?end WHERE { ?position oa:end ?end } } } }
  OPTIONAL { SELECT ?target ?article ?url WHERE {
    ?target oa:hasSelector ?selector . ?selector a cf:ArticleSelector ; cf:articleNumber ?article .
    OPTIONAL { ?selector cf:url ?url } } }
}
"""
SOURCES_QUERY = """
SELECT ?source ?title ?url ?publisher ?date ?earliest ?latest WHERE {
  ?source a ?class ; dcterms:title ?title .
  ?class rdfs:subClassOf* cf:Source .
  OPTIONAL { ?source cf:url ?url }
  OPTIONAL { ?source cf:publisher/rdfs:label ?publisher }
  OPTIONAL { ?source cf:date ?date }
  OPTIONAL { ?source cf:earliestDate ?earliest ; cf:latestDate ?latest }
}
"""
#: Values shown in the side panel, in this order: (property IRI, heading).
DETAILS = (
    (PREFIXES["skos"] + "altLabel", "Also called"),
    (PREFIXES["rdfs"] + "comment", "Description"),
    *((PREFIXES["cf"] + name, heading) for name, heading in (
        ("text", "Text"),
        ("textKind", "Text kind"),
        ("ploverCategory", "PLOVER category"),
        ("dateNote", "How the date was resolved"),
        ("articleNumber", "Article"),
        ("effectiveFrom", "Effective from"),
        ("startDate", "Start date"),
        ("deadline", "Deadline"),
        ("withinDays", "Within days"),
        ("widthKm", "Width (km)"),
        ("minWidthKm", "Minimum width (km)"),
        ("maxWidthKm", "Maximum width (km)"),
        ("paxId", "PA-X id"),
        ("stage", "Stage"),
        ("peaceProcess", "Peace process"),
        ("title", "Title"),
        ("rank", "Rank"),
    )),
)  # fmt: skip
#: Properties whose value is a web page: (property IRI, heading).
LINKS = ((PREFIXES["cf"] + "wikidata", "Wikidata"), (PREFIXES["cf"] + "url", "Link"))
_SHORTEN = (PREFIXES["plover"], PREFIXES["textkind"], PREFIXES["wd"])


@dataclass(frozen=True)
class Quote:
    """One evidence item: the words (or the article of a record) that support a fact, and where they are."""

    source: str
    exact: str | None = None
    start: int | None = None
    end: int | None = None
    article: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SourceInfo:
    """What the page says about a source: its title, link, publisher and publication date."""

    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Detail:
    """One line of the side panel: a heading, the text, and the web page it links to (if any)."""

    heading: str
    text: str
    href: str | None = None


@dataclass
class Provenance:
    """The evidence of each fact, the sources it cites, the details of each node and its accounts, by IRI.

    ``quotes`` holds each fact's evidence and each account's (by the account's IRI); an event's or
    relationship's own entry is the quotes of all its accounts, in the order of ``accounts``.
    """

    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    details: dict[str, list[Detail]] = field(default_factory=dict)
    accounts: dict[str, list[Account]] = field(default_factory=dict)


def _prefixes() -> str:
    wanted = ("cf", "oa", "dcterms", "rdfs")
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in wanted)


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    results = store.query(_prefixes() + query, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{name: s[name].value for name in names if s[name] is not None} for s in results]


def collect_provenance(
    store: ox.Store, facts: Iterable[str], *, accounts: Mapping[str, list[Account]] | None = None
) -> Provenance:
    """Return the evidence quotes, details and accounts of the given facts (node and relationship IRIs).

    ``accounts`` are the store's as ``read_accounts`` returns them, when the caller has them already.
    """
    wanted = set(facts)
    every = read_accounts(store, of=wanted) if accounts is None else accounts
    accounts = {thing: told for thing, told in every.items() if thing in wanted}
    account_iris = {account.iri for told in accounts.values() for account in told}
    listed = values("fact", wanted | account_iris)
    found: dict[str, dict[str, Quote]] = defaultdict(dict)
    for row in _rows(store, EVIDENCE_QUERY.replace("{facts}", listed)):
        found[row["fact"]][row["evidence"]] = Quote(
            source=row["source"],
            exact=row.get("exact"),
            start=int(row["start"]) if "start" in row else None,
            end=int(row["end"]) if "end" in row else None,
            article=row.get("article"),
            url=row.get("url"),
        )
    quotes = {
        fact: [items[key] for key in sorted(items, key=_evidence_order)] for fact, items in found.items()
    }
    for thing, told in accounts.items():
        theirs = [quote for account in told for quote in quotes.get(account.iri, [])]
        if theirs:
            quotes[thing] = [*quotes.get(thing, []), *theirs]
    cited = {quote.source for items in quotes.values() for quote in items}
    cited |= {account.source for told in accounts.values() for account in told if account.source}
    sources: dict[str, SourceInfo] = {}
    for row in _rows(store, SOURCES_QUERY):
        if row["source"] in cited and row["source"] not in sources:
            date = row.get("date") or (f"{row['earliest']}/{row['latest']}" if "earliest" in row else None)
            sources[row["source"]] = SourceInfo(row["title"], row.get("url"), row.get("publisher"), date)
    return Provenance(quotes, sources, _details(store, wanted), accounts)


def _evidence_order(iri: str) -> tuple[str, int]:
    """Order evidence IRIs ``…/fact-2`` before ``…/fact-10``."""
    stem, _, number = iri.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (iri, 0)


def _details(store: ox.Store, wanted: set[str]) -> dict[str, list[Detail]]:
    shown = (*DETAILS, *LINKS)
    properties = " ".join(str(ox.NamedNode(prop)) for prop, _ in shown)
    query = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {values("s", wanted)}
        {{ SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {properties} }} ?s ?p ?o }} }} }}"""
    by_property: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(store, query):
        if not isinstance(row["o"], ox.Triple):
            by_property[row["p"].value][row["s"].value].add(row["o"].value)
    found: dict[str, list[Detail]] = defaultdict(list)
    for prop, heading in shown:
        for iri, texts in by_property.get(prop, {}).items():
            for text in sorted(texts):
                short = text
                for namespace in _SHORTEN:
                    short = short.removeprefix(namespace)
                found[iri].append(Detail(heading, short, text if (prop, heading) in LINKS else None))
    return dict(found)
