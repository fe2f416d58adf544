"""Declare every kind of record the source files hold, once: sections, ids, IRIs, classes and fields.

The schema check, id resolution, the emission of plain fields, the JSON Schema and the README's field
reference are all read from these tables, so a new optional field is one ``FieldSpec`` here (plus its
property in the vocabulary). The choices of a kind or type come from the vocabulary's classes and concept
schemes, so a new event class needs no edit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .namespaces import NAMESPACE_IRIS, TERM_IRIS
from .terms import SCHEMES, concepts, subclasses

#: How a field's value is written and read.
FieldKind = Literal[
    "slug",  # the record's own id
    "id",  # the id of another record
    "ids",  # a list of ids (one id alone is read as a list of one)
    "reporter",  # one actor id: whose account it is (a list is refused: one account per reporter)
    "text",
    "texts",
    "choice",  # one of ``FieldSpec.choices``
    "date",  # YYYY-MM-DD
    "when",  # a date, or {earliest: DATE, latest: DATE} when the source is vague
    "period",  # {from: DATE, to: DATE}: a whole period; without `to`, up to the source's publication day
    "datetime",
    "int",  # a whole number, 0 or more
    "decimal",  # a number, 0 or more
    "url",
    "wkt",  # a GeoSPARQL WKT point: POINT(LONGITUDE LATITUDE)
    "wikidata",  # a Wikidata item id such as Q43
    "perpetrators",  # {one_of: [ids]} or {all_of: [ids]}
    "quantity",  # a whole number (exact) or {about: N}, {at_least: N}, … {vague: WORD}, {best: N, low, high}
    "casualties",  # a list of {what: killed|wounded|…, of: ACTOR (optional), count: QUANTITY, period: …}
    "evidence",  # a list of {quote: ...} (articles) or {article: ...} (records)
]
#: The kinds of page a record's node gets in the graph page (``none``: it is no node of its own there).
PageKind = Literal["actor", "agreement", "provision", "event", "statement", "place", "none"]
#: The file a section lives in.
FileKind = Literal["entities", "facts"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: XSD datatype (local name) of the literal each kind of field is written as; kinds not here are no literal
#: of a datatype (text is a plain string; ids, choices and Wikidata ids are IRIs).
KIND_DATATYPE: dict[FieldKind, str] = {
    "date": "date",
    "datetime": "dateTime",
    "int": "integer",  # the store keeps every integer subtype as xsd:integer
    "decimal": "decimal",
    "url": "anyURI",
}
#: The datatype IRI of the literal of each kind of field written in a datatype of another standard than XSD.
KIND_DATATYPE_IRI: dict[FieldKind, str] = {"wkt": NAMESPACE_IRIS["GEO"] + "wktLiteral"}


@dataclass(frozen=True)
class FieldSpec:
    """Describe one field of a record: how it is read, what it may name, and the triple it becomes.

    ``prop`` is a ceasefire-kg property (local name) or a CURIE of a standard one (``rdfs:label``); a field
    with a property is emitted generically: a literal of the kind's datatype, a link to each id it names,
    the concept it chooses (``concepts_in``), or the Wikidata item. ``inverse`` writes the link from the
    named thing to the record's node. A field without a property is read by hand-written code (evidence,
    dates, perpetrators, quantities) or emits nothing of its own (the id, the kind that chooses the class).
    ``identity`` marks a field of an account record that describes the shared node (the event's type and
    label), not the account: each is required on at least one account of the node, and must agree.
    """

    name: str
    kind: FieldKind
    required: bool = False
    ref: str | None = None  # the id space the ids must be in, or "any"
    prop: str | None = None
    choices: tuple[str, ...] = ()
    concepts_in: str | None = None  # the namespace IRI of the concepts a choice names
    inverse: bool = False
    identity: bool = False
    doc: str = ""  # what the field holds, when the property's own definition does not say it

    @property
    def datatype(self) -> str | None:
        """Return the XSD local name of this field's literals, or None (a plain string, or no literal)."""
        return KIND_DATATYPE.get(self.kind)

    @property
    def datatype_iri(self) -> str | None:
        """Return the full IRI of this field's literals' datatype, or None (a plain string, or no literal)."""
        local = self.datatype
        return KIND_DATATYPE_IRI.get(self.kind) if local is None else _XSD + local


