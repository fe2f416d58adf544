"""Define the errors every ceasefire-kg package raises, each with the exit code the CLI gives it."""

from __future__ import annotations


class CeasefireKGError(Exception):
    """Report a problem the user can act on; the CLI prints it in one line and exits with ``exit_code``."""

    exit_code = 2


class InputError(CeasefireKGError):
    """Report bad input: a file, the line in it, the offending value and what is wrong with it."""

    exit_code = 2

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, value: object = None
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.value = value
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.message}"


class EnvironmentMissingError(CeasefireKGError):
    """Report a missing program the checks need (a Java runtime for HermiT)."""

    exit_code = 2


class JavaMissingError(EnvironmentMissingError):
    """Report that no Java runtime is there to run the HermiT reasoner, and what to install."""


class ReasonerError(CeasefireKGError):
    """Report that the HermiT reasoner itself failed (a Java error, not a problem of the graph)."""

    exit_code = 2


class CheckFailedError(CeasefireKGError):
    """Report that the graph failed a check (SHACL shapes, OWL consistency); ``problems`` lists each one."""

    exit_code = 1

    def __init__(self, summary: str, problems: list[str]) -> None:
        self.summary = summary
        self.problems = problems
        super().__init__(summary)
