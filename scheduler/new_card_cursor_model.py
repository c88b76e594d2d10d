"""Where one learner's new cards in one topic begin (scheduler.new_card_cursor keeps it)."""

from django.conf import settings
from django.db import models

from cards.models import Topic


class NewCardCursor(models.Model):
    """Every active card of the topic before `position` is introduced or suspended by the learner.

    Those cards are new to them never again (unless an undo, an unsuspend or an editor says so,
    and each of those lowers the cursor), so the queue looks for new cards from `position` on
    and a finished deck costs no more than a fresh one. Derived, not history: no row means 0,
    the whole deck, and deleting the learner deletes their rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Its index serves the editors' and imports' topic-wide lowering.
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    # Bumped by every lowering: an advance worked out before one (PostgreSQL runs them side by
    # side) is dropped rather than written over it (scheduler.new_card_cursor.advance).
    lowered = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="new_card_cursor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · topic {self.topic_id} · from {self.position}"