@dataclass(frozen=True)
class RecordKind:
    """Describe one kind of record: where it is written, the ids and IRIs it makes, and its fields.

    ``section`` names the list it is written in (``source`` is one mapping, not a list); ``id_space`` is
    where its ids are unique and what references name (None: the id is no node of the shared space, a
    source names its folder); ``segment`` is the IRI segment of its node; the class is ``cls``, or the value
    of the field ``class_field`` (a class of the vocabulary). ``subject_field`` names the field whose id is
    the node the record describes, when that is not the record's own (an agreement fact describes an
    agreement). ``shared`` says whether several sources describe its nodes. ``accounts`` says that each
    record is one reporter's account of a node whose id all sources share (an event, a relationship): the
    record's own node is the account, ``account_class`` its class. ``one_of`` lists groups of fields of
    which a record gives exactly one (an event account's ``date`` or ``period``).
    """

    section: str
    key: str  # the key of the section in its file
    file: FileKind
    singular: str
    id_space: str | None
    segment: str | None
    fields: tuple[FieldSpec, ...]
    cls: str | None = None
    class_field: str | None = None
    subject_field: str | None = None
    shared: bool = False
    accounts: bool = False
    account_class: str | None = None
    one_of: tuple[tuple[str, ...], ...] = ()
    page: PageKind = "none"
    doc: str = ""

    def field(self, name: str) -> FieldSpec:
        """Return one field by name."""
        return self.by_name[name]

    @cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        """Return the fields by name, in declaration order (worked out once: read for every record)."""
        return {spec.name: spec for spec in self.fields}

    @cached_property
    def identity_fields(self) -> tuple[str, ...]:
        """Return the fields of an account record that describe the shared node, not the account."""
        return tuple(spec.name for spec in self.fields if spec.identity)


@dataclass(frozen=True)
class RelationshipType:
    """Describe one type of relationship: its class, the direct shortcut property, the verb of its label."""

    name: str
    cls: str
    shortcut: str
    verb: str


RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    t.name: t
    for t in (
        RelationshipType("backs", "Backing", "backs", "backs"),
        RelationshipType(
            "officially-does-not-back",
            "OfficialNonBacking",
            "officiallyDoesNotBack",
            "officially does not back",
        ),
        RelationshipType("leads", "Leadership", "headOf", "leads"),
        RelationshipType("part-of", "PartOf", "partOf", "is part of"),
    )
}
#: Fields only a ``leads`` relationship has (on its accounts).
LEADERSHIP_FIELDS = ("title", "rank")

#: How a figure is written in a source file ({about: 60}), and the concept of the precision scheme each key
#: stands for; a bare whole number is exact.
PRECISION_KEYS: dict[str, str] = {
    "exactly": "exact",
    "about": "approximate",
    "at_least": "at-least",
    "more_than": "more-than",
    "at_most": "at-most",
    "fewer_than": "fewer-than",
    "nearly": "nearly",
    "vague": "vague",
}
#: The key of a figure given as a word, not a number ({vague: several}).
VAGUE_KEY = "vague"
#: The keys of an estimate with bounds (UCDP): the best estimate (required) and its low and high bounds.
ESTIMATE_KEYS = ("best", "low", "high")
#: The precision of an estimate given with bounds: its best value is approximate.
ESTIMATE_PRECISION = "approximate"
#: What the count of an event counts: its own instances (violations, convoys); casualties count the rest.
INSTANCES = "instances"
#: What a casualty figure may count: the concepts of the counted scheme other than the event's instances.
CASUALTY_KINDS: tuple[str, ...] = tuple(c for c in concepts(TERM_IRIS["COUNTED_SCHEME"]) if c != INSTANCES)
#: The fields of one casualty figure.
CASUALTY_KEYS = ("what", "of", "count", "period")


def _acled(level: Literal["type", "sub-type"]) -> tuple[str, ...]:
    """Return the ACLED event types (top concepts of the scheme) or sub-event types (narrower ones)."""
    (scheme,) = (spec for spec in SCHEMES if spec.iri == TERM_IRIS["ACLED_SCHEME"])
    return tuple(
        c.iri.rsplit("/", 1)[-1] for c in scheme.concepts if (c.broader is None) == (level == "type")
    )


