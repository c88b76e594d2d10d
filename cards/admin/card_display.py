"""What the card admin's change page shows but does not edit: the card's status, its quality
flags, a preview as learners see it, its table siblings and a conflicting fixture's new text."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from cards import editing
from cards.fixture import CONTENT_FIELDS
from cards.models import Card
from cards.sources.quality import DROPPING


class CardDisplayFields:
    """Read-only fields of CardAdmin, each a method the admin lists in readonly_fields."""

    @admin.display(description="status")
    def status(self, card: Card) -> str:
        if card.retired_at:
            state = f"retired on {timezone.localdate(card.retired_at):%Y-%m-%d}"
        else:
            state = "active" if card.is_active else "suspended"
        edited = "edited here" if card.locally_edited else "as imported"
        conflict = ", conflicts with its fixture" if card.conflict else ""
        return f"{state}, {edited}{conflict}"

    @admin.display(description="why it is flagged")
    def quality(self, card: Card) -> SafeString | str:
        """Each open flag and its reason; editing the card or "This is fine" clears them."""
        if not card.open_quality_flags:
            dismissed = ", ".join(card.dismissed_flags)
            return f"No open flags (dealt with: {dismissed})." if dismissed else "No open flags."
        return format_html(
            '<ul class="quality-flags">{}</ul>',
            format_html_join(
                "",
                "<li><strong>{}</strong> ({}): {}</li>",
                (
                    (
                        flag["name"],
                        "keeps it from learners" if flag["name"] in DROPPING else "kept",
                        flag["why"],
                    )
                    for flag in card.open_quality_flags
                ),
            ),
        )

    @admin.display(description="")
    def preview(self, card: Card) -> SafeString:
        """Front and back from the review page's own partials, each in a frame that loads the
        site's stylesheet, so the card looks exactly as learners see it and the admin's styles
        do not leak in."""
        sides = []
        for face in ("front", "back"):
            html = render_to_string(f"scheduler/review.html#card_{face}", {"card": card})
            document = render_to_string(
                "admin/cards/card/preview.html", {"card": card, "face": face, "face_html": html}
            )
            # escape(), not conditional escaping: the rendered document is marked safe HTML,
            # but inside the attribute it must be text.
            sides.append((face.capitalize(), face, escape(document)))
        return format_html_join(
            "",
            '<div class="card-preview-side"><h4>{}</h4><iframe class="card-preview-frame" '
            'data-face="{}" title="Preview" sandbox="allow-same-origin" srcdoc="{}">'
            "</iframe></div>",
            sides,
        )

    @admin.display(description="siblings (the other cells of its table row)")
    def siblings(self, card: Card) -> SafeString | str:
        if not card.sibling:
            return "—"  # Not a table card.
        others = list(
            Card.objects.filter(topic_id=card.topic_id, sibling=card.sibling)
            .exclude(pk=card.pk)
            .order_by("position")
        )
        if not others:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}{}</li>',
                (
                    (
                        reverse("admin:cards_card_change", args=[other.pk]),
                        other.key,
                        other.prompt,
                        "" if other.is_active else " (inactive)",
                    )
                    for other in others
                ),
            ),
        )

    @admin.display(description="current text and the fixture's new version")
    def incoming_comparison(self, card: Card) -> SafeString | str:
        if not card.incoming:
            return "—"
        current = editing.card_content(card)
        rows = (
            (
                "changed" if current[name] != card.incoming.get(name) else "same",
                name,
                _shown(current[name]),
                _shown(card.incoming.get(name)),
            )
            for name in CONTENT_FIELDS
        )
        return format_html(
            '<table class="conflict"><thead><tr><th>field</th><th>current (edited here)</th>'
            "<th>the fixture's new version</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join("", '<tr class="{}"><th>{}</th><td>{}</td><td>{}</td></tr>', rows),
        )


def _shown(value) -> str:
    if isinstance(value, dict):
        if not value:
            return "—"
        return " | ".join(value.get("row", [])) + f" (hidden column {value.get('hidden')})"
    return value or "—"
