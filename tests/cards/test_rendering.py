"""Card text renders its Markdown subset as HTML, and nothing else ever renders."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from cards.rendering import render_card_text
from tests.factories import CardFactory


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold**", "<strong>bold</strong>"),
        ("*italic*", "<em>italic</em>"),
        ("`aws s3 ls`", "<code>aws s3 ls</code>"),
        (
            "[docs](https://docs.aws.amazon.com)",
            '<a href="https://docs.aws.amazon.com" rel="noopener noreferrer nofollow">docs</a>',
        ),
        ("one\ntwo", "one<br>\ntwo"),
        ("&#39;quoted&#39; &amp; 🚀", "'quoted' &amp; 🚀"),
        (r"\*not italic\*", "*not italic*"),
        ("# not a heading", "# not a heading"),
        ("- not a list", "- not a list"),
    ],
)
def test_the_subset_renders_as_formatting(text, html):
    assert render_card_text(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<a href='#' onclick='alert(1)'>x</a>",
        "[click](javascript:alert(1))",
        "**<script>alert(1)</script>**",
        "`<script>alert(1)</script>`",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '[x](https://example.com" onerror="alert(1))',
    ],
)
def test_html_and_script_never_render(text):
    elements = _elements(render_card_text(text))

    assert {tag for tag, _ in elements} <= {"strong", "em", "code", "a", "br"}
    for _, attributes in elements:
        assert set(attributes) <= {"href", "rel"}
        assert attributes.get("href", "https:").startswith(("https:", "http:", "mailto:"))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element the browser would build from the HTML, with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


@pytest.mark.django_db
def test_both_faces_render_formatting_and_escape_html():
    card = CardFactory(
        prompt="Which **service** runs `lambda_handler`? <script>alert(1)</script>",
        answer='*Lambda* <img src=x onerror="alert(1)">',
    )

    front = render_to_string("scheduler/review.html#card_front", {"card": card})
    back = render_to_string("scheduler/review.html#card_back", {"card": card})

    assert "<strong>service</strong>" in front
    assert "<code>lambda_handler</code>" in front
    assert "<em>Lambda</em>" in back
    for face in (front, back):
        assert "<script>" not in face
        assert "<img" not in face


@pytest.mark.django_db
def test_table_cells_render_formatting():
    card = CardFactory(
        table_cell=True,
        table={"header": ["Service", "**Model**"], "row": ["`SQS`", "pull"], "hidden": 1},
    )

    front = render_to_string("scheduler/review.html#card_front", {"card": card})

    assert "<strong>Model</strong>" in front
    assert "<code>SQS</code>" in front
