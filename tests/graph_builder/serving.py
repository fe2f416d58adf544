"""Start ``ceasefire-kg serve`` on 127.0.0.1 (a free port) for a test, talk to it, and stop it."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from swap_stress import descendants

from graph_builder.cli import main
from queries.results import RDF_LANG_STRING, XSD_STRING, Term
from tests.helpers import SEED_SOURCES

_URL = re.compile(r"Serving .* at (http://127\.0\.0\.1:[0-9]+/)")
#: A query whose answer takes far longer than any test waits: the cross product of the graph with itself.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Server:
    """A running ``serve`` process: its URL and the file its stderr goes to."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def workers(self) -> set[int]:
        """Return the processes below the server (the forker and the workers)."""
        return set(descendants(self.process.pid))


@contextmanager
def running(out: Path, *options: str, sources: Path = SEED_SOURCES) -> Iterator[Server]:
    """Run ``serve`` on ``out`` on a free loopback port until the block ends; then stop it with SIGTERM."""
    log = out.parent / f"serve-{time.monotonic_ns()}.log"
    command = [sys.executable, "-m", "graph_builder", "serve", "--sources", str(sources), "--out", str(out)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*command, "--port", "0", *options], stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            found = _URL.search(log.read_text(encoding="utf-8"))
            if found:
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start: {log.read_text(encoding='utf-8')}")
            time.sleep(0.05)
        yield Server(process, found.group(1), log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type (without parameters), headers and body."""

    status: int
    content_type: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    method: str | None = None,
    timeout: float = 60,
) -> Answer:
    """Request a URL and return the answer, whatever its status."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, _media(response.headers), dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _media(error.headers), dict(error.headers), error.read())


def _media(headers: Any) -> str:
    return str(headers.get("Content-Type", "")).split(";")[0].strip()


def cli_query(out: Path, *args: str) -> tuple[int, str, str]:
    """Run ``ceasefire-kg query`` in-process on ``out``; return its exit code, stdout and stderr."""
    result = CliRunner().invoke(main, ["query", *args, "--sources", str(SEED_SOURCES), "--out", str(out)])
    return result.exit_code, result.stdout, result.stderr


def json_term(value: Mapping[str, str]) -> Term:
    """Return the term of a binding of SPARQL results JSON (a plain literal is an xsd:string)."""
    kind = value["type"]
    if kind == "uri":
        return Term.iri(value["value"])
    if kind == "bnode":
        return Term("bnode", value["value"])
    if "xml:lang" in value:
        return Term.literal(value["value"], RDF_LANG_STRING, value["xml:lang"])
    return Term.literal(value["value"], value.get("datatype") or XSD_STRING)


def json_rows(results: Mapping[str, Any]) -> list[tuple[Term | None, ...]]:
    """Return the rows of SPARQL results JSON as terms, in the order of its variables."""
    variables = results["head"]["vars"]
    return [
        tuple(json_term(binding[name]) if name in binding else None for name in variables)
        for binding in results["results"]["bindings"]
    ]


def cli_rows(out: Path, text: str) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    """Return the variables and rows ``ceasefire-kg query --sparql TEXT --format json`` prints."""
    code, stdout, stderr = cli_query(out, "--sparql", text, "--format", "json")
    assert code == 0, stderr
    results = json.loads(stdout)
    return results["head"]["vars"], json_rows(results)
