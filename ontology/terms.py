"""Read the ceasefire-kg vocabulary from ``ontology/vocabulary.yaml``: classes, properties, concept schemes.

The YAML file is the one hand-kept description of the vocabulary; this module reads it into typed records,
checking every name as it goes, so that a typo stops with the file, line and value instead of surfacing as an
owlready2 traceback or a silently missing axiom. ``ontology.model`` turns the records into OWL, and the source
schema takes its kinds of actor, event and provision from here, so the two cannot drift apart. This module
imports neither rdflib nor owlready2: reading it is cheap, and the ``query`` command stays light.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NoReturn, get_args

import yaml

from . import namespaces
from .errors import InputError
from .namespaces import PREFIXES, TERM_IRIS
from .resources import VOCABULARY_YAML, project_version, vocabulary_text
from .text import did_you_mean

#: The version of ceasefire-kg, written as ``owl:versionInfo`` (declared once, in pyproject.toml).
VERSION = project_version()

EN = "en"

#: How the vocabulary file is named in messages.
VOCABULARY_FILE = f"ontology/{VOCABULARY_YAML}"

PropertyKind = Literal["object", "data", "annotation"]
PROPERTY_KINDS: tuple[PropertyKind, ...] = get_args(PropertyKind)


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
    kind: PropertyKind
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


#: The ACLED concepts one event class falls under: (event types, sub-event types), as ids of the acled scheme.
AcledTypes = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Vocabulary:
    """Hold the whole vocabulary as read from the YAML file, in the file's order."""

    classes: tuple[ClassSpec, ...]
    properties: tuple[PropertySpec, ...]
    top_classes: tuple[str, ...]
    disjoint_groups: tuple[tuple[str, ...], ...]
    timed_classes: tuple[str, ...]
    external_classes: tuple[str, ...]
    external_object_properties: tuple[str, ...]
    external_data_properties: tuple[str, ...]
    external_annotation_properties: tuple[str, ...]
    schemes: tuple[SchemeSpec, ...]
    acled_mapping: dict[str, AcledTypes]


# -- reading -------------------------------------------------------------------------------------------------

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
#: A name of cf: (a local name: letters and digits, no prefix).
_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
#: A concept id inside its scheme's namespace (``THREATEN``, ``explosions-remote-violence``).
_CONCEPT_ID = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
#: The datatypes a data property may have as its range (XSD, as RDF 1.1 and OWL 2 use them).
DATATYPES = tuple(
    f"xsd:{name}"
    for name in (
        "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean",
        "decimal", "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte", "double", "float", "date", "dateTime", "dateTimeStamp", "time", "gYear",
        "gYearMonth", "duration", "anyURI", "hexBinary", "base64Binary",
    )
)  # fmt: skip
#: Datatypes of other standards a data property may have: GeoSPARQL's WKT geometries (coordinates).
DATATYPES += ("geo:wktLiteral",)
#: The class every event class is below: each one maps to ACLED, and only those do.
EVENT_CLASS = "Event"
#: The scheme whose concepts the ``acled`` entries of the event classes name.
ACLED_SCHEME_PREFIX = "acled"
#: OWL's own classes, usable as a domain or range without being declared.
OWL_THING = "owl:Thing"
OWL_CLASS = "owl:Class"
#: The top-level sections of the file, all required.
SECTIONS = ("classes", "top_classes", "disjoint_groups", "timed_classes", "properties", "external", "schemes")


@dataclass(frozen=True)
class _Name:
    """Hold a name read from the file with the line it is on."""

    value: str
    line: int


