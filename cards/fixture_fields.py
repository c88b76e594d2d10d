"""The checks every fixture field goes through: a value's type, its text (no lone surrogates or
NUL characters, within the column's max_length), its integer range, and nothing nested past
MAX_DEPTH. cards.fixture_reader builds the topic, domains, sections and cards on top of them.

The limits are the models' own, read from their field definitions, so what passes here the
database stores as it is, on SQLite and on PostgreSQL alike.
"""

import json
import re
from typing import Any

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model

from cards.fixture_text import MAX_DEPTH, DuplicateKeys, OversizedInteger
from cards.fixture_types import FixtureError


# Where the fixture's values are stored: their limits come from these field definitions.
def column_of(model: type[Model], name: str) -> Field:
    return model._meta.get_field(name)


# The backend-neutral ranges, so SQLite (which would store any integer) refuses what PostgreSQL
# would.
_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def excerpt(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=repr)
    return repr(text if len(text) <= 40 else text[:40] + "…")


class FieldReader:
    """One fixture's field checks; each failure names the file and where in it (`where`)."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str) -> FixtureError:
        return FixtureError(self.name, where or "top level", problem)

    def check_values(self, value: Any, where: str, *, depth: int) -> None:
        """What no database column takes, wherever it sits (even in a field the reader ignores)."""
        if depth > MAX_DEPTH:
            raise self.fail(where, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            self.check_text(value, where)
        elif isinstance(value, OversizedInteger):
            raise self.fail(where, f"a {value.digits}-digit number is out of range")
        elif isinstance(value, dict):
            if isinstance(value, DuplicateKeys):
                raise self.fail(
                    where, f"the key {excerpt(value.duplicates[0])} appears more than once"
                )
            for key, item in value.items():
                self.check_text(key, f"{where} (an object key)" if where else "an object key")
                path = f"{where}.{key[:40]}" if where else key[:40]
                self.check_values(item, path, depth=depth + 1)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_values(item, f"{where}[{index}]", depth=depth + 1)

    def check_text(self, value: str, where: str) -> None:
        if "\x00" in value:
            raise self.fail(
                where,
                f"contains a NUL character (\\u0000) at character {value.index(chr(0)) + 1}; "
                "text cannot hold one",
            )
        if surrogate := _SURROGATE_RE.search(value):
            raise self.fail(
                where,
                f"contains a lone UTF-16 surrogate (\\u{ord(surrogate.group()):04x}) at "
                f"character {surrogate.start() + 1}; it is not a character",
            )

    def field(self, obj: dict, key: str, kind: type, where: str) -> Any:
        path = f"{where}.{key}" if where else key
        if key not in obj:
            raise self.fail(path, "missing")
        value = obj[key]
        # bool is an int in Python; a fixture saying `true` for a number is still wrong.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = {
                str: "a string",
                int: "a whole number",
                bool: "true or false",
                list: "a list",
                dict: "an object",
            }
            raise self.fail(path, f"must be {expected[kind]}, not {excerpt(value)}")
        return value

    def text(
        self, obj: dict, key: str, where: str, *, required: bool = True, column: Field | None = None
    ) -> str:
        value = self.field(obj, key, str, where)
        path = f"{where}.{key}" if where else key
        if required and not value.strip():
            raise self.fail(path, "must not be empty")
        self.check_length(value, path, column)
        return value

    def check_length(self, value: str, path: str, column: Field | None) -> None:
        if column is not None and column.max_length and len(value) > column.max_length:
            raise self.fail(
                path, f"is {len(value)} characters long; at most {column.max_length} fit"
            )

    def number(self, obj: dict, key: str, where: str, *, column: Field) -> int:
        value = self.field(obj, key, int, where)
        low, high = _INTEGER_RANGES[column.get_internal_type()]
        if not low <= value <= high:
            raise self.fail(f"{where}.{key}", f"must be a whole number {low}–{high}, not {value}")
        return value

    def optional(
        self,
        obj: dict,
        key: str,
        kind: type,
        where: str,
        *,
        default: Any,
        column: Field | None = None,
    ) -> Any:
        """A field older fixtures do not have: absent means the default."""
        if key not in obj:
            return default
        value = obj[key]
        if not isinstance(value, kind):
            expected = {bool: "true or false", str: "a string"}[kind]
            raise self.fail(f"{where}.{key}", f"must be {expected}, not {json.dumps(value)[:40]}")
        if isinstance(value, str):
            self.check_length(value, f"{where}.{key}", column)
        return value

    def unique(self, values: list, where: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, value in enumerate(values):
            if value in seen:
                raise self.fail(
                    where.format(index),
                    f"duplicate {what} {excerpt(value)} (first at {where.format(seen[value])})",
                )
            seen[value] = index
