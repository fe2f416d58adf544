"""Declare the ceasefire-kg vocabulary as data: classes, properties, concept schemes and their alignments.

The names are fixed by the vocabulary contract that the data builder writes; ``ontology.model`` turns these
tables into OWL with owlready2, and the source schema takes its kinds of actor, event and provision from
here, so the two cannot drift apart. This module imports no owlready2, so reading it is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import (
    ACLED,
    ACLED_HOME,
    ACLED_SCHEME,
    PLOVER,
    PLOVER_HOME,
    PLOVER_SCHEME,
    STATUS,
    STATUS_SCHEME,
    TEXT_KIND,
    TEXT_KIND_SCHEME,
)
from .resources import project_version

#: The version of ceasefire-kg, written as ``owl:versionInfo`` (declared once, in pyproject.toml).
VERSION = project_version()

EN = "en"


@dataclass(frozen=True)
class ClassSpec:
    """Describe one class: its name in cf:, label, definition and direct superclasses (cf names or CURIEs)."""

    name: str
    label: str
    comment: str
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class PropertySpec:
    """Describe one property of cf:.

    ``kind`` is ``object``, ``data`` or ``annotation``; ``domain`` lists classes whose union is the domain;
    ``range`` lists classes (object properties; a union when several) or one datatype CURIE (data properties).
    """

    name: str
    kind: str
    label: str
    comment: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    parents: tuple[str, ...] = ()
    inverse_of: str | None = None
    functional: bool = False
    transitive: bool = False
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptSpec:
    """Describe one SKOS concept: its IRI, preferred label, definition and broader concept (if any)."""

    iri: str
    label: str
    definition: str
    broader: str | None = None


@dataclass(frozen=True)
class SchemeSpec:
    """Describe one SKOS concept scheme and its concepts."""

    iri: str
    label: str
    definition: str
    concepts: tuple[ConceptSpec, ...]
    see_also: str | None = None


# -- classes -------------------------------------------------------------------------------------------------

CLASSES: tuple[ClassSpec, ...] = (
    ClassSpec(
        "Actor",
        "actor",
        "Anyone who acts, speaks or is acted upon in the ceasefire: a state, a person or an organization. "
        "Actors are the speakers, participants, reporters and parties of the other facts.",
        ("sem:Actor", "prov:Agent"),
    ),
    ClassSpec(
        "State",
        "state",
        "A sovereign state acting as a party or actor, e.g. Turkey or the Russian Federation (its territory "
        "is a cf:Place).",
        ("Actor",),
    ),
    ClassSpec(
        "Person",
        "person",
        "An individual human being, e.g. a president, a minister or a commander.",
        ("Actor", "foaf:Person", "schema:Person"),
    ),
    ClassSpec(
        "Organization",
        "organization",
        "A formally organized group of people acting together: a government body, a military force, an "
        "armed group or a news medium.",
        ("Actor", "org:Organization", "schema:Organization"),
    ),
    ClassSpec(
        "GovernmentBody",
        "government body",
        "A civilian organ of a state's government: a ministry, the presidency, the Kremlin.",
        ("Organization", "schema:GovernmentOrganization"),
    ),
    ClassSpec(
        "MilitaryForce",
        "military force",
        "A state's armed forces or one of their units or agencies: an army, the military police, the Russian "
        "reconciliation center, a military delegation.",
        ("Organization",),
    ),
    ClassSpec(
        "ArmedGroup",
        "armed group",
        "A non-state armed group, e.g. Hay'at Tahrir al-Sham, the Turkistan Islamic Party, the National "
        'Liberation Front or the groups called the "moderate opposition".',
        ("Organization",),
    ),
    ClassSpec(
        "NewsMedia",
        "news media",
        "An organization that publishes news: a news agency, newspaper or news website, e.g. Interfax or "
        "South Front.",
        ("Organization", "schema:NewsMediaOrganization"),
    ),
    ClassSpec(
        "Place",
        "place",
        "A geographic place or area: a country, a region, a de-escalation zone, a settlement, a highway, the "
        "sites of observation posts.",
        ("sem:Place", "schema:Place"),
    ),
    ClassSpec(
        "Agreement",
        "agreement",
        "A written agreement between parties about a ceasefire or the arrangements around it, e.g. a "
        "memorandum or a protocol.",
        ("prov:Entity", "schema:CreativeWork"),
    ),
    ClassSpec(
        "Memorandum",
        "memorandum",
        "An agreement concluded as a memorandum, e.g. the Sochi memorandum on Idlib of 17 September 2018.",
        ("Agreement",),
    ),
    ClassSpec(
        "Protocol",
        "protocol",
        "An agreement concluded as a protocol, typically supplementing an earlier agreement, e.g. the "
        "Moscow Additional Protocol of 5 March 2020.",
        ("Agreement",),
    ),
    ClassSpec(
        "Provision",
        "provision",
        "One article or clause of an agreement: what it requires, of whom, from when and where.",
        ("prov:Entity",),
    ),
    ClassSpec(
        "CeasefireProvision",
        "ceasefire provision",
        "A provision requiring the parties to cease military actions in an area, from a given time.",
        ("Provision",),
    ),
    ClassSpec(
        "SecurityCorridorProvision",
        "security corridor provision",
        "A provision setting up a security corridor along a road, of a given depth on each side of it.",
        ("Provision",),
    ),
    ClassSpec(
        "JointPatrolProvision",
        "joint patrol provision",
        "A provision setting up patrols by the forces of two or more parties along a route, from a start "
        "date.",
        ("Provision",),
    ),
    ClassSpec(
        "DemilitarizedZoneProvision",
        "demilitarized zone provision",
        "A provision setting up a demilitarized zone of a given depth, from which armed groups or heavy "
        "weapons are to be withdrawn.",
        ("Provision",),
    ),
    ClassSpec(
        "ObservationPostProvision",
        "observation post provision",
        "A provision about observation posts: that they stay, are reinforced or keep operating.",
        ("Provision",),
    ),
    ClassSpec(
        "WithdrawalProvision",
        "withdrawal provision",
        "A provision requiring forces, groups or weapons to withdraw from an area, usually by a deadline.",
        ("Provision",),
    ),
    ClassSpec(
        "TransitProvision",
        "transit provision",
        "A provision restoring or securing transit traffic on a road, usually by a deadline.",
        ("Provision",),
    ),
    ClassSpec(
        "DeescalationAreaProvision",
        "de-escalation area provision",
        "A provision creating, keeping or delimiting a de-escalation area.",
        ("Provision",),
    ),
    ClassSpec(
        "Event",
        "event",
        "Something that happened, is planned, or is to happen on a condition (cf:status), at a time and "
        "place, with participants, as reported by someone (cf:reportedBy).",
        ("sem:Event",),
    ),
    ClassSpec(
        "CeasefireViolation",
        "ceasefire violation",
        "One or more violations of a ceasefire registered or reported for a day or a period (cf:count says "
        "how many); who committed them is an attribution (cf:attribution), not a fact.",
        ("Event",),
    ),
    ClassSpec(
        "ConvoyEscort",
        "convoy escort",
        "The escorting of convoys by one party's forces (cf:performedBy) for another party "
        "(cf:escortedParty) to a destination (cf:destination); cf:count says how many convoys.",
        ("Event",),
    ),
    ClassSpec(
        "JointPatrol",
        "joint patrol",
        "A patrol carried out jointly by the forces of two or more parties along a route.",
        ("Event",),
    ),
    ClassSpec(
        "Consultation",
        "consultation",
        "A consultation between actors, such as talks, a meeting or a phone call; cf:initiatedBy names who "
        "initiated it.",
        ("Event",),
    ),
    ClassSpec("PhoneCall", "phone call", "A consultation held by telephone.", ("Consultation",)),
    ClassSpec(
        "Talks", "talks", "A consultation held as talks, a meeting or negotiations.", ("Consultation",)
    ),
    ClassSpec(
        "ChannelEstablished",
        "channel established",
        "The setting up of a channel of communication or coordination between actors, e.g. between two "
        "defence ministries.",
        ("Event",),
    ),
    ClassSpec("Signing", "signing", "The signing of an agreement by its parties.", ("Event",)),
    ClassSpec(
        "Statement",
        "statement",
        "Something an actor said or wrote at a given time, kept as its verbatim words or as a paraphrase "
        "(cf:textKind), as reported by someone (cf:reportedBy).",
        ("prov:Entity", "schema:Quotation"),
    ),
    ClassSpec(
        "Relationship",
        "relationship",
        "A qualified relationship from one actor (cf:relationFrom) to another (cf:relationTo): a node of its "
        "own, so that it can carry who reports it and its evidence. The direct link between the two actors "
        "(cf:backs, cf:headOf, …) is written alongside it.",
        (),
    ),
    ClassSpec(
        "Backing",
        "backing",
        "A relationship in which one actor backs (supports) another, e.g. a state backing an armed group.",
        ("Relationship",),
    ),
    ClassSpec(
        "OfficialNonBacking",
        "official non-backing",
        "A relationship in which one actor officially does not back another (what it says, not necessarily "
        "what it does).",
        ("Relationship",),
    ),
    ClassSpec(
        "Leadership",
        "leadership",
        "A relationship in which a person leads or heads an actor, with the title of the office (cf:title) "
        "and the person's rank (cf:rank) where known.",
        ("Relationship",),
    ),
    ClassSpec(
        "PartOf",
        "part of",
        "A relationship in which one actor is a part, unit or subordinate body of another.",
        ("Relationship",),
    ),
    ClassSpec(
        "Attribution",
        "attribution",
        "Who is said to have carried out an event: every candidate (cf:candidate) did it, as reported by "
        "cf:reportedBy.",
        (),
    ),
    ClassSpec(
        "AlternativeAttribution",
        "alternative attribution",
        'An attribution to exactly one of its candidates, the source not saying which ("either TIP or '
        'HTS"): no single candidate is asserted to have done it.',
        ("Attribution",),
    ),
    ClassSpec(
        "Source",
        "source",
        "A document the facts of the graph are derived from (prov:wasDerivedFrom): a news article or a "
        "reference record of an agreement.",
        ("prov:Entity", "schema:CreativeWork"),
    ),
    ClassSpec(
        "NewsArticle",
        "news article",
        "A news article published by a news medium; its verbatim text is kept, and evidence quotes it with "
        "character offsets.",
        ("Source", "schema:NewsArticle"),
    ),
    ClassSpec(
        "Record",
        "record",
        "A reference record of an agreement (e.g. a PA-X database entry or a published text), cited by URL "
        "and article number rather than by quotation.",
        ("Source",),
    ),
    ClassSpec(
        "Evidence",
        "evidence",
        "A Web Annotation tying a fact (cf:evidenceFor) to the passage of a source that supports it: a "
        "quotation with its character offsets, or an article of a record.",
        ("oa:Annotation",),
    ),
    ClassSpec(
        "ArticleSelector",
        "article selector",
        "A Web Annotation selector that picks an article of a record by its number or name "
        '(cf:articleNumber, e.g. "Article 1" or "Preamble"), optionally at a URL of its own.',
        ("oa:Selector",),
    ),
)

#: The top classes; pairwise disjoint.
TOP_CLASSES = (
    "Actor",
    "Place",
    "Agreement",
    "Provision",
    "Event",
    "Statement",
    "Relationship",
    "Attribution",
    "Source",
    "Evidence",
)
#: Further groups of pairwise disjoint classes: one thing cannot be two of these.
DISJOINT_GROUPS: tuple[tuple[str, ...], ...] = (
    TOP_CLASSES,
    ("Person", "State", "Organization"),
    ("Memorandum", "Protocol"),
    ("Backing", "OfficialNonBacking", "Leadership", "PartOf"),
    ("NewsArticle", "Record"),
)
#: Classes whose every member happens or is said at some time: an OWL-Time alignment that classifies nothing.
TIMED_CLASSES = ("Event", "Statement")

# -- properties ----------------------------------------------------------------------------------------------

_CLAIMS = ("Event", "Statement", "Relationship", "Attribution")
_DATED = ("Event", "Statement", "Source")

PROPERTIES: tuple[PropertySpec, ...] = (
    # agreements
    PropertySpec(
        "partyTo",
        "object",
        "party to",
        "The agreement the actor is a party to (signatory or guarantor).",
        ("Actor",),
        ("Agreement",),
    ),
    PropertySpec(
        "hasParty",
        "object",
        "has party",
        "An actor that is a party to the agreement.",
        ("Agreement",),
        ("Actor",),
        inverse_of="partyTo",
    ),
    PropertySpec(
        "signedAt",
        "object",
        "signed at",
        "The place where the agreement was signed.",
        ("Agreement",),
        ("Place",),
    ),
    PropertySpec(
        "supplements",
        "object",
        "supplements",
        "An earlier agreement that this agreement adds to or amends (the Moscow protocol supplements the "
        "Sochi memorandum).",
        ("Agreement",),
        ("Agreement",),
    ),
    PropertySpec(
        "supplementedBy",
        "object",
        "supplemented by",
        "A later agreement that adds to or amends this one.",
        ("Agreement",),
        ("Agreement",),
        inverse_of="supplements",
    ),
    PropertySpec(
        "recalls",
        "object",
        "recalls",
        "An earlier agreement that this agreement refers back to without amending it.",
        ("Agreement",),
        ("Agreement",),
    ),
    PropertySpec(
        "recalledBy",
        "object",
        "recalled by",
        "A later agreement that refers back to this one.",
        ("Agreement",),
        ("Agreement",),
        inverse_of="recalls",
    ),
    PropertySpec(
        "hasProvision",
        "object",
        "has provision",
        "A provision (article or clause) of the agreement.",
        ("Agreement",),
        ("Provision",),
    ),
    PropertySpec(
        "provisionOf",
        "object",
        "provision of",
        "The agreement this provision belongs to; a provision belongs to exactly one agreement.",
        ("Provision",),
        ("Agreement",),
        inverse_of="hasProvision",
        functional=True,
    ),
    # provisions
    PropertySpec(
        "road",
        "object",
        "road",
        "The road or highway of a security corridor, patrol route or transit.",
        ("Provision",),
        ("Place",),
    ),
    PropertySpec(
        "routeFrom",
        "object",
        "route from",
        "The place where the route set by the provision starts.",
        ("Provision",),
        ("Place",),
    ),
    PropertySpec(
        "routeTo",
        "object",
        "route to",
        "The place where the route set by the provision ends.",
        ("Provision",),
        ("Place",),
    ),
    PropertySpec(
        "appliesTo", "object", "applies to", "An area the provision covers.", ("Provision",), ("Place",)
    ),
    # events
    PropertySpec(
        "place",
        "object",
        "place",
        "Where the event happened or is to happen.",
        ("Event",),
        ("Place",),
        parents=("sem:hasPlace",),
    ),
    PropertySpec(
        "destination",
        "object",
        "destination",
        "Where the event led to, e.g. where convoys were escorted.",
        ("Event",),
        ("Place",),
    ),
    PropertySpec(
        "participant",
        "object",
        "participant",
        "An actor that took part in the event, in any role.",
        ("Event",),
        ("Actor",),
        parents=("sem:hasActor",),
    ),
    PropertySpec(
        "participatedIn",
        "object",
        "participated in",
        "An event the actor took part in.",
        ("Actor",),
        ("Event",),
        inverse_of="participant",
    ),
    PropertySpec(
        "initiatedBy",
        "object",
        "initiated by",
        "The actor that initiated the event (e.g. a phone call).",
        ("Event",),
        ("Actor",),
        parents=("participant",),
    ),
    PropertySpec(
        "performedBy",
        "object",
        "performed by",
        "The actor that carried out the event, where the source says so definitely (e.g. the escorting "
        "force); an uncertain doer is a cf:attribution instead.",
        ("Event",),
        ("Actor",),
        parents=("participant",),
    ),
    PropertySpec(
        "escortedParty",
        "object",
        "escorted party",
        "The actor whose convoys were escorted.",
        ("Event",),
        ("Actor",),
        parents=("participant",),
    ),
    PropertySpec(
        "concernsProvision",
        "object",
        "concerns provision",
        "A provision the event concerns, e.g. the ceasefire article a violation breaches.",
        ("Event",),
        ("Provision",),
    ),
    PropertySpec(
        "concernedBy",
        "object",
        "concerned by",
        "An event that concerns this provision.",
        ("Provision",),
        ("Event",),
        inverse_of="concernsProvision",
    ),
    PropertySpec(
        "status",
        "object",
        "status",
        "Whether the event occurred, is planned, or is conditional, as a concept of the status scheme.",
        ("Event",),
        ("skos:Concept",),
        functional=True,
    ),
    PropertySpec(
        "attribution",
        "object",
        "attribution",
        "Who is said to have carried out the event.",
        ("Event",),
        ("Attribution",),
    ),
    PropertySpec(
        "candidate",
        "object",
        "candidate",
        "An actor named as the doer by an attribution (for an alternative attribution: one of the "
        "possible doers).",
        ("Attribution",),
        ("Actor",),
    ),
    PropertySpec(
        "count",
        "data",
        "count",
        "How many: violations registered, convoys escorted.",
        ("Event",),
        ("xsd:nonNegativeInteger",),
        functional=True,
    ),
    # claims and statements
    PropertySpec(
        "reportedBy",
        "object",
        "reported by",
        'An actor that reports or claims the fact ("registered by the Russian reconciliation center", '
        '"according to Interfax"); the publisher when the source asserts it itself.',
        _CLAIMS,
        ("Actor",),
    ),
    PropertySpec(
        "speaker",
        "object",
        "speaker",
        "The actor who made the statement.",
        ("Statement",),
        ("Actor",),
        parents=("prov:wasAttributedTo",),
    ),
    PropertySpec(
        "made",
        "object",
        "made",
        "A statement the actor made.",
        ("Actor",),
        ("Statement",),
        inverse_of="speaker",
    ),
    PropertySpec(
        "about",
        "object",
        "about",
        "What the statement is about: an actor, place, agreement, provision, event or statement.",
        ("Statement",),
        ("owl:Thing",),
        parents=("schema:about",),
    ),
    PropertySpec(
        "ploverCategory",
        "object",
        "PLOVER category",
        "The PLOVER event category of the statement or event (THREATEN, AGREE, CONSULT, …).",
        ("Event", "Statement"),
        ("skos:Concept",),
    ),
    PropertySpec(
        "textKind",
        "object",
        "text kind",
        "Whether cf:text holds the speaker's verbatim words or a paraphrase, as a concept of the text "
        "kind scheme.",
        ("Statement",),
        ("skos:Concept",),
        functional=True,
    ),
    PropertySpec(
        "text",
        "data",
        "text",
        "The words of a statement (verbatim or paraphrase: see cf:textKind), or the summary of a provision.",
        ("Statement", "Provision"),
        ("xsd:string",),
        parents=("schema:text",),
    ),
    # relationships
    PropertySpec(
        "relationFrom",
        "object",
        "relation from",
        "The actor the relationship goes from.",
        ("Relationship",),
        ("Actor",),
        functional=True,
    ),
    PropertySpec(
        "relationTo",
        "object",
        "relation to",
        "The actor the relationship goes to.",
        ("Relationship",),
        ("Actor",),
        functional=True,
    ),
    PropertySpec(
        "backs",
        "object",
        "backs",
        "The actor backs (supports) the other one; the shortcut of a cf:Backing relationship.",
        ("Actor",),
        ("Actor",),
    ),
    PropertySpec(
        "backedBy",
        "object",
        "backed by",
        "An actor that backs this one.",
        ("Actor",),
        ("Actor",),
        inverse_of="backs",
    ),
    PropertySpec(
        "officiallyDoesNotBack",
        "object",
        "officially does not back",
        "The actor officially does not back the other one; the shortcut of a cf:OfficialNonBacking "
        "relationship.",
        ("Actor",),
        ("Actor",),
    ),
    PropertySpec(
        "headOf",
        "object",
        "head of",
        "The person leads or heads the actor; the shortcut of a cf:Leadership relationship.",
        ("Person",),
        ("Actor",),
        parents=("org:headOf",),
    ),
    PropertySpec(
        "hasHead",
        "object",
        "has head",
        "A person who leads or heads this actor.",
        ("Actor",),
        ("Person",),
        inverse_of="headOf",
    ),
    PropertySpec(
        "partOf",
        "object",
        "part of",
        "The actor is a part, unit or subordinate body of the other one; the shortcut of a cf:PartOf "
        "relationship.",
        ("Actor",),
        ("Actor",),
        parents=("org:subOrganizationOf",),
    ),
    PropertySpec(
        "hasPart",
        "object",
        "has part",
        "An actor that is a part, unit or subordinate body of this one.",
        ("Actor",),
        ("Actor",),
        parents=("org:hasSubOrganization",),
        inverse_of="partOf",
    ),
    PropertySpec(
        "title",
        "data",
        "title",
        'The title of the office held in a leadership, as written ("Turkish Defense Minister").',
        ("Leadership",),
        ("xsd:string",),
    ),
    PropertySpec(
        "rank",
        "data",
        "rank",
        'The military rank of the leader in a leadership ("Rear Admiral").',
        ("Leadership",),
        ("xsd:string",),
    ),
    # places and actors
    PropertySpec(
        "locatedIn",
        "object",
        "located in",
        "A larger place this place lies in (the Idlib de-escalation zone lies in Syria).",
        ("Place",),
        ("Place",),
        parents=("schema:containedInPlace",),
        transitive=True,
    ),
    PropertySpec(
        "wikidata",
        "object",
        "Wikidata item",
        "The Wikidata item of the actor or place, given only where the identity is confirmed.",
        ("Actor", "Place"),
        ("owl:Thing",),
        parents=("schema:sameAs",),
    ),
    # sources and evidence
    PropertySpec(
        "publisher",
        "object",
        "publisher",
        "The actor that published the source.",
        ("Source",),
        ("Actor",),
        parents=("dcterms:publisher", "schema:publisher"),
    ),
    PropertySpec(
        "hasEvidence",
        "object",
        "has evidence",
        "Evidence for the fact: the passage of a source, or the article of a record, that supports it.",
        ("owl:Thing",),
        ("Evidence",),
    ),
    PropertySpec(
        "evidenceFor",
        "object",
        "evidence for",
        "The fact this evidence supports.",
        ("Evidence",),
        ("owl:Thing",),
        inverse_of="hasEvidence",
    ),
    PropertySpec(
        "url",
        "data",
        "URL",
        "A web address of the source, of the record of an agreement, or of one of its articles.",
        ("Source", "Agreement", "ArticleSelector"),
        ("xsd:anyURI",),
        parents=("schema:url",),
    ),
    PropertySpec(
        "sha256",
        "data",
        "SHA-256",
        "The SHA-256 checksum (hex) of the source's document text, which pins the character offsets of "
        "its evidence.",
        ("Source",),
        ("xsd:string",),
        functional=True,
    ),
    PropertySpec(
        "articleNumber",
        "data",
        "article number",
        'The article of an agreement, as numbered or named in it ("Article 1", "Preamble").',
        ("Provision", "ArticleSelector"),
        ("xsd:string",),
    ),
    # dates
    PropertySpec(
        "date",
        "data",
        "date",
        "The day of an event or statement, or the publication day of a source, when it is known exactly.",
        _DATED,
        ("xsd:date",),
        parents=("sem:hasTimeStamp",),
        functional=True,
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "earliestDate",
        "data",
        "earliest date",
        "The earliest day an event, statement or publication can have been, when the source is vague "
        "(with cf:latestDate).",
        _DATED,
        ("xsd:date",),
        parents=("sem:hasEarliestBeginTimeStamp",),
        functional=True,
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "latestDate",
        "data",
        "latest date",
        "The latest day an event, statement or publication can have been, when the source is vague (with "
        "cf:earliestDate).",
        _DATED,
        ("xsd:date",),
        parents=("sem:hasLatestEndTimeStamp",),
        functional=True,
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "dateNote",
        "data",
        "date note",
        'How the date was worked out from the source ("the day before" 10 March).',
        ("Event", "Statement"),
        ("xsd:string",),
    ),
    PropertySpec(
        "signedOn",
        "data",
        "signed on",
        "The day the agreement was signed.",
        ("Agreement",),
        ("xsd:date",),
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "effectiveFrom",
        "data",
        "effective from",
        "The moment from which the provision applies (the ceasefire from 2020-03-06T00:01:00).",
        ("Provision",),
        ("xsd:dateTime",),
        functional=True,
    ),
    PropertySpec(
        "startDate",
        "data",
        "start date",
        "The day from which what the provision sets up starts (joint patrols from 15 March 2020).",
        ("Provision",),
        ("xsd:date",),
        functional=True,
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "deadline",
        "data",
        "deadline",
        "The day by which the provision is to be carried out.",
        ("Provision",),
        ("xsd:date",),
        see_also=("time:inXSDDate",),
    ),
    PropertySpec(
        "withinDays",
        "data",
        "within days",
        'The number of days within which the provision is to be carried out ("within 7 days").',
        ("Provision",),
        ("xsd:nonNegativeInteger",),
    ),
    PropertySpec(
        "widthKm",
        "data",
        "width (km)",
        "The depth in kilometres of a corridor on each side of its road, or of a zone.",
        ("Provision",),
        ("xsd:decimal",),
    ),
    PropertySpec(
        "minWidthKm",
        "data",
        "minimum width (km)",
        'The smallest depth in kilometres of a zone whose depth is given as a range (15 of "15-20 km").',
        ("Provision",),
        ("xsd:decimal",),
    ),
    PropertySpec(
        "maxWidthKm",
        "data",
        "maximum width (km)",
        'The largest depth in kilometres of a zone whose depth is given as a range (20 of "15-20 km").',
        ("Provision",),
        ("xsd:decimal",),
    ),
    # agreements (PA-X)
    PropertySpec(
        "paxId",
        "data",
        "PA-X id",
        "The agreement's id in the PA-X Peace Agreements Database.",
        ("Agreement",),
        ("xsd:string",),
        parents=("dcterms:identifier",),
    ),
    PropertySpec(
        "stage",
        "data",
        "stage",
        'The agreement\'s stage as classified by PA-X ("Ceasefire/related").',
        ("Agreement",),
        ("xsd:string",),
    ),
    PropertySpec(
        "peaceProcess",
        "data",
        "peace process",
        'The peace process the agreement belongs to, as named by PA-X ("Syrian peace process").',
        ("Agreement",),
        ("xsd:string",),
    ),
    # links to the concept schemes, on the classes themselves
    PropertySpec(
        "acledEventType",
        "annotation",
        "ACLED event type",
        "The ACLED event type that events of this class fall under (an annotation, so that OWL DL stays "
        "clean); several values mean one of them, depending on the event.",
        ("owl:Class",),
        ("skos:Concept",),
    ),
    PropertySpec(
        "acledSubEventType",
        "annotation",
        "ACLED sub-event type",
        "The ACLED sub-event type that events of this class fall under (an annotation).",
        ("owl:Class",),
        ("skos:Concept",),
    ),
)

# -- standard terms the ontology declares (typed), without redefining them -----------------------------------

EXTERNAL_CLASSES = (
    "sem:Actor", "sem:Place", "sem:Event", "prov:Agent", "prov:Entity", "foaf:Person", "org:Organization",
    "schema:Person", "schema:Organization", "schema:GovernmentOrganization", "schema:NewsMediaOrganization",
    "schema:Place", "schema:CreativeWork", "schema:Quotation", "schema:NewsArticle",
    "oa:Annotation", "oa:Selector", "oa:SpecificResource", "oa:TextQuoteSelector", "oa:TextPositionSelector",
    "skos:Concept", "skos:ConceptScheme", "time:TemporalEntity",
)  # fmt: skip
EXTERNAL_OBJECT_PROPERTIES = (
    "prov:wasDerivedFrom", "prov:wasAttributedTo", "oa:hasTarget", "oa:hasSource", "oa:hasSelector",
    "sem:hasPlace", "sem:hasActor", "org:headOf", "org:subOrganizationOf", "org:hasSubOrganization",
    "dcterms:publisher", "schema:publisher", "schema:about", "schema:sameAs", "schema:containedInPlace",
    "time:hasTime", "skos:inScheme", "skos:topConceptOf", "skos:hasTopConcept", "skos:broader",
    "skos:narrower",
)  # fmt: skip
EXTERNAL_DATA_PROPERTIES = (
    "oa:exact", "oa:prefix", "oa:suffix", "oa:start", "oa:end", "sem:hasTimeStamp",
    "sem:hasEarliestBeginTimeStamp", "sem:hasLatestEndTimeStamp", "schema:text", "schema:url",
    "dcterms:identifier",
)  # fmt: skip
#: Annotation properties: used on the ontology header, on concepts, and by the data for names and titles.
EXTERNAL_ANNOTATION_PROPERTIES = (
    "dcterms:title", "dcterms:description", "dcterms:license", "dcterms:language", "skos:prefLabel",
    "skos:altLabel", "skos:definition", "vann:preferredNamespacePrefix", "vann:preferredNamespaceUri",
)  # fmt: skip

# -- SKOS concept schemes ------------------------------------------------------------------------------------

SCHEMES: tuple[SchemeSpec, ...] = (
    SchemeSpec(
        str(PLOVER_SCHEME),
        "PLOVER event categories",
        "The 16 event categories of PLOVER (Political Language Ontology for Verifiable Event Records), the "
        "successor of CAMEO, used to classify statements and events.",
        (
            ConceptSpec(
                str(PLOVER.AGREE),
                "AGREE",
                "Agree, or express the intent, to cooperate, meet, negotiate or settle a dispute.",
            ),
            ConceptSpec(
                str(PLOVER.CONSULT),
                "CONSULT",
                "Consult another actor: talks, meetings, visits, phone calls, mediation.",
            ),
            ConceptSpec(
                str(PLOVER.SUPPORT),
                "SUPPORT",
                "Express support for another actor: praise, endorse, defend verbally, recognise.",
            ),
            ConceptSpec(
                str(PLOVER.CONCEDE),
                "CONCEDE",
                "Yield verbally: accede to a demand, promise to ease restrictions or change policy.",
            ),
            ConceptSpec(
                str(PLOVER.COOPERATE),
                "COOPERATE",
                "Cooperate materially: economic, military, judicial or intelligence cooperation.",
            ),
            ConceptSpec(
                str(PLOVER.AID),
                "AID",
                "Provide aid: economic, military or humanitarian aid, protection, asylum.",
            ),
            ConceptSpec(
                str(PLOVER.RETREAT),
                "RETREAT",
                "Yield materially: withdraw or demobilise forces, declare a ceasefire, release "
                "people or property, ease sanctions.",
            ),
            ConceptSpec(
                str(PLOVER.REQUEST),
                "REQUEST",
                "Ask or demand that another actor act: cooperate, give aid, change policy, meet, yield.",
            ),
            ConceptSpec(
                str(PLOVER.ACCUSE), "ACCUSE", "Criticise, denounce, accuse or investigate another actor."
            ),
            ConceptSpec(
                str(PLOVER.REJECT),
                "REJECT",
                "Refuse a proposal, request or demand; decline to cooperate or to yield.",
            ),
            ConceptSpec(
                str(PLOVER.THREATEN),
                "THREATEN",
                "Threaten another actor with force, sanctions or other harmful action.",
            ),
            ConceptSpec(
                str(PLOVER.PROTEST),
                "PROTEST",
                "Engage in political dissent: demonstrations, strikes, boycotts, blockades, riots.",
            ),
            ConceptSpec(
                str(PLOVER.SANCTION),
                "SANCTION",
                "Reduce relations: cut or suspend ties or aid, halt negotiations, expel.",
            ),
            ConceptSpec(
                str(PLOVER.MOBILIZE),
                "MOBILIZE",
                "Demonstrate military or police power: raise alert levels, mobilise or deploy forces.",
            ),
            ConceptSpec(
                str(PLOVER.COERCE),
                "COERCE",
                "Coerce without armed attack: arrests, restrictions, seizures, blockades, deportations.",
            ),
            ConceptSpec(
                str(PLOVER.ASSAULT),
                "ASSAULT",
                "Use violence: armed attacks, shelling and bombing, abductions, killings.",
            ),
        ),
        PLOVER_HOME,
    ),
    SchemeSpec(
        str(ACLED_SCHEME),
        "ACLED event types",
        "The ACLED (Armed Conflict Location & Event Data) event types and sub-event types that the event "
        "classes of ceasefire-kg map to.",
        (
            ConceptSpec(
                str(ACLED.battles),
                "Battles",
                "Violent interactions between two organised armed groups at a given time and place.",
            ),
            ConceptSpec(
                str(ACLED["explosions-remote-violence"]),
                "Explosions/Remote violence",
                "One-sided violence with explosives or from a distance (shelling, air and drone "
                "strikes, mines, bombs), the attacker being absent from the target.",
            ),
            ConceptSpec(
                str(ACLED["strategic-developments"]),
                "Strategic developments",
                "Contextually important, mostly non-violent activities of conflict actors: "
                "agreements, arrests, deployments, bases set up, transfers of territory.",
            ),
            ConceptSpec(
                str(ACLED.agreement),
                "Agreement",
                "A strategic development in which actors reach an agreement: ceasefires, peace "
                "deals, prisoner exchanges, evacuation deals.",
                str(ACLED["strategic-developments"]),
            ),
            ConceptSpec(
                str(ACLED.other),
                "Other",
                "A strategic development that fits no other ACLED sub-event type.",
                str(ACLED["strategic-developments"]),
            ),
        ),
        ACLED_HOME,
    ),
    SchemeSpec(
        str(STATUS_SCHEME),
        "event status",
        "Whether an event, as reported, has happened, is planned, or is to happen on a condition.",
        (
            ConceptSpec(str(STATUS.occurred), "occurred", "The event is reported to have happened."),
            ConceptSpec(
                str(STATUS.planned),
                "planned",
                "The event is announced or agreed for the future (joint patrols from 15 March).",
            ),
            ConceptSpec(
                str(STATUS.conditional),
                "conditional",
                'The event is to happen only if a condition is met ("if its observation posts are '
                'targeted").',
            ),
        ),
    ),
    SchemeSpec(
        str(TEXT_KIND_SCHEME),
        "statement text kind",
        "Whether the text of a statement is the speaker's own words or a rendering of them.",
        (
            ConceptSpec(
                str(TEXT_KIND.verbatim), "verbatim", "The speaker's words exactly as quoted in the source."
            ),
            ConceptSpec(
                str(TEXT_KIND.paraphrase),
                "paraphrase",
                "What the speaker said, in the source's reported speech or a summary, not the "
                "speaker's exact words.",
            ),
        ),
    ),
)

#: The ACLED concepts each event class falls under: (event types, sub-event types).
ACLED_MAPPING: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # the sources do not say what kind of violence: either of two event types, no sub-event type
    "CeasefireViolation": (("battles", "explosions-remote-violence"), ()),
    "ConvoyEscort": (("strategic-developments",), ("other",)),
    "JointPatrol": (("strategic-developments",), ("other",)),
    "Consultation": (("strategic-developments",), ("other",)),
    "PhoneCall": (("strategic-developments",), ("other",)),
    "Talks": (("strategic-developments",), ("other",)),
    "ChannelEstablished": (("strategic-developments",), ("agreement",)),
    "Signing": (("strategic-developments",), ("agreement",)),
}


def subclasses(name: str) -> tuple[str, ...]:
    """Return the cf: classes below one class (not the class itself), in declaration order."""
    parents = {spec.name: spec.parents for spec in CLASSES}

    def below(cls: str) -> bool:
        return any(parent == name or below(parent) for parent in parents.get(cls, ()))

    return tuple(spec.name for spec in CLASSES if below(spec.name))


def concepts(scheme: str) -> tuple[str, ...]:
    """Return the local names of the concepts of one scheme (``PLOVER_SCHEME`` …), in declaration order."""
    (spec,) = (s for s in SCHEMES if s.iri == scheme)
    return tuple(concept.iri.rsplit("/", 1)[-1] for concept in spec.concepts)