@dataclass(frozen=True)
class _Entry:
    """Hold one named entry of a section (a class, a property, a scheme, a concept): its line and fields."""

    name: str
    line: int
    fields: dict[str, yaml.Node]


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _shown(node: yaml.Node) -> object:
    """Return what a node holds, for a message: a scalar's text, or the kind of collection."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


class _Reader:
    """Read values from the YAML node tree, which keeps every line; fail on a problem with its line."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, line: int, message: str, value: object) -> NoReturn:
        """Raise the InputError of one problem at one line of the file."""
        raise InputError(message, file=self.file, line=line, value=value)

    def keyed(self, node: yaml.Node, what: str) -> list[tuple[str, int, yaml.Node]]:
        """Return ``(key, line, value node)`` of a mapping, in order; a key given twice is an error."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(_line(node), f"{what} must be a mapping", _shown(node))
        seen: dict[str, int] = {}
        found = []
        for key_node, value_node in node.value:
            key, line = self.text(key_node, f"a key of {what}"), _line(key_node)
            if key in seen:
                self.fail(line, f"{what}: duplicate name {key!r} (first on line {seen[key]})", key)
            seen[key] = line
            found.append((key, line, value_node))
        return found

    def fields(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node]:
        """Return the fields of a mapping with a fixed set of keys; a missing or unknown key is an error."""
        allowed = (*required, *optional)
        found: dict[str, yaml.Node] = {}
        for key, line, value in self.keyed(node, what):
            if key not in allowed:
                self.fail(
                    line,
                    f"{what}: unknown key {key!r}{did_you_mean(key, allowed)} (keys: {', '.join(allowed)})",
                    key,
                )
            found[key] = value
        missing = [key for key in required if key not in found]
        if missing:
            self.fail(_line(node), f"{what}: {', '.join(map(repr, missing))} missing", missing[0])
        return found

    def entries(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> list[_Entry]:
        """Return the entries of a mapping of names to entries, each a mapping with a fixed set of keys."""
        return [
            _Entry(name, line, self.fields(value, f"{what} {name!r}", required, optional))
            for name, line, value in self.keyed(node, f"{what} entries")
        ]

    def text(self, node: yaml.Node, what: str) -> str:
        """Return a non-empty text scalar."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not str(node.value).strip():
            self.fail(_line(node), f"{what} must be non-empty text", _shown(node))
        return str(node.value)

    def name(self, node: yaml.Node, what: str) -> _Name:
        """Return one name with its line."""
        return _Name(self.text(node, what), _line(node))

    def flag(self, node: yaml.Node, what: str) -> bool:
        """Return a boolean scalar (``true`` or ``false``)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            self.fail(_line(node), f"{what} must be true or false", _shown(node))
        return bool(yaml.constructor.SafeConstructor.bool_values[str(node.value).lower()])

    def names(self, node: yaml.Node | None, what: str, *, required: bool = False) -> list[_Name]:
        """Return a list of names, written as a list or, for one, alone; none when the key is absent.

        A name listed twice is an error, and so is an empty list where ``required`` says one is needed.
        """
        if node is None:
            return []
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if required and not items:
            self.fail(_line(node), f"{what} names nothing", "[]")
        found = [self.name(item, f"each of {what}") for item in items]
        seen: set[str] = set()
        for name in found:
            if name.value in seen:
                self.fail(name.line, f"{what}: {name.value!r} is listed twice", name.value)
            seen.add(name.value)
        return found

    def curie(self, name: _Name, what: str) -> str:
        """Return a CURIE whose prefix is one of ``ontology.namespaces.PREFIXES``."""
        prefix, colon, local = name.value.partition(":")
        if not colon or not local:
            self.fail(name.line, f"{what}: {name.value!r} is not a CURIE (prefix:name)", name.value)
        if prefix not in PREFIXES:
            self.fail(
                name.line,
                f"{what}: unknown prefix {prefix!r} in {name.value!r}{did_you_mean(prefix, PREFIXES)} "
                "(the prefixes are those of ontology/namespaces.py)",
                name.value,
            )
        return name.value


class _Builder:
    """Check and assemble the vocabulary, section by section, knowing what the sections before declared."""

    def __init__(self, reader: _Reader) -> None:
        self.r = reader
        self.class_lines: dict[str, int] = {}
        self.class_parents: dict[str, list[_Name]] = {}
        self.property_kinds: dict[str, tuple[PropertyKind, int]] = {}
        self.property_parents: dict[str, list[_Name]] = {}
        self.external: dict[str, tuple[str, int]] = {}  # CURIE -> (section of `external`, line)
        self.concepts: dict[str, dict[str, ConceptSpec]] = {}  # scheme prefix -> concept id -> concept

    # names --------------------------------------------------------------------------------------------------

    def own_name(self, entry: _Entry, what: str) -> None:
        """Check the name of a new cf term: a local name, not yet declared as a class or a property."""
        if not _LOCAL_NAME.match(entry.name):
            self.r.fail(
                entry.line,
                f"{what} {entry.name!r}: a cf name is letters and digits, starting with a letter (no prefix)",
                entry.name,
            )
        if entry.name in self.class_lines:
            first = f"a class on line {self.class_lines[entry.name]}"
        elif entry.name in self.property_kinds:
            first = f"a property on line {self.property_kinds[entry.name][1]}"
        else:
            return
        self.r.fail(entry.line, f"{what} {entry.name!r}: already declared as {first}", entry.name)

    def external_names(self, section: str) -> list[str]:
        return [name for name, (where, _) in self.external.items() if where == section]

    def own_class(self, name: _Name, what: str) -> str:
        """Return the name of a class declared under ``classes``."""
        if name.value not in self.class_lines:
            self.r.fail(
                name.line,
                f"{what}: {name.value!r} names no class declared under classes"
                f"{did_you_mean(name.value, self.class_lines)}",
                name.value,
            )
        return name.value

    def any_class(self, name: _Name, what: str, also: tuple[str, ...] = ()) -> str:
        """Return a class: one under ``classes``, one under ``external.classes``, or one of ``also``."""
        if ":" in name.value:
            self.r.curie(name, what)
        known = [*self.class_lines, *self.external_names("classes"), *also]
        if name.value not in known:
            self.r.fail(
                name.line,
                f"{what}: {name.value!r} names no declared class (under classes or external.classes)"
                f"{did_you_mean(name.value, known)}",
                name.value,
            )
        return name.value

    def own_classes(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        return tuple(self.own_class(name, what) for name in self.r.names(node, what))

    def acyclic(self, edges: Mapping[str, list[_Name]], what: str) -> None:
        """Fail when following ``edges`` (parents, broader concepts) from a name leads back to it.

        The error is at the line of the link that closes the circle.
        """
        done: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in done:
                return
            path = (*path, name)
            for target in edges.get(name, ()):
                if target.value in path:
                    cycle = " -> ".join((*path[path.index(target.value) :], target.value))
                    self.r.fail(target.line, f"{what} go round in a circle: {cycle}", target.value)
                visit(target.value, path)
            done.add(name)

        for name in edges:
            visit(name, ())

    def is_below(self, cls: str, ancestor: str) -> bool:
        return any(p.value == ancestor or self.is_below(p.value, ancestor) for p in self.class_parents[cls])

    # standard terms and concept schemes ---------------------------------------------------------------------

    def external_terms(self, node: yaml.Node) -> dict[str, tuple[str, ...]]:
        """Read the standard terms the ontology declares, by section; each is declared once."""
        sections = ("classes", "object_properties", "data_properties", "annotation_properties")
        fields = self.r.fields(node, "external", sections)
        found: dict[str, tuple[str, ...]] = {}
        for section in sections:
            what = f"external.{section}"
            names = self.r.names(fields[section], what)
            for name in names:
                self.r.curie(name, what)
                if name.value in self.external:
                    first, line = self.external[name.value]
                    message = f"{what}: {name.value!r} is already under external.{first} (line {line})"
                    self.r.fail(name.line, message, name.value)
                self.external[name.value] = (section, name.line)
            found[section] = tuple(name.value for name in names)
        return found

    def schemes(self, node: yaml.Node) -> tuple[SchemeSpec, ...]:
        """Read the concept schemes, each named by the prefix of its concepts' namespace."""
        # A scheme's IRI is its concepts' namespace without the final slash (…/concept/plover/THREATEN).
        by_prefix = {
            p: iri.rstrip("/") for p, iri in PREFIXES.items() if iri.rstrip("/") in TERM_IRIS.values()
        }
        schemes = []
        for entry in self.r.entries(node, "scheme", ("label", "definition", "concepts"), ("see_also",)):
            what = f"scheme {entry.name!r}"
            if entry.name not in by_prefix:
                self.r.fail(
                    entry.line,
                    f"{what}: ontology/namespaces.py has no concept scheme with this prefix"
                    f"{did_you_mean(entry.name, by_prefix)}",
                    entry.name,
                )
            see_also = entry.fields.get("see_also")
            schemes.append(
                SchemeSpec(
                    by_prefix[entry.name],
                    self.r.text(entry.fields["label"], f"{what}: label"),
                    self.r.text(entry.fields["definition"], f"{what}: definition"),
                    self.scheme_concepts(entry.fields["concepts"], entry.name),
                    None
                    if see_also is None
                    else self.namespace_iri(self.r.name(see_also, f"{what}: see_also")),
                )
            )
        return tuple(schemes)

    def scheme_concepts(self, node: yaml.Node, scheme: str) -> tuple[ConceptSpec, ...]:
        """Read the concepts of one scheme; a broader concept is another concept of the same scheme."""
        namespace = PREFIXES[scheme]
        entries = self.r.entries(node, f"scheme {scheme!r}: concept", ("label", "definition"), ("broader",))
        ids = [entry.name for entry in entries]
        broader: dict[str, list[_Name]] = {}
        concepts: dict[str, ConceptSpec] = {}
        for entry in entries:
            what = f"concept {scheme}:{entry.name}"
            if not _CONCEPT_ID.match(entry.name):
                self.r.fail(
                    entry.line,
                    f"{what}: a concept id is letters and digits in hyphen-separated words",
                    entry.name,
                )
            parent = None
            if "broader" in entry.fields:
                name = self.r.name(entry.fields["broader"], f"{what}: broader")
                if name.value not in ids:
                    self.r.fail(
                        name.line,
                        f"{what}: broader {name.value!r} names no concept of scheme {scheme!r}"
                        f"{did_you_mean(name.value, ids)}",
                        name.value,
                    )
                broader[entry.name] = [name]
                parent = namespace + name.value
            concepts[entry.name] = ConceptSpec(
                namespace + entry.name,
                self.r.text(entry.fields["label"], f"{what}: label"),
                self.r.text(entry.fields["definition"], f"{what}: definition"),
                parent,
            )
        self.acyclic(broader, f"scheme {scheme!r}: broader concepts")
        self.concepts[scheme] = concepts
        return tuple(concepts.values())

    def namespace_iri(self, name: _Name) -> str:
        """Return the IRI held by a constant of ``ontology.namespaces`` (``PLOVER_HOME``)."""
        # vars(), not getattr(): the module's __getattr__ would import rdflib to make a namespace object.
        constants = {
            k: v for k, v in vars(namespaces).items() if k.isupper() and type(v) is str and "://" in v
        }
        if name.value not in constants:
            self.r.fail(
                name.line,
                f"see_also {name.value!r} names no IRI constant of ontology/namespaces.py"
                f"{did_you_mean(name.value, constants)}",
                name.value,
            )
        return constants[name.value]

    # classes ------------------------------------------------------------------------------------------------

    def classes(self, node: yaml.Node) -> tuple[tuple[ClassSpec, ...], dict[str, AcledTypes]]:
        """Read the classes and, from the event classes, the ACLED mapping."""
        entries = self.r.entries(node, "class", ("label", "comment"), ("parents", "acled"))
        for entry in entries:
            self.own_name(entry, "class")
            self.class_lines[entry.name] = entry.line
        specs = []
        for entry in entries:
            what = f"class {entry.name!r}"
            names = self.r.names(entry.fields.get("parents"), f"{what}: parents")
            parents = [self.any_class(name, f"{what}: parent") for name in names]
            self.class_parents[entry.name] = [name for name in names if name.value in self.class_lines]
            specs.append(
                ClassSpec(
                    entry.name,
                    self.r.text(entry.fields["label"], f"{what}: label"),
                    self.r.text(entry.fields["comment"], f"{what}: comment"),
                    tuple(parents),
                )
            )
        self.acyclic(self.class_parents, "class parents")
        mapping = {}
        for entry in entries:
            acled = self.acled(entry)
            if acled is not None:
                mapping[entry.name] = acled
        return tuple(specs), mapping

    def acled(self, entry: _Entry) -> AcledTypes | None:
        """Read the ACLED types of an event class; every class below Event has them, no other class does."""
        node = entry.fields.get("acled")
        is_event = self.is_below(entry.name, EVENT_CLASS)
        what = f"class {entry.name!r}: acled"
        if node is None:
            if is_event:
                self.r.fail(
                    entry.line,
                    f"class {entry.name!r} is below {EVENT_CLASS} but has no acled event types "
                    f"(`acled: {{event_types: [...]}}`, naming concepts of scheme {ACLED_SCHEME_PREFIX!r})",
                    entry.name,
                )
            return None
        if not is_event:
            self.r.fail(entry.line, f"{what}: only classes below {EVENT_CLASS} map to ACLED", entry.name)
        fields = self.r.fields(node, what, ("event_types",), ("sub_event_types",))
        types = self.r.names(fields["event_types"], f"{what}: event_types", required=True)
        subs = self.r.names(fields.get("sub_event_types"), f"{what}: sub_event_types")
        concepts = self.concepts.get(ACLED_SCHEME_PREFIX, {})
        top = [i for i, concept in concepts.items() if concept.broader is None]
        for name in types:
            if name.value not in top:
                self.r.fail(
                    name.line,
                    f"{what}: event type {name.value!r} is no top concept of scheme {ACLED_SCHEME_PREFIX!r}"
                    f"{did_you_mean(name.value, top)}",
                    name.value,
                )
        chosen = [PREFIXES[ACLED_SCHEME_PREFIX] + name.value for name in types]
        narrower = [i for i, concept in concepts.items() if concept.broader is not None]
        for name in subs:
            if name.value not in narrower:
                self.r.fail(
                    name.line,
                    f"{what}: sub-event type {name.value!r} is no narrower concept of scheme "
                    f"{ACLED_SCHEME_PREFIX!r}{did_you_mean(name.value, narrower)}",
                    name.value,
                )
            if concepts[name.value].broader not in chosen:
                self.r.fail(
                    name.line,
                    f"{what}: sub-event type {name.value!r} is not narrower than any of the event types",
                    name.value,
                )
        return tuple(name.value for name in types), tuple(name.value for name in subs)

    def disjoint_groups(self, node: yaml.Node) -> list[tuple[str, ...]]:
        """Read the further groups of pairwise disjoint classes (each of two classes or more)."""
        if not isinstance(node, yaml.SequenceNode):
            self.r.fail(_line(node), "disjoint_groups must be a list of lists of classes", _shown(node))
        groups = []
        for item in node.value:
            group = self.own_classes(item, "disjoint_groups")
            if len(group) < 2:
                self.r.fail(
                    _line(item), "disjoint_groups: a group needs two classes or more", ", ".join(group)
                )
            groups.append(group)
        return groups

    # properties ---------------------------------------------------------------------------------------------

    def properties(self, node: yaml.Node) -> tuple[PropertySpec, ...]:
        """Read the properties; parents and inverses may name properties declared further down."""
        entries = self.r.entries(
            node,
            "property",
            ("kind", "label", "comment", "domain", "range"),
            ("parents", "inverse_of", "functional", "transitive", "see_also"),
        )
        for entry in entries:
            self.own_name(entry, "property")
            kind = self.r.name(entry.fields["kind"], f"property {entry.name!r}: kind")
            for choice in PROPERTY_KINDS:
                if kind.value == choice:
                    self.property_kinds[entry.name] = (choice, entry.line)
                    break
            else:
                self.r.fail(
                    kind.line,
                    f"property {entry.name!r}: kind {kind.value!r} is not one of {', '.join(PROPERTY_KINDS)}",
                    kind.value,
                )
        specs = tuple(self.property(entry) for entry in entries)
        self.acyclic(self.property_parents, "property parents")
        return specs

    def property(self, entry: _Entry) -> PropertySpec:
        """Read one property: its domain, range, parents and inverse must all name declared terms."""
        what = f"property {entry.name!r}"
        fields = entry.fields
        kind = self.property_kinds[entry.name][0]
        # Annotation properties are about terms (ACLED types on classes): owl:Class is a domain for them.
        meta = (OWL_THING, OWL_CLASS) if kind == "annotation" else (OWL_THING,)
        domain = tuple(
            self.any_class(n, f"{what}: domain", meta)
            for n in self.r.names(fields["domain"], f"{what}: domain", required=True)
        )
        ranges = self.r.names(fields["range"], f"{what}: range", required=True)
        if kind == "data":
            if len(ranges) != 1 or ranges[0].value not in DATATYPES:
                shown = ", ".join(name.value for name in ranges)
                self.r.fail(
                    ranges[0].line,
                    f"{what}: the range of a data property is one datatype, not {shown!r}"
                    f"{did_you_mean(ranges[0].value, DATATYPES)}",
                    shown,
                )
            range_: tuple[str, ...] = (ranges[0].value,)
        else:
            range_ = tuple(
                name.value
                if kind == "annotation" and name.value in DATATYPES
                else self.any_class(name, f"{what}: range", meta)
                for name in ranges
            )
        parent_names = self.r.names(fields.get("parents"), f"{what}: parents")
        parents = tuple(self.parent_property(name, kind, what) for name in parent_names)
        self.property_parents[entry.name] = [n for n in parent_names if n.value in self.property_kinds]
        inverse_of = None
        if "inverse_of" in fields:
            inverse = self.r.name(fields["inverse_of"], f"{what}: inverse_of")
            objects = [
                name for name, (k, _) in self.property_kinds.items() if k == "object" and name != entry.name
            ]
            if kind != "object" or inverse.value not in objects:
                self.r.fail(
                    inverse.line,
                    f"{what}: inverse_of {inverse.value!r} names no other object property under properties"
                    f"{did_you_mean(inverse.value, objects)}",
                    inverse.value,
                )
            inverse_of = inverse.value
        functional = "functional" in fields and self.r.flag(fields["functional"], f"{what}: functional")
        transitive = "transitive" in fields and self.r.flag(fields["transitive"], f"{what}: transitive")
        if functional and kind == "annotation":
            self.r.fail(
                _line(fields["functional"]), f"{what}: an annotation property cannot be functional", kind
            )
        if transitive and kind != "object":
            self.r.fail(
                _line(fields["transitive"]), f"{what}: only an object property can be transitive", kind
            )
        see_also = tuple(
            self.see_also(n, f"{what}: see_also")
            for n in self.r.names(fields.get("see_also"), f"{what}: see_also")
        )
        return PropertySpec(
            entry.name,
            kind,
            self.r.text(fields["label"], f"{what}: label"),
            self.r.text(fields["comment"], f"{what}: comment"),
            domain,
            range_,
            parents,
            inverse_of,
            functional,
            transitive,
            see_also,
        )

    def parent_property(self, name: _Name, kind: PropertyKind, what: str) -> str:
        """Return a super-property: a cf property or a standard one under ``external``, of the same kind."""
        if ":" in name.value:
            self.r.curie(name, f"{what}: parent")
        section = f"{kind}_properties"
        known = [
            *(n for n, (k, _) in self.property_kinds.items() if k == kind),
            *self.external_names(section),
        ]
        if name.value not in known:
            self.r.fail(
                name.line,
                f"{what}: parent {name.value!r} names no {kind} property (under properties, or under "
                f"external.{section}){did_you_mean(name.value, known)}",
                name.value,
            )
        return name.value

    def see_also(self, name: _Name, what: str) -> str:
        """Return a term to point to with rdfs:seeAlso: a CURIE with a known prefix, or a cf term."""
        if ":" in name.value:
            return self.r.curie(name, what)
        if name.value not in self.class_lines and name.value not in self.property_kinds:
            self.r.fail(name.line, f"{what}: {name.value!r} names no cf class or property", name.value)
        return name.value


