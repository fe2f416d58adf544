"""A query calling SERVICE on a local listening socket is refused, and no connection reaches the socket."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.cli import main
from ontology.errors import InputError
from queries import engines
from queries.catalog import Query
from queries.runner import PreparedQuery, prepare, run_query
from queries.safety import UnsafeQueryError
from tests.helpers import SEED_SOURCES


class Listener:
    """Listen on 127.0.0.1 (an ephemeral port) and record every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def service_query(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"


def test_the_listener_does_record_a_connection(listener: Listener) -> None:
    # The control: without the check, Oxigraph itself would connect (and get no answer).
    with pytest.raises(OSError):
        solutions = ox.Store().query(service_query(listener.port))
        assert isinstance(solutions, ox.QuerySolutions)
        list(solutions)
    listener.close()
    assert listener.connections, "the listener missed Oxigraph's request: the test below would prove nothing"


def test_the_cli_refuses_service_and_nothing_connects(
    listener: Listener, runner: CliRunner, built_seed: Path
) -> None:
    args = ["--sources", str(SEED_SOURCES), "--out", str(built_seed)]
    result = runner.invoke(main, ["query", "--sparql", service_query(listener.port), *args])
    listener.close()
    assert result.exit_code == 2
    assert "SERVICE is not allowed" in result.stderr
    assert result.stdout == ""
    assert listener.connections == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_library_refuses_service_on_both_engines(
    engine: str, listener: Listener, seed_store: ox.Store, seed_dataset: rdflib.Dataset
) -> None:
    graph = seed_store if engine == "oxigraph" else seed_dataset
    for timeout in (None, 10.0):
        with pytest.raises(UnsafeQueryError):
            run_query(graph, service_query(listener.port), timeout=timeout)
    listener.close()
    assert listener.connections == []


def test_a_file_with_service_is_refused_too(listener: Listener, tmp_path: Path, seed_store: ox.Store) -> None:
    path = tmp_path / "remote.rq"
    path.write_text(f"# Remote?\n{service_query(listener.port)}\n", encoding="utf-8")
    with pytest.raises(UnsafeQueryError, match=r"remote\.rq: SERVICE is not allowed \(line 2, column 18\)"):
        run_query(seed_store, path, timeout=10)
    listener.close()
    assert listener.connections == []


def test_prepared_query_built_by_hand_with_service_is_refused_and_nothing_connects(
    listener: Listener,
) -> None:
    query = Query(name="remote", text=service_query(listener.port), origin="a hand-built query")
    with pytest.raises(UnsafeQueryError, match=r"a hand-built query: SERVICE is not allowed"):
        PreparedQuery(query, {})
    listener.close()
    assert listener.connections == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_prepared_query_changed_after_its_check_is_refused_where_the_engine_runs_it(
    engine: str, listener: Listener, seed_store: ox.Store, seed_dataset: rdflib.Dataset
) -> None:
    graph = seed_store if engine == "oxigraph" else seed_dataset
    prepared = prepare("ASK { ?s ?p ?o }")
    # Going around the dataclass's own check, as code that builds the object field by field could.
    remote = Query(name="remote", text=service_query(listener.port), origin="a changed query")
    object.__setattr__(prepared, "query", remote)
    with pytest.raises(UnsafeQueryError, match="SERVICE is not allowed"):
        run_query(graph, prepared)
    # In the time-limited child the refusal comes back as the same message.
    with pytest.raises(InputError, match=r"a changed query: SERVICE is not allowed"):
        run_query(graph, prepared, timeout=10)
    with pytest.raises(UnsafeQueryError):
        list(engines.answer(graph, remote, {}))
    listener.close()
    assert listener.connections == []


def test_querying_rdflib_turns_off_its_loading_of_graphs_from_the_web(seed_dataset: rdflib.Dataset) -> None:
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = True
    try:
        run_query(seed_dataset, "ASK { ?s ?p ?o }")
        assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