#: The class of an event as an event dataset codes it (one row of ACLED or UCDP GED). It yields to the class
#: an analyst's account gives the same event (a curated source that declares a row its violation): the node
#: is then of both classes, and the accounts need not agree on this one.
CODED_EVENT = "CodedEvent"

#: Kinds of source and the class each is.
SOURCE_CLASSES = {"article": "NewsArticle", "record": "Record"}


def _id() -> FieldSpec:
    return FieldSpec("id", "slug", required=True, doc="The record's id: lowercase words joined by hyphens.")


def _evidence() -> FieldSpec:
    return FieldSpec(
        "evidence",
        "evidence",
        required=True,
        doc="The words of the document that support the fact ({quote: ...}, with occurrence: N when the "
        "quote occurs more than once), or, in a record source, the articles cited ({article: ...}).",
    )


def _reported_by() -> FieldSpec:
    return FieldSpec("reported_by", "ids", required=True, ref="actor", prop="reportedBy")


def _reporter() -> FieldSpec:
    return FieldSpec(
        "reported_by",
        "reporter",
        required=True,
        ref="actor",
        prop="reportedBy",
        doc="The one actor whose account this is (write one account per reporter).",
    )


def _plover() -> FieldSpec:
    return FieldSpec(
        "plover",
        "choice",
        prop="ploverCategory",
        choices=concepts(TERM_IRIS["PLOVER_SCHEME"]),
        concepts_in=NAMESPACE_IRIS["PLOVER"],
    )


def _date_note() -> FieldSpec:
    return FieldSpec("date_note", "text", prop="dateNote")


def _when(name: str, *, doc: str) -> FieldSpec:
    return FieldSpec(name, "when", required=True, doc=doc)


_NAMES = (
    FieldSpec("name", "text", required=True, prop="rdfs:label", doc="The name the graph shows."),
    FieldSpec("aliases", "texts", prop="skos:altLabel", doc="Other names the sources use."),
)
_DESCRIPTION = FieldSpec("description", "text", prop="rdfs:comment", doc="A short description.")
_WIKIDATA = FieldSpec("wikidata", "wikidata", prop="wikidata")

