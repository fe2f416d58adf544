"""Push the built seed to an Oxigraph server and to Virtuoso: every graph arrives whole, a second push
changes nothing, --replace removes what the build dropped and nothing else, refused credentials say so.

The servers run on loopback ports in temporary folders (tests/servers.py); those tests are slow.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph_builder.cli import main
from graph_builder.push import graph_store_url, local_counts, push, read_credentials, remote_counts
from ontology.errors import InputError
from queries.remote import Client, Endpoint, ServerError
from tests.dataset_fixtures import DatasetCorpus
from tests.helpers import SEED_SOURCES, assert_isomorphic
from tests.servers import Server, credentials, graph_names, push_arguments, server_graph


def push_cli(runner: CliRunner, server: Server, out: Path, sources: Path, *extra: str) -> object:
    arguments = push_arguments(server, out.parent)
    return runner.invoke(main, ["push", *arguments, *extra, "--sources", str(sources), "--out-dir", str(out)])


def assert_server_holds(server: Server, store: ox.Store) -> None:
    counts = local_counts(store)
    for graph in counts:
        local = rdflib.Graph().parse(
            data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)), format="nt"
        )
        assert_isomorphic(local, server_graph(server, graph), f"{graph} on {server.kind}")


@pytest.mark.slow
def test_a_push_sends_every_graph_whole_and_a_second_changes_nothing(
    runner: CliRunner, server: Server, built_seed: Path
) -> None:
    store = ox.Store.read_only(str(built_seed / "store"))
    first = push_cli(runner, server, built_seed, SEED_SOURCES, "--replace")
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    assert "the server holds the same count in each graph" in first.output  # type: ignore[attr-defined]
    assert_server_holds(server, store)
    client = Client(credentials(server))
    counts = remote_counts(client, Endpoint(server.query_url))
    assert counts == local_counts(store)
    assert any(ox.BlankNode is type(q.subject) for q in store), "the seed has no blank node to keep"

    second = push_cli(runner, server, built_seed, SEED_SOURCES)
    assert second.exit_code == 0, second.output  # type: ignore[attr-defined]
    assert remote_counts(client, Endpoint(server.query_url)) == counts
    assert_server_holds(server, store)


@pytest.mark.slow
def test_replace_deletes_the_graphs_the_build_dropped_and_no_other(
    server: Server, built_seed: Path, built_datasets: tuple[DatasetCorpus, Path]
) -> None:
    client = Client(credentials(server))
    endpoint = Endpoint(server.query_url)
    bigger = ox.Store.read_only(str(built_datasets[1] / "store"))
    seed = ox.Store.read_only(str(built_seed / "store"))
    foreign = "http://example.org/not-this-graph"
    client.request(
        "PUT",
        f"{server.store_url}?graph={foreign}",
        body=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
        headers={"Content-Type": "application/n-triples"},
    )
    push(bigger, server.query_url, credentials=credentials(server))
    dropped = set(local_counts(bigger)) - set(local_counts(seed))
    assert dropped, "the datasets build has no graph the seed lacks"
    others_before = graph_names(server) - set(local_counts(bigger))

    kept = push(seed, server.query_url, credentials=credentials(server))
    assert kept.deleted == []
    assert dropped <= set(remote_counts(client, endpoint)), "a push without --replace deleted graphs"

    replaced = push(seed, server.query_url, credentials=credentials(server), replace=True)
    assert set(replaced.deleted) == dropped
    assert remote_counts(client, endpoint) == local_counts(seed)
    assert foreign in others_before
    assert graph_names(server) - set(local_counts(seed)) == others_before, "--replace touched another graph"


@pytest.mark.slow
def test_a_dataset_post_twice_leaves_the_counts_of_one(oxigraph: Server, built_seed: Path) -> None:
    store = ox.Store.read_only(str(built_seed / "store"))
    target = f"{oxigraph.store_url}?no_transaction"
    for _ in range(2):
        summary = push(store, oxigraph.query_url, graph_store=target, dataset_post=True, replace=True)
        assert summary.method == "dataset-post"
    assert remote_counts(Client(), Endpoint(oxigraph.query_url)) == local_counts(store)
    assert_server_holds(oxigraph, store)


@pytest.mark.slow
def test_refused_or_missing_credentials_say_so(
    runner: CliRunner, virtuoso: Server, built_seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    base = ["push", virtuoso.query_url, "--sources", str(SEED_SOURCES), "--out-dir", str(built_seed)]
    refused = runner.invoke(main, [*base, "--user", "dba", "--password-file", str(wrong)])
    assert refused.exit_code == 2, refused.output
    assert "HTTP 401, the credentials of user 'dba' were refused" in refused.stderr
    missing = runner.invoke(main, base)
    assert missing.exit_code == 2, missing.output
    assert "it needs credentials: give --user and --password-file" in missing.stderr


@pytest.mark.slow
def test_netrc_gives_the_credentials(
    runner: CliRunner, virtuoso: Server, built_seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    result = runner.invoke(
        main, ["push", virtuoso.query_url, "--sources", str(SEED_SOURCES), "--out-dir", str(built_seed)]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_an_unreachable_server_exits_3(runner: CliRunner, built_seed: Path) -> None:
    from tests.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(main, ["push", url, "--sources", str(SEED_SOURCES), "--out-dir", str(built_seed)])
    assert result.exit_code == 3, result.output
    assert "is the server running?" in result.stderr
    assert "trying again" in result.stderr


def test_bad_usage_exits_2_before_the_store_is_read(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "never-built"
    for arguments, message in [
        (["ftp://host/query"], "a server URL starts with http:// or https://"),
        (["http://127.0.0.1:1/query", "--user", "dba"], "needs a password file"),
        (["http://127.0.0.1:1/elsewhere"], "cannot tell where the server's Graph Store is"),
    ]:
        result = runner.invoke(main, ["push", *arguments, "--out-dir", str(out)])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert not out.exists()


def test_the_graph_store_beside_known_endpoints() -> None:
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud-auth"
    with pytest.raises(InputError, match="Graph Store"):
        graph_store_url("http://h/endpoint")


def test_credentials_come_from_the_password_file_or_netrc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    secret = tmp_path / "secret"
    secret.write_text("s3cret\nignored\n")
    found = read_credentials("dba", secret, "http://h/sparql")
    assert found is not None and (found.user, found.password) == ("dba", "s3cret")
    assert "s3cret" not in repr(found)
    assert read_credentials(None, None, "http://h/sparql") is None
    (tmp_path / ".netrc").write_text("machine h login me password pw\n")
    (tmp_path / ".netrc").chmod(0o600)
    found = read_credentials(None, None, "http://h/sparql")
    assert found is not None and (found.user, found.password) == ("me", "pw")
    (tmp_path / "empty").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_credentials("dba", tmp_path / "empty", "http://h/sparql")


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answer 503 to the first ``failures`` requests, then 204."""

    failures = 2
    seen = 0

    def do_PUT(self) -> None:
        type(self).seen += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(503 if type(self).seen <= self.failures else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    _Flaky.seen = 0
    server = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_server_is_tried_again_with_growing_pauses(flaky: str) -> None:
    retries: list[str] = []
    client = Client(attempts=3, pause=0.01, on_retry=retries.append)
    response = client.request("PUT", flaky, body=b"data")
    assert response.status == 204
    assert len(retries) == 2
    assert "HTTP 503; trying again in 0.01 s" in retries[0]
    assert "trying again in 0.02 s" in retries[1]
    _Flaky.seen = 0
    with pytest.raises(ServerError, match="HTTP 503"):
        Client(attempts=2, pause=0.01, on_retry=retries.append).request("PUT", flaky, body=b"data")


@pytest.mark.slow
def test_the_oxigraph_server_is_the_version_of_pyoxigraph() -> None:
    import subprocess
    from importlib.metadata import version

    from tests.servers import require_server

    shown = subprocess.run(
        [require_server("oxigraph"), "--version"], capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["oxigraph", version("pyoxigraph")], "pin oxigraph== in the test extra"


class _Swallow(http.server.BaseHTTPRequestHandler):
    """Answer every PUT with 200 and keep nothing, as Virtuoso does with a body type it does not take."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.slow
def test_a_server_that_says_success_and_loads_nothing_fails_the_check(
    runner: CliRunner, built_seed: Path, tmp_path: Path
) -> None:
    from tests.servers import oxigraph_server

    swallow = http.server.HTTPServer(("127.0.0.1", 0), _Swallow)
    thread = threading.Thread(target=swallow.serve_forever, daemon=True)
    thread.start()
    try:
        with oxigraph_server(tmp_path) as empty:
            store = f"http://127.0.0.1:{swallow.server_address[1]}/store"
            result = runner.invoke(
                main,
                ["push", empty.query_url, "--graph-store", store, "--sources", str(SEED_SOURCES),
                 "--out-dir", str(built_seed)],
            )  # fmt: skip
    finally:
        swallow.shutdown()
        swallow.server_close()
    assert result.exit_code == 1, result.output
    counts = local_counts(ox.Store.read_only(str(built_seed / "store")))
    assert f"error: the server does not hold what was pushed ({len(counts)} graph(s) differ)" in result.stderr
    for graph, triples in counts.items():
        assert f"{graph}: {triples:,} triples in the build, 0 on the server" in result.stderr
