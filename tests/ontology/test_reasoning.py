"""OWL consistency under HermiT: the ontology is consistent, clashes are named, missing Java is explained."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import owlready2
import owlready2.reasoning
import pytest
import rdflib.namespace
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ontology import lifetime, reasoning
from ontology.errors import CeasefireKGError, EnvironmentMissingError, JavaMissingError, ReasonerError
from ontology.generate import load_ontology_graph
from ontology.namespaces import CF, PREFIXES, STATUS, TEXT_KIND
from ontology.reasoning import check_consistency, explain_inconsistency

# XSD itself stays out of the module namespace: pytest's collection pokes at it and rdflib warns.
XSD_DATE = rdflib.namespace.XSD.date
XSD_COUNT = rdflib.namespace.XSD.integer

ACTOR = PREFIXES["actor"]
EVENT = PREFIXES["event"]
ACCOUNT = PREFIXES["account"]
QUANTITY = PREFIXES["quantity"]
STATEMENT = PREFIXES["statement"]


@pytest.fixture(autouse=True)
def java() -> None:
    if shutil.which(owlready2.JAVA_EXE) is None:
        if os.environ.get("CI"):
            pytest.fail("java is missing on CI: apt-get install default-jre-headless")
        pytest.skip("java is not installed: apt-get install default-jre-headless")


def triples(*spo: tuple[str, URIRef, object]) -> Graph:
    graph = Graph()
    for s, p, o in spo:
        graph.add((URIRef(s), p, o if isinstance(o, URIRef | Literal) else URIRef(str(o))))
    return graph


def test_the_ontology_is_consistent_and_every_class_satisfiable() -> None:
    started = time.perf_counter()
    report = check_consistency()
    elapsed = time.perf_counter() - started
    assert report.consistent
    assert report.unsatisfiable_classes == ()
    assert report.ok and report.problems == []
    assert 0 < report.seconds <= elapsed  # the reasoner's own time, in seconds, within the call's


def test_well_formed_data_is_consistent() -> None:
    data = triples(
        (ACTOR + "erdogan", RDF.type, CF.Person),
        (ACTOR + "turkey", RDF.type, CF.State),
        (STATEMENT + "s", RDF.type, CF.Statement),
        (STATEMENT + "s", CF.speaker, URIRef(ACTOR + "erdogan")),
        (STATEMENT + "s", CF.date, Literal("2020-03-10", datatype=XSD_DATE)),
        (STATEMENT + "s", CF.text, Literal("Turkey will do more than mere retaliation")),
        (STATEMENT + "s", CF.textKind, TEXT_KIND.verbatim),
        (STATEMENT + "s", CF.about, URIRef(ACTOR + "turkey")),
        (EVENT + "e", RDF.type, CF.ConvoyEscort),
        (EVENT + "e", CF.hasAccount, ACCOUNT + "e/src/turkey"),
        (ACCOUNT + "e/src/turkey", RDF.type, CF.EventAccount),
        (ACCOUNT + "e/src/turkey", CF.accountOf, EVENT + "e"),
        (ACCOUNT + "e/src/turkey", CF.reportedBy, ACTOR + "turkey"),
        (ACCOUNT + "e/src/turkey", CF.status, STATUS.occurred),
        (ACCOUNT + "e/src/turkey", CF.periodStart, Literal("2020-02-01", datatype=XSD_DATE)),
        (ACCOUNT + "e/src/turkey", CF.periodEnd, Literal("2020-03-16", datatype=XSD_DATE)),
        (ACCOUNT + "e/src/turkey", CF.escortedParty, URIRef(ACTOR + "turkey")),
        (ACCOUNT + "e/src/turkey", CF.quantity, QUANTITY + "e/src/turkey/1"),
        (QUANTITY + "e/src/turkey/1", CF.value, Literal(13, datatype=XSD_COUNT)),
    )
    report = check_consistency(data)
    assert report.consistent, report.problems


def test_a_person_who_is_a_ceasefire_violation_is_named_with_both_disjoint_classes() -> None:
    data = triples((ACTOR + "x", RDF.type, CF.Person), (ACTOR + "x", RDF.type, CF.CeasefireViolation))
    report = check_consistency(data)
    assert not report.consistent
    assert not report.ok
    assert report.explanations == (
        "actor:x is typed both cf:Event (via cf:CeasefireViolation) and cf:Actor (via cf:Person), "
        "which are disjoint",
    )
    assert report.problems == list(report.explanations)


def test_a_clash_through_the_domain_of_a_property_is_named() -> None:
    data = triples((EVENT + "e", RDF.type, CF.CeasefireViolation), (EVENT + "e", CF.speaker, ACTOR + "x"))
    report = check_consistency(data)
    assert not report.consistent
    assert report.explanations == (
        "event:e is typed both cf:Event (via cf:CeasefireViolation) and cf:Statement (via the domain of "
        "cf:speaker), which are disjoint",
    )


def test_two_values_of_a_functional_property_are_named() -> None:
    data = triples(
        (QUANTITY + "q", RDF.type, CF.Quantity),
        (QUANTITY + "q", CF.value, Literal(2, datatype=XSD_COUNT)),
        (QUANTITY + "q", CF.value, Literal(3, datatype=XSD_COUNT)),
    )
    report = check_consistency(data)
    assert not report.consistent
    assert report.explanations == (
        "quantity:q has 2 values of the functional property cf:value: '2', '3', but it can have only one",
    )


def test_an_account_is_no_event() -> None:
    # Accounts are versions of an event, never events themselves: a status on the event node types it an
    # account (the domain of cf:status), which clashes with its own class.
    data = triples((EVENT + "e", RDF.type, CF.JointPatrol), (EVENT + "e", CF.status, STATUS.occurred))
    report = check_consistency(data)
    assert not report.consistent
    assert report.explanations == (
        "event:e is typed both cf:Account (via cf:EventAccount, the domain of cf:status) and cf:Event (via "
        "cf:JointPatrol), which are disjoint",
    )


def test_an_account_without_reporter_or_evidence_is_consistent_for_hermit() -> None:
    """HermiT cannot refuse an account without a reporter or a quote: OWL is open-world.

    A missing cf:reportedBy or cf:hasEvidence is only not known, never known to be absent, so no axiom can
    be contradicted by it (a minimum cardinality would merely imply an unnamed reporter). That check is the
    SHACL shapes' (closed-world over the data): see tests/ontology/test_shapes.py.
    """
    data = triples(
        (EVENT + "e", RDF.type, CF.JointPatrol),
        (EVENT + "e", CF.hasAccount, ACCOUNT + "e/src/r"),
        (ACCOUNT + "e/src/r", RDF.type, CF.EventAccount),
        (ACCOUNT + "e/src/r", CF.status, STATUS.occurred),
    )
    assert check_consistency(data).consistent


def test_a_dataset_is_checked_across_its_named_graphs() -> None:
    dataset = Dataset()
    dataset.graph(URIRef("urn:g:one")).add((URIRef(ACTOR + "x"), RDF.type, CF.Person))
    dataset.graph(URIRef("urn:g:two")).add((URIRef(ACTOR + "x"), RDF.type, CF.Signing))
    report = check_consistency(dataset)
    assert not report.consistent
    assert "actor:x is typed both" in report.explanations[0]


def test_explanations_follow_functional_object_properties_to_a_clash() -> None:
    ontology_and_data = load_ontology_graph()
    relationship = URIRef(PREFIXES["relationship"] + "r")
    ontology_and_data.add((relationship, RDF.type, CF.Backing))
    ontology_and_data.add((relationship, CF.relationFrom, URIRef(ACTOR + "a")))
    ontology_and_data.add((relationship, CF.relationFrom, URIRef(ACTOR + "b")))
    ontology_and_data.add((URIRef(ACTOR + "a"), RDF.type, CF.Person))
    ontology_and_data.add((URIRef(ACTOR + "b"), RDF.type, CF.State))
    [explanation] = explain_inconsistency(ontology_and_data)
    assert explanation.startswith(
        "relationship:r has 2 values of the functional property cf:relationFrom (actor:a, actor:b)"
    )
    assert "cf:Person" in explanation and "cf:State" in explanation


def test_the_check_writes_nothing_to_the_console_and_leaves_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    check_consistency(triples((ACTOR + "x", RDF.type, CF.Person), (ACTOR + "x", RDF.type, CF.Place)))
    check_consistency()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_java_gives_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/bin/java")
    with pytest.raises(JavaMissingError) as caught:
        check_consistency()
    message = str(caught.value)
    assert "\n" not in message
    assert "/nonexistent/bin/java" in message
    assert "apt-get install default-jre-headless" in message
    assert isinstance(caught.value, EnvironmentMissingError)
    assert isinstance(caught.value, CeasefireKGError)


def test_java_vanishing_after_the_look_up_gives_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # The program is "found" but cannot be started: subprocess raises FileNotFoundError.
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/bin/java")
    monkeypatch.setattr(shutil, "which", lambda name: name)
    with pytest.raises(JavaMissingError, match="apt-get install default-jre-headless"):
        check_consistency()


def test_a_failing_reasoner_is_reported_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    # Java runs but cannot find HermiT: a failure of the tool, not a problem of the graph.
    monkeypatch.setattr(owlready2.reasoning, "_HERMIT_CLASSPATH", "/nonexistent/hermit.jar")
    with pytest.raises(ReasonerError, match=r"^HermiT failed: "):
        check_consistency()


def test_hermit_runs_with_quick_jvm_options_on_its_command_line_through_the_trampoline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commands: list[list[str]] = []
    real = subprocess.run

    def spy(command: list[str], **kwargs: Any) -> Any:
        commands.append(list(command))
        return real(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Xss2m")
    assert check_consistency().consistent
    [command] = commands
    trampoline = lifetime.command([])
    assert command[: len(trampoline)] == trampoline
    assert command[len(trampoline)] == owlready2.JAVA_EXE
    assert all(option in command for option in reasoning.HERMIT_JVM_OPTIONS)
    assert os.environ["JAVA_TOOL_OPTIONS"] == "-Xss2m"  # left as the user set it


def test_every_hermit_failure_read_picked_up_java_tool_options(monkeypatch: pytest.MonkeyPatch) -> None:
    # The JVM announces JAVA_TOOL_OPTIONS on stderr before anything else: the message must be HermiT's own.
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Xss2m")
    monkeypatch.setattr(owlready2.reasoning, "_HERMIT_CLASSPATH", "/nonexistent/hermit.jar")
    with pytest.raises(ReasonerError) as caught:
        check_consistency()
    message = str(caught.value)
    assert message.startswith("HermiT failed: ")
    assert "Picked up" not in message
    assert "org.semanticweb.HermiT.cli.CommandLine" in message  # Java's own words: the class is not found


def test_hermit_message_skips_the_jvm_notices() -> None:
    stderr = "Picked up JAVA_TOOL_OPTIONS: -Xss2m\nPicked up _JAVA_OPTIONS: -Xmx1g\n\nError: out of memory\n"
    assert reasoning.hermit_message(stderr) == "Error: out of memory"
    assert reasoning.hermit_message("Picked up JAVA_TOOL_OPTIONS: -X\n") == "no message"


def _java_children(pid: int) -> list[int]:
    """Return the processes whose parent is ``pid`` and whose program is java."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            name = fields[0].split("(", 1)[1]
            parent = int(fields[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and name == "java":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc (Linux)")
def test_a_killed_build_leaves_hermit_jvm_running() -> None:
    # A parent that checks the ontology in a loop; killed while HermiT's JVM runs, the JVM must go with it.
    code = "from ontology.reasoning import check_consistency\nwhile True:\n    check_consistency()\n"
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2])
    try:
        deadline = time.monotonic() + 60
        jvms: list[int] = []
        while not jvms and time.monotonic() < deadline:
            jvms = _java_children(parent.pid)
            time.sleep(0.05)
        assert jvms, "HermiT's JVM never started"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 1.0
        while any(_alive(jvm) for jvm in jvms) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(_alive(jvm) for jvm in jvms)
    finally:
        parent.kill()
        for jvm in _java_children(parent.pid):
            os.kill(jvm, signal.SIGKILL)
