"""Refuse a query that could reach outside the graph or change it, before any engine sees it.

Both engines run ``SERVICE`` over HTTP (Oxigraph from Rust, where no Python hook can stop it) and rdflib loads
``FROM`` graphs from the web; an update (``INSERT``, ``LOAD``, …) has no place in a read-only query. So the
query text is read with a SPARQL tokenizer that follows the grammar's own lexical rules for strings, long
strings, comments, IRIs, prefixed names (with their ``\\'``-style escapes), variables and language tags, and
the keywords are looked for only in the code between them: ``SERVICE`` in a string, a comment or an IRI is
fine, and a naive substring search would both refuse those and miss the tricks below.

Where the grammar itself is ambiguous for a tokenizer, every reading is checked, and the query is refused if
any reading holds a forbidden keyword. That is the ``<`` of ``FILTER(?a<?b)…>``, which is an IRI in one
reading and a comparison in another (the parsers decide by context: in the second reading what the first saw
as the inside of an IRI is code, and may open a string or comment that hides a later ``SERVICE`` from a
tokenizer that chose the first). Keywords are matched as Oxigraph's parser matches them: case-insensitively
and without a word boundary, so ``SERVICESILENT<…>`` and ``FROM:g`` count. rdflib expands ``\\uXXXX`` escapes
anywhere in the text before parsing, so the expanded text is checked too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ontology.errors import InputError

#: Keywords that reach outside the store: refused wherever they stand in code, even inside a longer word.
_OUTSIDE = {
    "SERVICE": "SERVICE calls another SPARQL endpoint over the network",
    "FROM": "FROM / FROM NAMED would load graphs from outside the store",
}
#: Update operations: a query is only ever read.
_UPDATES = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
#: How many tokenizer states may be explored before a query counts as too ambiguous to vouch for.
MAX_STATES = 20_000

# The character classes of the SPARQL 1.1 grammar (section 19.8), exactly, so that no token ends earlier or
# later than it does for the engines. Compiling them with every Unicode range takes ~25 ms, so a query is
# first scanned with their ASCII part, and the full classes are compiled only when a non-ASCII character
# stands in code (outside strings, comments and IRIs), where it could be part of a name.
_UNICODE_LETTERS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_UNICODE_MARKS = "\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"(?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})"
_STRINGS = (
    r"'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''"
    r'|"""(?:[^"\\]|\\.|"{1,2}(?!"))*"""'
    r"|'(?:[^'\\\r\n]|\\[^\r\n])*'"
    r'|"(?:[^"\\\r\n]|\\[^\r\n])*"'
)
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"


def _tokens(letters: str, marks: str) -> re.Pattern[str]:
    base = "A-Za-z" + letters
    chars_u = base + "_"
    chars = chars_u + r"\-0-9" + marks
    prefix = f"[{base}](?:[{chars}.]*[{chars}])?"
    local = f"(?:[{chars_u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    alternatives = {
        "ws": r"[ \t\r\n]+",
        "comment": r"#[^\r\n]*",
        "string": _STRINGS,
        "var": f"[?$][{chars_u}0-9][{chars_u}0-9{marks}]*",
        "langtag": r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*",
        "bnode": f"_:[{chars_u}0-9](?:[{chars}.]*[{chars}])?",
        "pname": f"(?:{prefix})?:(?:{local})?",
        "number": r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?",
        "word": r"[A-Za-z_][A-Za-z0-9_]*",
        "other": r".",
    }
    return re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in alternatives.items()), re.DOTALL)


_ASCII_TOKENS = _tokens("", "")


@functools.cache
def _unicode_tokens() -> re.Pattern[str]:
    return _tokens(_UNICODE_LETTERS, _UNICODE_MARKS)


_IRIREF = re.compile(rf"""<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>""")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Tokens after which ``<`` may be a comparison (the left operand ends there).
_OPERANDS = frozenset({"var", "string", "langtag", "bnode", "pname", "number", "word"})

#: A tokenizer state: position, parenthesis depth, whether the last token can be the left side of ``<``.
State = tuple[int, int, bool]


class UnsafeQueryError(InputError):
    """Report a query that would reach outside the store or change it."""


@dataclass(frozen=True)
class Finding:
    """Record one forbidden keyword: the keyword, why, and where it stands (1-based line and column)."""

    keyword: str
    reason: str
    line: int
    column: int


def check_query(text: str, *, origin: str) -> None:
    """Raise UnsafeQueryError when the query uses SERVICE, FROM, LOAD or an update; ``origin`` names it."""
    finding = first_finding(text)
    if finding is not None:
        raise UnsafeQueryError(
            f"{finding.keyword} is not allowed (line {finding.line}, column {finding.column}): "
            f"{finding.reason}; only read-only queries over the graph's own store are run",
            file=origin,
        )


def first_finding(text: str) -> Finding | None:
    """Return the first forbidden keyword in any reading of the query text (or its rdflib expansion)."""
    texts = [text]
    if _UNICODE_ESCAPE.search(text):
        texts.append(_expand_escapes(text))
    for candidate in texts:
        findings = _scan(candidate)
        if findings:
            return min(findings, key=lambda f: (f.line, f.column))
    return None


