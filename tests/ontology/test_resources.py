"""Packaged files are found through importlib.resources, and the version is declared once."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, SH

from ontology import resources
from ontology.namespaces import CF
from tests.helpers import REPO


def test_the_packaged_files_are_inside_the_ontology_package() -> None:
    package = Path(str(files("ontology")))
    assert resources.ontology_turtle_path() == package / "ceasefire.ttl"
    assert resources.shapes_path() == package / "shapes.ttl"
    assert resources.ontology_turtle_bytes() == resources.ontology_turtle_path().read_bytes()
    assert resources.vocabulary_text() == (package / "vocabulary.yaml").read_text(encoding="utf-8")


def test_the_bundled_seed_is_inside_the_graph_builder_package() -> None:
    seed = Path(str(resources.bundled_sources()))
    assert seed == Path(str(files("graph_builder"))) / "seed"
    assert (seed / "entities.yaml").is_file()
    assert sorted(seed.glob("*/facts.yaml")), "the seed has no source"


def test_the_packaged_turtle_files_parse() -> None:
    ontology = Graph().parse(data=resources.ontology_turtle_text(), format="turtle")
    assert (CF.Actor, RDF.type, OWL.Class) in ontology
    shapes = Graph().parse(data=resources.shapes_text(), format="turtle")
    assert set(shapes.subjects(RDF.type, SH.NodeShape))


def test_the_version_is_the_one_in_pyproject() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert resources.project_version() == declared


def test_no_module_of_the_ontology_package_builds_paths_from_its_own_location() -> None:
    offenders = [
        p.name for p in (REPO / "ontology").glob("*.py") if "__file__" in p.read_text(encoding="utf-8")
    ]
    assert not offenders


def test_the_named_queries_are_found() -> None:
    queries = resources.query_files()
    assert list(queries) == sorted(queries)
    assert all(item.name.endswith(".rq") for item in queries.values())
