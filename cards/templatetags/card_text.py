"""``{{ card.prompt|card_text }}``: card text rendered by cards.rendering (sanitised HTML)."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cards.rendering import render_card_text

register = template.Library()


@register.filter
def card_text(value: object) -> SafeString:
    # Safe to mark: render_card_text escapes the text and nh3 allows only the subset's tags.
    return mark_safe(render_card_text(str(value or ""), image_url=_image_url))  # noqa: S308


def _image_url(name: str) -> str:
    return reverse("card-image", args=[name])
