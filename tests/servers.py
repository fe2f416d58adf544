"""Start an Oxigraph server or a Virtuoso on a free loopback port in a temporary folder, and stop it.

Both are triple stores to push to and query: ``oxigraph`` from PyPI (the test extra pins the version of the
installed pyoxigraph) and Debian's ``virtuoso-opensource``, whose service the package leaves stopped (see
.ci/run). Each server gets its own database in the folder the test gives and binds 127.0.0.1 only. On a
machine without one of them, ``require_server`` fails the test with what to install when the tests run in
CI (``CI`` is set), and skips it otherwise, so that a plain local run needs neither.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib

from queries.remote import Client, Credentials, Endpoint, select

#: What to install for each server, in the words a failing test prints.
INSTALL = {
    "oxigraph": "the Oxigraph server: pip install -e '.[test]' (`oxigraph`, pinned to pyoxigraph's version)",
    "virtuoso": "Debian's Virtuoso: apt-get install virtuoso-opensource (see .ci/run for the preseed)",
}
#: The Virtuoso configuration the Debian package installs, the base of each test server's own.
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: Virtuoso's administrator in a fresh database.
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"
#: How long a server may take to answer its first request.
READY_SECONDS = 60.0


@dataclass(frozen=True)
class Server:
    """Say where a running test server answers: its SPARQL endpoint, its Graph Store, its kind."""

    kind: str
    query_url: str
    store_url: str
    folder: Path
    max_rows: int | None = None


def require_server(kind: str) -> str:
    """Return the path of a server's program; fail the test, saying what to install, when it is missing."""
    program = (
        shutil.which("oxigraph", path=_venv_path()) if kind == "oxigraph" else shutil.which("virtuoso-t")
    )
    if program is None or (kind == "virtuoso" and not VIRTUOSO_INI.is_file()):
        pytest.fail(f"{kind} is not installed: install {INSTALL[kind]}")
    return program


def _venv_path() -> str:
    """Return the PATH with this interpreter's scripts folder first (the venv's ``oxigraph``)."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """Run ``oxigraph serve --union-default-graph`` on a new store in ``folder`` while the block lasts."""
    program = require_server("oxigraph")
    port = free_port()
    # The union of the named graphs as the default graph, as in the project's store.
    command = [program, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"]
    command.append("--union-default-graph")
    base = f"http://127.0.0.1:{port}"
    with _running(command, folder, f"{base}/query?query=ASK%7B%7D"):
        yield Server("oxigraph", f"{base}/query", f"{base}/store", folder)


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, max_rows: int = 1_000_000) -> Iterator[Server]:
    """Run Virtuoso on a new database in ``folder``, answering at most ``max_rows`` rows a query."""
    program = require_server("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        virtuoso_ini(
            VIRTUOSO_INI.read_text(), folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows
        )
    )
    base = f"http://127.0.0.1:{http_port}"
    command = [program, "+configfile", str(ini), "+foreground"]
    with _running(command, folder, f"{base}/sparql?query=ASK%7B%7D"):
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", folder, max_rows)


def virtuoso_ini(text: str, folder: Path, *, sql_port: int, http_port: int, max_rows: int) -> str:
    """Return Debian's virtuoso.ini with the database in ``folder``, loopback ports and a row cap."""
    settings: dict[str, dict[str, object]] = {
        "Database": {
            "DatabaseFile": folder / "virtuoso.db",
            "ErrorLogFile": folder / "virtuoso.log",
            "LockFile": folder / "virtuoso.lck",
            "TransactionFile": folder / "virtuoso.trx",
            "xa_persistent_file": folder / "virtuoso.pxa",
        },
        "TempDatabase": {
            "DatabaseFile": folder / "virtuoso-temp.db",
            "TransactionFile": folder / "virtuoso-temp.trx",
        },
        "Parameters": {
            "ServerPort": f"127.0.0.1:{sql_port}",
            "DisableUnixSocket": 1,
            "DirsAllowed": f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
            # The machine is small and shared: a modest buffer pool starts fast.
            "NumberOfBuffers": 10000,
            "MaxDirtyBuffers": 6000,
        },
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "SPARQL": {"ResultSetMaxRows": max_rows},
    }
    section = ""
    lines: list[str] = []
    for line in text.splitlines():
        header = re.match(r"^\[(.+)\]\s*$", line)
        if header:
            section = header.group(1)
        key = re.match(r"^\s*([A-Za-z_0-9]+)\s*=", line)
        if key and key.group(1) in settings.get(section, {}):
            line = f"{key.group(1)} = {settings[section][key.group(1)]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _running(command: list[str], folder: Path, probe: str) -> Iterator[None]:
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_ready(process, probe, folder)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_ready(process: subprocess.Popen[bytes], probe: str, folder: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at once: {(folder / 'server.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {READY_SECONDS:.0f} s: {probe}")


def credentials(server: Server) -> Credentials | None:
    """Return the credentials the server's Graph Store needs (Virtuoso's administrator), or None."""
    return Credentials(VIRTUOSO_USER, VIRTUOSO_PASSWORD) if server.kind == "virtuoso" else None


def push_arguments(server: Server, folder: Path) -> list[str]:
    """Return the arguments of ``push`` for the server: its URL and, for Virtuoso, user and password file."""
    found = credentials(server)
    if found is None:
        return [server.query_url]
    password_file = folder / f"{server.kind}-password"
    password_file.write_text(found.password + "\n")
    return [server.query_url, "--user", found.user, "--password-file", str(password_file)]


def server_graph(server: Server, graph: str) -> rdflib.Graph:
    """Return one named graph as the server holds it, fetched from its Graph Store."""
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    response = Client(credentials(server), attempts=1).request(
        "GET", url, headers={"Accept": "application/n-triples, text/turtle;q=0.9"}, timeout=60
    )
    # Virtuoso's Graph Store answers a GET with a CONSTRUCT, cut at its row cap like any other.
    assert "x-sparql-maxrows" not in response.headers, f"{server.kind} cut the graph {graph}"
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    return rdflib.Graph().parse(
        data=response.body, format="nt" if kind == "application/n-triples" else "turtle"
    )


def graph_names(server: Server) -> set[str]:
    """Return every named graph on the server that holds a triple, the server's own included."""
    rows = select(
        Client(attempts=1), Endpoint(server.query_url), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    return {row[0].value for row in rows if row[0] is not None}