ACTORS = RecordKind(
    "actors",
    "actors",
    "entities",
    "actor",
    "actor",
    "actor",
    (
        _id(),
        FieldSpec(
            "kind", "choice", required=True, choices=subclasses("Actor"), doc="The class of the actor."
        ),
        *_NAMES,
        _WIKIDATA,
        _DESCRIPTION,
    ),
    class_field="kind",
    shared=True,
    page="actor",
    doc="A state, person or organisation, named once for all sources.",
)
PLACES = RecordKind(
    "places",
    "places",
    "entities",
    "place",
    "place",
    "place",
    (
        _id(),
        *_NAMES,
        _WIKIDATA,
        _DESCRIPTION,
        FieldSpec("part_of", "id", ref="place", prop="locatedIn"),
    ),
    cls="Place",
    shared=True,
    page="place",
    doc="A place, road or area, named once for all sources.",
)
AGREEMENT_ENTITIES = RecordKind(
    "agreement_entities",
    "agreements",
    "entities",
    "agreement",
    "agreement",
    "agreement",
    (
        _id(),
        FieldSpec(
            "kind",
            "choice",
            required=True,
            choices=subclasses("Agreement"),
            doc="The class of the agreement.",
        ),
        *_NAMES,
        _DESCRIPTION,
    ),
    class_field="kind",
    shared=True,
    page="agreement",
    doc="An agreement, named once for all sources (what a source says of it is an agreement fact).",
)
SOURCE = RecordKind(
    "source",
    "source",
    "facts",
    "source",
    None,
    "source",
    (
        FieldSpec("id", "slug", required=True, doc="The source's id: the name of its folder."),
        FieldSpec(
            "kind",
            "choice",
            required=True,
            choices=tuple(SOURCE_CLASSES),
            doc="article: a text kept verbatim in document.txt and quoted; record: an official record cited "
            "by URL and article number.",
        ),
        FieldSpec("title", "text", required=True, doc="The title as published."),
        FieldSpec("publisher", "id", required=True, ref="actor", prop="publisher"),
        _when("published", doc="The day it was published, or the range of days it must lie in."),
        FieldSpec("url", "url", prop="url"),
        FieldSpec("language", "text", prop="dcterms:language", doc="The language of the text (en, ru, tr)."),
        FieldSpec(
            "furniture",
            "texts",
            doc="Passages of the page that are never facts (donation counters, image captions).",
        ),
    ),
    page="none",
    doc="The document the facts come from.",
)
AGREEMENT_FACTS = RecordKind(
    "agreements",
    "agreements",
    "facts",
    "agreement fact",
    "agreement fact",
    None,
    (
        _id(),
        FieldSpec("agreement", "id", required=True, ref="agreement", doc="The agreement the fact is about."),
        FieldSpec(
            "parties",
            "ids",
            ref="actor",
            prop="partyTo",
            inverse=True,
            doc="The actors party to the agreement (signatories or guarantors).",
        ),
        FieldSpec("signed_on", "date", prop="signedOn"),
        FieldSpec("signed_at", "id", ref="place", prop="signedAt"),
        FieldSpec("supplements", "ids", ref="agreement", prop="supplements"),
        FieldSpec("recalls", "ids", ref="agreement", prop="recalls"),
        FieldSpec("pax_id", "text", prop="paxId"),
        FieldSpec("stage", "text", prop="stage"),
        FieldSpec("peace_process", "text", prop="peaceProcess"),
        FieldSpec("url", "url", prop="url"),
        _evidence(),
    ),
    subject_field="agreement",
    page="none",
    doc="What a source says of an agreement: its parties, signing, links to other agreements.",
)
PROVISIONS = RecordKind(
    "provisions",
    "provisions",
    "facts",
    "provision",
    "provision",
    "provision",
    (
        _id(),
        FieldSpec(
            "agreement",
            "id",
            required=True,
            ref="agreement",
            prop="hasProvision",
            inverse=True,
            doc="The agreement the provision is part of.",
        ),
        FieldSpec(
            "kind",
            "choice",
            required=True,
            choices=subclasses("Provision"),
            doc="The class of the provision.",
        ),
        FieldSpec("article", "text", prop="articleNumber"),
        FieldSpec("text", "text", required=True, prop="text"),
        FieldSpec("applies_to", "ids", ref="place", prop="appliesTo"),
        FieldSpec("effective_from", "datetime", prop="effectiveFrom"),
        FieldSpec("start_date", "date", prop="startDate"),
        FieldSpec("deadline", "date", prop="deadline"),
        FieldSpec("within_days", "int", prop="withinDays"),
        FieldSpec("width_km", "decimal", prop="widthKm"),
        FieldSpec("min_width_km", "decimal", prop="minWidthKm"),
        FieldSpec("max_width_km", "decimal", prop="maxWidthKm"),
        FieldSpec("road", "id", ref="place", prop="road"),
        FieldSpec("route_from", "id", ref="place", prop="routeFrom"),
        FieldSpec("route_to", "id", ref="place", prop="routeTo"),
        _evidence(),
    ),
    class_field="kind",
    page="provision",
    doc="One provision of an agreement: an article and its terms.",
)
EVENTS = RecordKind(
    "events",
    "events",
    "facts",
    "event",
    "event",
    "event",
    (
        FieldSpec(
            "id",
            "slug",
            required=True,
            doc="The event's id, shared by all sources: each entry with this id is one more account of the "
            "same event.",
        ),
        FieldSpec(
            "type",
            "choice",
            choices=subclasses("Event"),
            identity=True,
            doc="The class of the event (on at least one of its accounts; all that give it agree).",
        ),
        FieldSpec(
            "label",
            "text",
            identity=True,
            doc="A one-line name of the event (on at least one of its accounts; the first read is the "
            "name, any other an alternative name).",
        ),
        _reporter(),
        FieldSpec(
            "cites",
            "ids",
            ref="actor",
            prop="cites",
            doc="The reporters the account's reporter names as its own sources (an event dataset's source "
            "column): each an actor.",
        ),
        FieldSpec("date", "when", doc="The day it happened, or the range of days it must lie in."),
        FieldSpec(
            "period",
            "period",
            doc="The whole period the account covers ({from: DATE, to: DATE}; without 'to', up to the "
            "source's publication day).",
        ),
        _date_note(),
        FieldSpec(
            "status",
            "choice",
            required=True,
            prop="status",
            choices=concepts(TERM_IRIS["STATUS_SCHEME"]),
            concepts_in=NAMESPACE_IRIS["STATUS"],
            doc="occurred, planned, conditional, cancelled, or denied (the reporter says it did not happen).",
        ),
        FieldSpec(
            "count",
            "quantity",
            doc="How many of what the event is (violations, convoys): a whole number, or {about: N}, "
            "{at_least: N}, {more_than: N}, {at_most: N}, {fewer_than: N}, {nearly: N}, {exactly: N}, "
            "{vague: WORD}, or {best: N, low: N, high: N}.",
        ),
        FieldSpec(
            "casualties",
            "casualties",
            ref="actor",
            doc="Casualty figures: a list of {what: killed|wounded|captured|missing|displaced, of: ACTOR, "
            "count: (as count), period: {from, to}} (of and period optional).",
        ),
        FieldSpec("place", "id", ref="place", prop="place"),
        FieldSpec("destination", "id", ref="place", prop="destination"),
        FieldSpec("participants", "ids", ref="actor", prop="participant"),
        FieldSpec("performed_by", "ids", ref="actor", prop="performedBy"),
        FieldSpec("escorted_party", "ids", ref="actor", prop="escortedParty"),
        FieldSpec("initiated_by", "ids", ref="actor", prop="initiatedBy"),
        FieldSpec(
            "perpetrators",
            "perpetrators",
            ref="actor",
            doc="Who is said to have done it: {all_of: [ids]}, or {one_of: [ids]} when it is one of them.",
        ),
        FieldSpec("violates", "ids", ref="provision", prop="violatesProvision"),
        FieldSpec("implements", "ids", ref="provision", prop="implementsProvision"),
        FieldSpec("concerns", "ids", ref="provision", prop="concernsProvision"),
        _plover(),
        FieldSpec("details", "text", prop="details"),
        FieldSpec(
            "acled_type",
            "choice",
            prop="acledType",
            choices=_acled("type"),
            concepts_in=NAMESPACE_IRIS["ACLED"],
            doc="The ACLED event type a dataset row codes (battles, protests, …).",
        ),
        FieldSpec(
            "acled_sub_type",
            "choice",
            prop="acledSubType",
            choices=_acled("sub-type"),
            concepts_in=NAMESPACE_IRIS["ACLED"],
            doc="The ACLED sub-event type a dataset row codes (armed-clash, …).",
        ),
        FieldSpec(
            "ucdp_violence",
            "choice",
            prop="ucdpViolenceType",
            choices=concepts(TERM_IRIS["UCDP_SCHEME"]),
            concepts_in=NAMESPACE_IRIS["UCDP"],
            doc="The UCDP GED type of violence: state-based, non-state or one-sided.",
        ),
        FieldSpec(
            "date_precision",
            "choice",
            prop="datePrecision",
            choices=concepts(TERM_IRIS["DATE_PRECISION_SCHEME"]),
            concepts_in=NAMESPACE_IRIS["DATE_PRECISION"],
            doc="How precisely a dataset row knows the day: day, days, week, month or year.",
        ),
        FieldSpec(
            "admin_area",
            "id",
            ref="place",
            prop="adminArea",
            doc="The first-level division a dataset row names (ACLED admin1, UCDP adm_1).",
        ),
        FieldSpec("coordinates", "wkt", prop="coordinates", doc="Where: POINT(LONGITUDE LATITUDE), WGS 84."),
        FieldSpec(
            "geo_precision",
            "choice",
            prop="geoPrecision",
            choices=concepts(TERM_IRIS["GEO_PRECISION_SCHEME"]),
            concepts_in=NAMESPACE_IRIS["GEO_PRECISION"],
            doc="How precisely a dataset row knows the place: town, near-town or region.",
        ),
        _evidence(),
    ),
    class_field="type",
    shared=True,
    accounts=True,
    account_class="EventAccount",
    one_of=(("date", "period"),),
    page="event",
    doc="One reporter's account of an event: something that happened, is planned, is conditional, was "
    "cancelled or is denied.",
)
STATEMENTS = RecordKind(
    "statements",
    "statements",
    "facts",
    "statement",
    "statement",
    "statement",
    (
        _id(),
        FieldSpec("speaker", "id", required=True, ref="actor", prop="speaker"),
        _when("date", doc="The day it was said, or the range of days it must lie in."),
        _date_note(),
        FieldSpec("text", "text", required=True, prop="text"),
        FieldSpec(
            "text_kind",
            "choice",
            required=True,
            prop="textKind",
            choices=concepts(TERM_IRIS["TEXT_KIND_SCHEME"]),
            concepts_in=NAMESPACE_IRIS["TEXT_KIND"],
            doc="verbatim (the text must occur in the document) or paraphrase.",
        ),
        FieldSpec("about", "ids", ref="any", prop="about"),
        _plover(),
        _reported_by(),
        _evidence(),
    ),
    cls="Statement",
    page="statement",
    doc="What an actor said, verbatim or paraphrased.",
)
RELATIONSHIPS = RecordKind(
    "relationships",
    "relationships",
    "facts",
    "relationship",
    "relationship",
    "relationship",
    (
        FieldSpec(
            "id",
            "slug",
            required=True,
            doc="The relationship's id, shared by all sources: each entry with this id is one more account "
            "of it.",
        ),
        FieldSpec(
            "type",
            "choice",
            choices=tuple(RELATIONSHIP_TYPES),
            identity=True,
            doc="backs, officially-does-not-back, leads or part-of (on at least one account).",
        ),
        FieldSpec("from", "id", ref="actor", prop="relationFrom", identity=True),
        FieldSpec("to", "id", ref="actor", prop="relationTo", identity=True),
        FieldSpec("title", "text", prop="title", doc="The office held (leads only)."),
        FieldSpec("rank", "text", prop="rank", doc="The military rank (leads only)."),
        _reporter(),
        _evidence(),
    ),
    shared=True,
    accounts=True,
    account_class="RelationshipAccount",
    page="none",
    doc="One reporter's account of a relationship between two actors.",
)
SAME_AS = RecordKind(
    "same_as",
    "same_as",
    "facts",
    "identity declaration",
    "identity",
    "identity",
    (
        FieldSpec("id", "slug", required=True, doc="The declaration's own id."),
        FieldSpec(
            "ids",
            "ids",
            required=True,
            doc="Two or more ids of events (or of relationships) that name the same one: the first is "
            "kept, the accounts of the others become its accounts, and references to them resolve to it.",
        ),
        _evidence(),
    ),
    cls="IdentityDeclaration",
    page="none",
    doc="A curator's statement that several event (or relationship) ids name the same one.",
)

