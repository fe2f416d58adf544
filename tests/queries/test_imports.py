"""`ceasefire-kg query` imports only what it needs: no rdflib, owlready2, pyshacl, networkx or rich.

In the process and in the forked child that runs the query.

Nor the parts of the project that only a build, a check or a failure needs: a cold query pays for every
module it imports, and a fresh store needs none of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SEED_SOURCES

HEAVY = ("rdflib", "owlready2", "pyshacl", "networkx", "rich", "pyvis")
#: Modules of the project and the standard library that a query on a fresh store has no use for.
NOT_FOR_A_QUERY = (
    "graph_builder.build",
    "graph_builder.child",
    "graph_builder.compile",
    "graph_builder.coverage",
    "graph_builder.export",
    "graph_builder.failures",
    "importlib.metadata",
    "yaml",
    # A query of the local store asks no server: the HTTP client is for --endpoint alone.
    "queries.remote",
    "http.client",
    "urllib.request",
    "ssl",
    # The query's child finds libc's prctl among the process's own symbols, without ldconfig.
    "ctypes.util",
    # The freshness check hashes with CPython's own SHA-256, and names temporary files without secrets:
    # OpenSSL stays unloaded.
    "_hashlib",
    "hmac",
    "secrets",
)

PROBE = """
import json, os, sys
from graph_builder.cli import main

# The query runs in a forked child, which ends with os._exit: it says what it loaded first.
parent, exit_now = os.getpid(), os._exit


def exit_saying_modules(code):
    if os.getpid() != parent:
        sys.stderr.write("\\nCHILD " + json.dumps(sorted(sys.modules)) + "\\n")
        sys.stderr.flush()
    exit_now(code)


os._exit = exit_saying_modules
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    loaded = sorted(sys.modules)
    sys.stderr.write("\\nMODULES " + json.dumps(loaded) + "\\n")
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_a_named_query_loads_no_heavy_library(fmt: str, built_seed: Path) -> None:
    args = ["query", "actor_profile", "--param", "actor=hulusi-akar", "--format", fmt]
    args += ["--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    in_child = json.loads(done.stderr.split("CHILD ", 1)[1].split("\n", 1)[0])
    loaded = sorted({*json.loads(done.stderr.rsplit("MODULES ", 1)[1]), *in_child})
    packages = {name.split(".")[0] for name in loaded}
    assert not [name for name in HEAVY if name in packages], (
        f"{fmt}: loaded {[n for n in HEAVY if n in packages]}"
    )
    assert not [name for name in NOT_FOR_A_QUERY if name in loaded], (
        f"{fmt}: loaded {[n for n in NOT_FOR_A_QUERY if n in loaded]}"
    )
    assert "pyoxigraph" in packages


def test_looking_for_local_sources_loads_no_compiler(tmp_path: Path) -> None:
    # `query` without --sources asks whether ./sources holds sources: a look at the folder, not the compiler.
    (tmp_path / "sources" / "a-source").mkdir(parents=True)
    probe = (
        "import json, sys\n"
        "from graph_builder import defaults\n"
        "print(json.dumps([str(defaults.sources_folder(None)), sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path
    )
    chosen, loaded = json.loads(done.stdout)
    assert chosen == "sources"
    assert not [name for name in loaded if name.startswith(("graph_builder.compile", "yaml", "pyoxigraph"))]
