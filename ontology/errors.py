"""Define the errors every ceasefire-kg package raises (the CLI decides which exit code each one gets)."""

from __future__ import annotations

from collections.abc import Sequence


class CeasefireKGError(Exception):
    """Report a problem the user can act on, in one line."""


class InputError(CeasefireKGError):
    """Report bad input: a file, the line in it, the offending value and what is wrong with it."""

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


class CannotFinishError(CeasefireKGError):
    """Report a run that could not finish for a reason outside its input (a full disk, an unwritable file)."""


class EnvironmentMissingError(CeasefireKGError):
    """Report a missing program the checks need (a Java runtime for HermiT)."""


class JavaMissingError(EnvironmentMissingError):
    """Report that no Java runtime is there to run the HermiT reasoner, and what to install."""


class ReasonerError(CeasefireKGError):
    """Report that the HermiT reasoner itself failed (a Java error, not a problem of the graph)."""


class CheckFailedError(CeasefireKGError):
    """Report that the graph failed a check (SHACL shapes, OWL consistency); ``problems`` lists each one."""

    def __init__(self, summary: str, problems: list[str]) -> None:
        self.summary = summary
        self.problems = problems
        super().__init__(summary)


class InputProblems(CeasefireKGError):
    """Report every input problem one run found (all files, all records), in the order they were found."""

    def __init__(self, problems: Sequence[InputError]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the sources")

    def by_file(self) -> dict[str | None, list[InputError]]:
        """Return the problems grouped by file, files in the order of their first problem."""
        grouped: dict[str | None, list[InputError]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.file, []).append(problem)
        return grouped