def read_vocabulary(text: str, *, file: str = VOCABULARY_FILE) -> Vocabulary:
    """Read the vocabulary from the text of a vocabulary YAML file; raise InputError on its first problem."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        line = None if mark is None else mark.line + 1
        raise InputError(f"malformed YAML: {what}", file=file, line=line, value=what) from None
    if root is None:
        raise InputError("the vocabulary file is empty", file=file, value="")
    reader = _Reader(file)
    sections = reader.fields(root, "the vocabulary", SECTIONS)
    build = _Builder(reader)
    # Standard terms and schemes first: the classes name them as parents and as ACLED types.
    external = build.external_terms(sections["external"])
    schemes = build.schemes(sections["schemes"])
    classes, acled_mapping = build.classes(sections["classes"])
    top_classes = build.own_classes(sections["top_classes"], "top_classes")
    return Vocabulary(
        classes=classes,
        properties=build.properties(sections["properties"]),
        top_classes=top_classes,
        disjoint_groups=(top_classes, *build.disjoint_groups(sections["disjoint_groups"])),
        timed_classes=build.own_classes(sections["timed_classes"], "timed_classes"),
        external_classes=external["classes"],
        external_object_properties=external["object_properties"],
        external_data_properties=external["data_properties"],
        external_annotation_properties=external["annotation_properties"],
        schemes=schemes,
        acled_mapping=acled_mapping,
    )


@functools.cache
def vocabulary() -> Vocabulary:
    """Return the vocabulary of the packaged ``ontology/vocabulary.yaml``, read once per process."""
    return read_vocabulary(vocabulary_text())


# -- the vocabulary, as the rest of the code uses it ---------------------------------------------------------

_VOCABULARY = vocabulary()

CLASSES: tuple[ClassSpec, ...] = _VOCABULARY.classes
PROPERTIES: tuple[PropertySpec, ...] = _VOCABULARY.properties
#: The top classes; pairwise disjoint.
TOP_CLASSES: tuple[str, ...] = _VOCABULARY.top_classes
#: Groups of pairwise disjoint classes (the top classes first): one thing cannot be two of these.
DISJOINT_GROUPS: tuple[tuple[str, ...], ...] = _VOCABULARY.disjoint_groups
#: Classes whose every member happens or is said at some time: an OWL-Time alignment that classifies nothing.
TIMED_CLASSES: tuple[str, ...] = _VOCABULARY.timed_classes
#: Standard terms the ontology declares (typed), without redefining them.
EXTERNAL_CLASSES: tuple[str, ...] = _VOCABULARY.external_classes
EXTERNAL_OBJECT_PROPERTIES: tuple[str, ...] = _VOCABULARY.external_object_properties
EXTERNAL_DATA_PROPERTIES: tuple[str, ...] = _VOCABULARY.external_data_properties
#: Annotation properties: used on the ontology header, on concepts, and by the data for names and titles.
EXTERNAL_ANNOTATION_PROPERTIES: tuple[str, ...] = _VOCABULARY.external_annotation_properties
SCHEMES: tuple[SchemeSpec, ...] = _VOCABULARY.schemes
#: The ACLED concepts each event class falls under: (event types, sub-event types).
ACLED_MAPPING: dict[str, AcledTypes] = _VOCABULARY.acled_mapping


def subclasses(name: str) -> tuple[str, ...]:
    """Return the cf: classes below one class (not the class itself), in declaration order."""
    parents = {spec.name: spec.parents for spec in CLASSES}

    def below(cls: str) -> bool:
        return any(parent == name or below(parent) for parent in parents.get(cls, ()))

    return tuple(spec.name for spec in CLASSES if below(spec.name))


def concepts(scheme: str) -> tuple[str, ...]:
    """Return the local names of the concepts of one scheme (``PLOVER_SCHEME`` …), in declaration order."""
    for spec in SCHEMES:
        if spec.iri == scheme:
            return tuple(concept.iri.rsplit("/", 1)[-1] for concept in spec.concepts)
    raise ValueError(f"no concept scheme {scheme!r} in {VOCABULARY_FILE}")
