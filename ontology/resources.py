"""Find the files shipped inside the packages (ontology Turtle, SHACL shapes) through ``importlib.resources``.

Every lookup goes through here, so that an installed wheel finds its files exactly as a source checkout does;
no module builds a path from its own location.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

log = logging.getLogger(__name__)

#: The distribution name in pyproject.toml, used to read the version.
DISTRIBUTION = "ceasefire-kg"
ONTOLOGY_TURTLE = "ceasefire.ttl"
SHAPES_TURTLE = "shapes.ttl"
VOCABULARY_YAML = "vocabulary.yaml"


def package_file(package: str, name: str) -> Traversable:
    """Return a file shipped inside an import package (``ontology``, ``queries``, …)."""
    return files(package).joinpath(name)


def package_path(package: str, name: str) -> Path:
    """Return the file system path of a file shipped inside an import package.

    Wheels are installed unzipped, so the resource is a real file; a zipped install is refused with a clear
    error rather than handing out a path that does not exist.
    """
    resource = package_file(package, name)
    if not isinstance(resource, Path):
        raise FileNotFoundError(f"{package}/{name} is not on the file system (zipped install?)")
    return resource


def package_text(package: str, name: str) -> str:
    """Return the UTF-8 text of a file shipped inside an import package."""
    return package_file(package, name).read_text(encoding="utf-8")


def ontology_turtle_path() -> Path:
    """Return the path of the committed ontology Turtle (``ontology/ceasefire.ttl``)."""
    return package_path("ontology", ONTOLOGY_TURTLE)


def ontology_turtle_text() -> str:
    """Return the committed ontology as Turtle text."""
    return package_text("ontology", ONTOLOGY_TURTLE)


def shapes_path() -> Path:
    """Return the path of the SHACL shapes (``ontology/shapes.ttl``)."""
    return package_path("ontology", SHAPES_TURTLE)


def shapes_text() -> str:
    """Return the SHACL shapes as Turtle text."""
    return package_text("ontology", SHAPES_TURTLE)


def vocabulary_text() -> str:
    """Return the hand-kept vocabulary (``ontology/vocabulary.yaml``) as text."""
    return package_text("ontology", VOCABULARY_YAML)


def ontology_turtle_bytes() -> bytes:
    """Return the committed ontology as Turtle bytes (written as is into ``output/ontology.ttl``)."""
    return package_file("ontology", ONTOLOGY_TURTLE).read_bytes()


def query_files() -> dict[str, Traversable]:
    """Return the named queries of the ``queries`` package, ``{name: file}``, sorted by name."""
    found = {
        item.name.removesuffix(".rq"): item
        for item in files("queries").iterdir()
        if item.name.endswith(".rq")
    }
    return dict(sorted(found.items()))


def bundled_sources() -> Traversable:
    """Return the folder of the seed sources shipped inside the package (``graph_builder/seed``).

    The seed lives inside the package, not in the checkout's ``sources/`` (an analyst's working folder), so
    that neither the wheel nor the tests pick up what an analyst adds there.
    """
    seed = files("graph_builder").joinpath("seed")
    if not seed.joinpath("entities.yaml").is_file():
        raise FileNotFoundError(f"the bundled seed sources are missing from this installation ({seed})")
    return seed


def project_version() -> str:
    """Return the version of ceasefire-kg, declared once in pyproject.toml.

    An installed distribution (also an editable one) carries it in its metadata. A bare source checkout has no
    metadata, so fall back to the pyproject.toml next to the package: otherwise the generated ontology would
    carry a different version depending on whether the package happened to be installed.
    """
    # Imported here, not at the top: importlib.metadata takes ~20 ms, and every command imports this module.
    import importlib.metadata
    import tomllib

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pass
    pyproject = files("ontology").joinpath("..", "pyproject.toml")
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        project = data["project"]
        if project.get("name") == DISTRIBUTION:
            return str(project["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        pass
    log.warning("cannot tell the version of %s: neither installed nor run from its source tree", DISTRIBUTION)
    return "0+unknown"


def code_digest(*packages: str) -> str:
    """Return a digest of every file of some import packages (their code and shipped files), in name order.

    An incremental build reuses what an earlier build wrote only when the code that wrote it is the same.
    """
    import hashlib

    digest = hashlib.sha256()
    for package in packages:
        pending = [files(package)]
        found: list[tuple[str, Traversable]] = []
        while pending:
            folder = pending.pop()
            for item in folder.iterdir():
                if item.is_dir():
                    if item.name != "__pycache__":
                        pending.append(item)
                elif not item.name.endswith((".pyc", ".pyo")):
                    found.append((str(item), item))
        for name, item in sorted(found, key=lambda pair: pair[0]):
            digest.update(f"{name}\0".encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()


#: The interactive page's template files, shipped in ``visualize/template``.
PAGE_TEMPLATE_DIR = "template"
#: vis-network as shipped inside the pyvis package (pyvis 0.3.2 carries 9.1.2): inlined into every page.
VIS_NETWORK_DIR = ("lib", "vis-9.1.2")


def page_template_text(name: str) -> str:
    """Return a file of the interactive page's template (``page.html``, ``page.js``, ``page.css``)."""
    return files("visualize").joinpath(PAGE_TEMPLATE_DIR, name).read_text(encoding="utf-8")


def vis_network_text(name: str) -> str:
    """Return one of vis-network's files (``vis-network.min.js``, ``vis-network.css``) shipped with pyvis.

    The page inlines them so that it opens offline; pyvis is a dependency, so the files are always there
    unless pyvis changes its layout, which is reported as a missing file rather than a broken page.
    """
    resource = files("pyvis").joinpath(*VIS_NETWORK_DIR, name)
    if not resource.is_file():
        raise FileNotFoundError(f"vis-network's {name} is not in the installed pyvis package ({resource})")
    return resource.read_text(encoding="utf-8")


def query_page_text() -> str:
    """Return the endpoint's query page (``graph_builder/endpoint/query.html``), self-contained."""
    return package_text("graph_builder.endpoint", "query.html")
