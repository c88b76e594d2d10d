"""The card_text filter: sanitised card HTML, rendered once per text and place of serving."""

from django.urls import set_script_prefix

from cards.templatetags import card_text as filter_module
from cards.templatetags.card_text import card_text

NAME = "0123456789abcdef0123.png"
IMAGE = f"![a diagram](card-image:{NAME})"


def test_a_text_is_rendered_once_however_often_a_page_shows_it():
    filter_module._rendered.cache_clear()
    text = "Use **DynamoDB Streams** with `Lambda`"

    first, second = card_text(text), card_text(text)

    assert first == second == "Use <strong>DynamoDB Streams</strong> with <code>Lambda</code>"
    assert filter_module._rendered.cache_info().hits == 1


def test_an_image_url_follows_where_the_site_is_served_from():
    try:
        set_script_prefix("/")
        at_root = card_text(IMAGE)
        set_script_prefix("/cards/")
        under_a_path = card_text(IMAGE)
    finally:
        set_script_prefix("/")

    assert at_root == f'<img src="/card-images/{NAME}" alt="a diagram">'
    assert under_a_path == at_root.replace('src="/', 'src="/cards/')


def test_hostile_html_is_escaped_whether_cached_or_not():
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)>'

    for _ in range(2):
        html = card_text(hostile)
        assert "<script" not in html
        assert "<img" not in html
