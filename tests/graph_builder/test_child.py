"""Steps in a process of their own: given as function objects; failures come back as project errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from swap_stress import alive, command_line

from graph_builder.child import ChildStepError, reference, run_in_child
from ontology.errors import CeasefireKGError, InputError


def write_greeting(path: str, text: str) -> None:
    Path(path).write_text(f"{text} from {os.getpid()}", encoding="utf-8")


def fail_plainly(message: str) -> None:
    raise ValueError(message)


def fail_as_the_project_does(message: str) -> None:
    raise InputError(message, file="facts.yaml", line=3)


def die(code: str) -> None:
    os._exit(int(code))


def sleep(seconds: str) -> None:
    time.sleep(float(seconds))


def mark_then_sleep(path: str, seconds: str) -> None:
    Path(path).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(seconds))


def test_the_function_runs_in_another_process(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    run_in_child(write_greeting, str(target), "hello", what="greeting")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("hello from ")
    assert text != f"hello from {os.getpid()}"


def test_an_exception_in_the_child_is_a_project_error_naming_the_step() -> None:
    with pytest.raises(ChildStepError, match=r"^writing graph\.html failed: ValueError: no room$") as caught:
        run_in_child(fail_plainly, "no room", what="writing graph.html")
    assert isinstance(caught.value, CeasefireKGError)


def test_a_project_error_in_the_child_keeps_its_own_message() -> None:
    with pytest.raises(ChildStepError, match=r"^page failed: facts\.yaml:3: bad id$"):
        run_in_child(fail_as_the_project_does, "bad id", what="page")


def test_a_child_that_dies_says_with_which_code() -> None:
    with pytest.raises(ChildStepError, match="ended with code 3"):
        run_in_child(die, "3", what="page")


def test_a_child_is_stopped_as_soon_as_the_step_it_depends_on_fails() -> None:
    failed: Future[None] = Future()
    failed.set_exception(RuntimeError("a check failed"))
    started = time.monotonic()
    run_in_child(sleep, "60", what="page", unless=failed)
    assert time.monotonic() - started < 30


def test_only_a_top_level_function_of_a_module_can_be_a_step() -> None:
    def nested() -> None:
        pass

    assert reference(write_greeting) == ("tests.graph_builder.test_child", "write_greeting")
    with pytest.raises(ValueError, match="not a top-level function"):
        reference(nested)
    with pytest.raises(ValueError, match="not a top-level function"):
        run_in_child(nested, what="nothing")


def test_defect_3_a_step_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    started = tmp_path / "started"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from graph_builder.child import run_in_child;"
            "from tests.graph_builder.test_child import mark_then_sleep;"
            "run_in_child(mark_then_sleep, sys.argv[1], '60', what='sleeping')",
            str(started),
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(started.read_text(encoding="utf-8"))
        assert alive(child)
        parent.kill()
        parent.wait()
        time.sleep(1.0)
        assert not alive(child), command_line(child)
    finally:
        parent.kill()
        parent.wait()