def _expand_escapes(text: str) -> str:
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _UNICODE_ESCAPE.sub(expand, text)


class _NeedsUnicode(Exception):
    """Signal that a non-ASCII character stands in code, where only the full Unicode classes read it right."""


def _scan(text: str) -> list[Finding]:
    try:
        return _explore(text, _ASCII_TOKENS)
    except _NeedsUnicode:
        return _explore(text, _unicode_tokens())


def _explore(text: str, tokens: re.Pattern[str]) -> list[Finding]:
    # Depth > 0 over-approximates "inside an expression", the only place where ``<`` may be a comparison.
    findings: dict[tuple[str, int], Finding] = {}
    pending: list[State] = [(0, 0, False)]
    seen: set[State] = set()
    while pending:
        state = pending.pop()
        if state in seen:
            continue
        seen.add(state)
        if len(seen) > MAX_STATES:
            return [Finding("the query", "it is too ambiguous to check", 1, 1)]
        pending.extend(_run(text, state, tokens, findings))
    return list(findings.values())


def _run(
    text: str, state: State, tokens: re.Pattern[str], findings: dict[tuple[str, int], Finding]
) -> list[State]:
    """Tokenize from one state to the end or to an ambiguous ``<``; return the states to explore next."""
    pos, depth, operand = state
    end = len(text)
    while pos < end:
        if text[pos] == "<":
            readings: list[State] = []
            iri = _IRIREF.match(text, pos)
            if iri is not None:
                readings.append((iri.end(), depth, True))
            if text.startswith("<<", pos):
                readings.append((pos + 2, depth, False))
            if iri is None or (depth > 0 and operand):
                readings.append((pos + 1, depth, False))  # a comparison, or a stray character
            if len(readings) > 1:
                return readings
            pos, depth, operand = readings[0]
            continue
        match = tokens.match(text, pos)
        assert match is not None  # ``other`` matches any character
        kind, token = match.lastgroup, match.group()
        if kind == "other":
            if token in "'\"":
                return []  # an unclosed string: no parser accepts the query, so nothing after it runs
            if not token.isascii() and tokens is _ASCII_TOKENS:
                raise _NeedsUnicode
        elif kind == "word":
            _keyword(token, text, pos, findings)
        elif kind == "pname":
            _keyword(token.split(":", 1)[0], text, pos, findings)
        if kind in ("ws", "comment"):
            pass
        elif token == "(":
            depth, operand = depth + 1, False
        elif token == ")":
            depth, operand = max(depth - 1, 0), True
        else:
            operand = kind in _OPERANDS or token == "]"
        pos = match.end()
    return []


def _keyword(word: str, text: str, pos: int, findings: dict[tuple[str, int], Finding]) -> None:
    upper = word.upper()
    for keyword, reason in _OUTSIDE.items():
        if keyword in upper:
            _record(keyword, reason, text, pos + upper.index(keyword), findings)
    if upper in _UPDATES:
        _record(upper, "it is an update; queries may only read", text, pos, findings)


def _record(keyword: str, reason: str, text: str, pos: int, findings: dict[tuple[str, int], Finding]) -> None:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    findings.setdefault((keyword, pos), Finding(keyword, reason, line, column))


@dataclass(frozen=True)
class Token:
    """Hold one token of a query text in its most likely reading: its kind, its text and where it starts."""

    kind: str
    text: str
    start: int


def code_tokens(text: str) -> list[Token]:
    """Return the tokens of a query text outside white space and comments, in the parsers' usual reading.

    A ``<`` is an IRI where one can stand and a comparison after an operand inside parentheses: the reading
    of every query the engines accept (the check above covers the other readings). For placing code into a
    checked query, never for deciding whether a query is safe.
    """
    try:
        return _one_reading(text, _ASCII_TOKENS)
    except _NeedsUnicode:
        return _one_reading(text, _unicode_tokens())


def _one_reading(text: str, tokens: re.Pattern[str]) -> list[Token]:
    found: list[Token] = []
    pos, depth, operand = 0, 0, False
    while pos < len(text):
        iri = _IRIREF.match(text, pos) if text[pos] == "<" else None
        if iri is not None and not (depth > 0 and operand):
            found.append(Token("iri", iri.group(), pos))
            pos, operand = iri.end(), True
            continue
        match = tokens.match(text, pos)
        assert match is not None  # ``other`` matches any character
        kind, token = match.lastgroup or "other", match.group()
        if kind == "other" and not token.isascii() and tokens is _ASCII_TOKENS:
            raise _NeedsUnicode
        if kind not in ("ws", "comment"):
            found.append(Token(kind, token, pos))
            if token == "(":
                depth, operand = depth + 1, False
            elif token == ")":
                depth, operand = max(depth - 1, 0), True
            else:
                operand = kind in _OPERANDS or token == "]"
        pos = match.end()
    return found
