"""What the readers share: a GuideError names its line and quotes only a short excerpt of it."""

import pytest

from cards.sources import GuideError, parse_document
from cards.sources.parsed import EXCERPT_LENGTH, excerpt
from tests.cards.sources.samples import DOMAIN_TOP

LONG = "x" * 10_000


def test_excerpt_quotes_short_text_whole():
    assert excerpt("Caching is free") == "'Caching is free'"


def test_excerpt_cuts_long_text_with_an_ellipsis():
    quoted = excerpt("a" * 1000)

    assert quoted == repr("a" * (EXCERPT_LENGTH - 1) + "…")


@pytest.mark.parametrize(
    ("document", "line", "quoted"),
    [
        # (Markdown takes headings of any level, so no heading is an error left to quote.)
        pytest.param(
            "# Domain " + "9" * 10_000 + ": Develop (32%)\n",
            1,
            "domain number '999",
            id="markdown-domain-number",
        ),
        pytest.param(
            DOMAIN_TOP + 'Common traps:\n- "' + LONG + '" — who knows\n',
            7,
            "trap item has no recognisable verdict: '\"xxx",
            id="trap-item",
        ),
        pytest.param(DOMAIN_TOP + '"' + LONG + '" →\n', 6, "scenario cue 'xxx", id="cue"),
        pytest.param(
            "Domain " + "9" * 10_000 + " Overview\n", 1, "domain number '999", id="domain-number"
        ),
    ],
)
def test_error_quotes_only_a_short_excerpt_of_a_long_line(document, line, quoted):
    with pytest.raises(GuideError) as error:
        parse_document(document)

    assert error.value.line == line
    assert quoted in error.value.message
    assert "…'" in error.value.message
    assert len(error.value.message) < EXCERPT_LENGTH + 80
