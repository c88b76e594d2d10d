"""Parsing takes time linear in the input, even for input built to make a parser backtrack.

Each shape is parsed at a size where it takes long enough to measure, then at ten times that
size; the larger must take about ten times as long, not a hundred. A ratio measured in one run
holds on a slow or busy machine, where an absolute timeout would not.
"""

import contextlib
import gc
import math
import time
from collections.abc import Callable

import pytest

from cards.sources import GuideError, parse_document, parse_guide, parse_markdown_guide
from tests.cards.sources.samples import DOMAIN_TOP

MARKDOWN_TOP = "# Domain 1: Develop Code (32%)\n\n## Messaging\n\n"

# Below this the fixed cost of a parse (and the timer's noise) would flatten the ratio.
SMALL_CASE_SECONDS = 0.02
# Larger documents no longer fit a processor's cache, which slows each character by itself.
MAX_SMALL_CASE_CHARACTERS = 200_000
# Linear is ~10x in theory; quadratic is ~100x. Measured here, linear shapes take 10-28x:
# markdown-it's tokens for a 2 MB table of many columns no longer fit the caches (20x on a
# quiet machine, 27-28x now and then). 40 keeps every linear shape green and still fails a
# quadratic one by a factor of two and a half.
MAX_RATIO = 40


def _table_with_long_cells(n: int) -> str:
    return f"| Feature{' x' * n} | A | B | C |\n|---|---|---|---|\n| Row{' y' * n} | 1 | 2 | 3 |\n"


def _table_with_many_columns(n: int) -> str:
    return f"| F |{' a |' * n}\n{'|---' * (n + 1)}|\n| r |{' x |' * n}\n"


# Each shape: a document built from `n` repetitions of what makes a naive parser backtrack or
# copy. Most are one long line: a 60 kB line is a plausible paste, not an attack only.
SEED_SHAPES: dict[str, Callable[[int], str]] = {
    "trap-with-a-run-of-spaces": lambda n: (
        DOMAIN_TOP + 'Common traps:\n- "Caching is free" — FALSE; it' + " " * n + "costs.\n"
    ),
    "trap-items-glued-by-dashes": lambda n: (
        DOMAIN_TOP + 'Common traps:\n- "a" — FALSE; b' + ' - "c" — TRUE; d' * n + "\n"
    ),
    "trap-with-runs-of-dashes-and-quotes": lambda n: (
        DOMAIN_TOP + 'Common traps:\n- "a' + ' -"- "' * n + "\n"
    ),
    "item-continued-over-many-lines": lambda n: DOMAIN_TOP + "- Call\n" + "then call\n" * n,
    "item-continued-by-closing-quotes": lambda n: DOMAIN_TOP + "- Call it:\n" + "”\n" * n,
    "item-continued-inside-brackets": lambda n: DOMAIN_TOP + "- Call f(\n" + "g(\n" * n,
    "line-of-pipes": lambda n: DOMAIN_TOP + "|" * n + "\n",
    "line-of-hashes-dashes-and-quotes": lambda n: DOMAIN_TOP + '#-"“”|→ ' * n + "\n",
    "table-with-long-cells": lambda n: DOMAIN_TOP + _table_with_long_cells(n),
    "table-with-many-columns": lambda n: DOMAIN_TOP + _table_with_many_columns(n),
    "many-cues-on-one-line": lambda n: DOMAIN_TOP + '"Decouple" → SQS. ' * n + "\n",
    "domain-number-with-many-digits": lambda n: (
        "Domain " + "7" * n + " Overview\nDevelop things.\n⚡ 32% of scored content\n"
    ),
}

MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {
    "section-heading-with-a-run-of-spaces": lambda n: MARKDOWN_TOP + "## SQS" + " " * n + "SNS\n",
    "domain-heading-with-spaces-after-the-colon": lambda n: (
        MARKDOWN_TOP + "# Domain 2:" + " " * n + "Security\n"
    ),
    "domain-heading-with-spaces-in-the-title": lambda n: (
        MARKDOWN_TOP + "# Domain 2: Security" + " " * n + "and more (26%)\n"
    ),
    "heading-of-hashes-and-spaces": lambda n: MARKDOWN_TOP + "# " + "# " * n + "\n",
    "trap-continued-over-many-lines": lambda n: (
        MARKDOWN_TOP + 'Common traps:\n- "SQS pushes" — FALSE; consumers\n' + "  poll it\n" * n
    ),
    "trap-with-a-run-of-spaces": lambda n: (
        MARKDOWN_TOP + 'Common traps:\n- "Caching is free" — FALSE; it' + " " * n + "costs.\n"
    ),
    "table-with-long-cells": lambda n: MARKDOWN_TOP + _table_with_long_cells(n),
    "table-with-many-columns": lambda n: MARKDOWN_TOP + _table_with_many_columns(n),
    "many-cues-on-one-line": lambda n: MARKDOWN_TOP + '"Decouple" → SQS. ' * n + "\n",
    "domain-number-with-many-digits": lambda n: "# Domain " + "7" * n + ": Develop (32%)\n",
}


def _seconds(parse: Callable[[str], object], text: str, *, batch: int, repeats: int) -> float:
    """The fastest of a few timings of `batch` parses, in this process' CPU time: on a busy
    machine, time spent waiting for the processor is not the parser's."""
    best = math.inf
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(batch):
            with contextlib.suppress(GuideError):  # refusing it must be linear too
                parse(text)
        best = min(best, time.process_time() - start)
    return best


def _ten_times_larger_ratio(
    parse: Callable[[str], object], document: Callable[[int], str]
) -> float:
    # Grow the document until one parse is measurable (a backtracking parser gets there soon),
    # but not past what fits a processor's cache; a cheap shape is then timed as a batch.
    n = 500
    one = _seconds(parse, document(n), batch=1, repeats=3)
    while one < SMALL_CASE_SECONDS and len(document(2 * n)) <= MAX_SMALL_CASE_CHARACTERS:
        n *= 2
        one = _seconds(parse, document(n), batch=1, repeats=3)
    batch = 1 if one >= SMALL_CASE_SECONDS else math.ceil(1.2 * SMALL_CASE_SECONDS / max(one, 1e-6))
    while (small := _seconds(parse, document(n), batch=batch, repeats=3)) < SMALL_CASE_SECONDS:
        batch *= 2
    large = _seconds(parse, document(10 * n), batch=batch, repeats=3)
    return large / small


@pytest.fixture(autouse=True)
def _no_garbage_collection_while_timing():
    # A collection landing in one timing but not another is noise, not the parser's cost; the
    # parsed guides hold no reference cycles, so their memory is freed without it.
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("document", SEED_SHAPES.values(), ids=SEED_SHAPES.keys())
def test_seed_reader_takes_ten_times_as_long_for_ten_times_the_input(document):
    assert _ten_times_larger_ratio(parse_guide, document) < MAX_RATIO


@pytest.mark.parametrize("document", MARKDOWN_SHAPES.values(), ids=MARKDOWN_SHAPES.keys())
def test_markdown_reader_takes_ten_times_as_long_for_ten_times_the_input(document):
    assert _ten_times_larger_ratio(parse_markdown_guide, document) < MAX_RATIO


# parse_document looks for a Markdown domain heading before it hands the text to a reader.
DOCUMENT_SHAPES: dict[str, Callable[[int], str]] = {
    "lines-that-almost-start-a-markdown-domain": lambda n: "# Domain 1\n" * n,
    "markdown-domain-heading-with-a-long-number": lambda n: "# Domain " + "1" * n + "\n",
    "seed-trap-with-a-run-of-spaces": SEED_SHAPES["trap-with-a-run-of-spaces"],
    "markdown-heading-with-a-run-of-spaces": (
        MARKDOWN_SHAPES["section-heading-with-a-run-of-spaces"]
    ),
}


@pytest.mark.parametrize("document", DOCUMENT_SHAPES.values(), ids=DOCUMENT_SHAPES.keys())
def test_parse_document_takes_ten_times_as_long_for_ten_times_the_input(document):
    assert _ten_times_larger_ratio(parse_document, document) < MAX_RATIO
