"""JSON text → Python values, with nothing a hostile file can use to crash the reader.

Pure Python, no Django. `json.loads` alone recurses once per nesting level (a file of 100,000
`[` is a RecursionError), lets a repeated key silently win, and refuses integers longer than
4,300 digits with a bare ValueError. Here the depth is bounded by a linear scan *before*
parsing, and repeated keys and oversized integers come back as marker values, so the fixture
check (cards.fixture) reports each with the path where it sits.
"""

import json
import re
from typing import Any

# A topic fixture is five levels deep (top → cards → card → table → row); far more is no fixture.
MAX_DEPTH = 20
# No column holds more than a 64-bit integer; longer digit strings are never converted.
MAX_INTEGER_DIGITS = 20

# A JSON string, skipped whole so brackets inside it do not count. It can always finish (at its
# closing quote, or at the end of an unterminated string), so it never backtracks: the depth
# scan is linear in the text.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)'
_STRING_RE = re.compile(_STRING, re.DOTALL)
_TOKEN_RE = re.compile(_STRING + r"|[\[\]{}]", re.DOTALL)
_NOT_BRACKETS_RE = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONTextError(ValueError):
    """The text is not JSON the reader will take: `where` is "line L, column C"."""

    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}")


class DuplicateKeys(dict):
    """An object in which a key appeared more than once (the last value is kept)."""

    def __init__(self, pairs: list[tuple[str, Any]], duplicates: list[str]):
        super().__init__(pairs)
        self.duplicates = duplicates


class OversizedInteger:
    """An integer literal with more digits than any column holds; never converted to int."""

    def __init__(self, literal: str):
        self.digits = len(literal.lstrip("-"))

    def __repr__(self) -> str:
        return f"<{self.digits}-digit integer>"


def decode_json(text: str) -> Any:
    """Parse JSON text; JSONTextError if it is too deeply nested or not JSON at all."""
    check_depth(text)
    try:
        return json.loads(text, object_pairs_hook=_object, parse_int=_integer)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise JSONTextError(where, f"not valid JSON ({error.msg})") from None


def check_depth(text: str) -> None:
    """JSONTextError if arrays and objects nest deeper than MAX_DEPTH, before any parsing.

    The fast pass runs in C: with strings removed, each round deletes the innermost empty
    pairs, so well-formed JSON within the limit is gone after MAX_DEPTH rounds. Only text that
    is left over (too deep, or brackets that do not match) is scanned token by token.
    """
    brackets = _NOT_BRACKETS_RE.sub("", _STRING_RE.sub("", text))
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        brackets = brackets.replace("[]", "").replace("{}", "")
    if not brackets:
        return
    depth = 0
    for token in _TOKEN_RE.finditer(text):
        depth += _DEPTH_STEP.get(token.group(), 0)
        if depth > MAX_DEPTH:
            raise JSONTextError(
                line_and_column(text, token.start()),
                f"nested more than {MAX_DEPTH} levels deep (a topic fixture needs 5)",
            )
    # Not too deep, only mismatched: json.loads says where.


def line_and_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _object(pairs: list[tuple[str, Any]]) -> dict:
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    seen: set[str] = set()
    duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]
    return DuplicateKeys(pairs, duplicates)


def _integer(literal: str) -> int | OversizedInteger:
    if len(literal.lstrip("-")) > MAX_INTEGER_DIGITS:
        return OversizedInteger(literal)
    return int(literal)