#: Every kind of record, by section, in the order the files are read.
RECORD_KINDS: dict[str, RecordKind] = {
    kind.section: kind
    for kind in (
        ACTORS,
        PLACES,
        AGREEMENT_ENTITIES,
        SOURCE,
        AGREEMENT_FACTS,
        PROVISIONS,
        EVENTS,
        STATEMENTS,
        RELATIONSHIPS,
        SAME_AS,
    )
}
#: The sections of entities.yaml, by their key in the file.
ENTITY_SECTIONS: dict[str, str] = {k.key: k.section for k in RECORD_KINDS.values() if k.file == "entities"}
#: The sections of facts.yaml that hold lists of facts, in the order they are read.
FACT_SECTIONS: tuple[str, ...] = tuple(
    k.section for k in RECORD_KINDS.values() if k.file == "facts" and k.section != "source"
)
#: What each id space holds, by the section its records come from.
SPACE_OF_SECTION: dict[str, str] = {
    k.section: k.id_space for k in RECORD_KINDS.values() if k.id_space is not None
}
#: Id spaces whose nodes several sources describe (every other node is described by one record only).
SHARED_SPACES = frozenset(k.id_space for k in RECORD_KINDS.values() if k.shared and k.id_space)
#: The IRI segment of each id space.
SEGMENT_OF_SPACE: dict[str, str] = {
    k.id_space: k.segment for k in RECORD_KINDS.values() if k.id_space is not None and k.segment is not None
}
