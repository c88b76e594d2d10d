"""``{{ card.prompt|card_text }}``: card text rendered by cards.rendering (sanitised HTML)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

from cards.rendering import render_card_text

register = template.Library()


@register.filter
def card_text(value: object) -> SafeString:
    # Safe to mark: render_card_text escapes the text and nh3 allows only the subset's tags.
    return mark_safe(_rendered(str(value or ""), get_script_prefix(), get_urlconf()))  # noqa: S308


# A review page renders the same texts again and again (a table card's cells twice: as a table
# and, for phones, as a list), and Markdown parsing plus sanitising is the dearest filter
# on the page. The HTML depends only on the text and on where card images are served from.
@lru_cache(maxsize=4096)
def _rendered(text: str, script_prefix: str, urlconf: str | None) -> str:
    return render_card_text(text, image_url=_image_url)


def _image_url(name: str) -> str:
    return reverse("card-image", args=[name])
