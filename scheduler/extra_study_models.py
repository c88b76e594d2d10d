"""Extra study beside the daily queue: cram sessions and today's extra new cards.

Only scheduler.cram and scheduler.extra_study write these. Every query starts from the user.
"""

from django.conf import settings
from django.db import models

from cards.models import Domain, Section, Topic


class CramSessionQuerySet(models.QuerySet):
    def for_user(self, user) -> "CramSessionQuerySet":
        return self.filter(user=user)


class CramSession(models.Model):
    """ "Study now": a domain's or a section's cards, weakest first, outside the schedule.

    Its answers are ReviewLogs of kind cram, which move no ReviewState. The session keeps its
    cards in order and its answers as [card id, quality, log id] in answer order, so what
    comes next is replayed from them (scheduler.cram.remaining) and undo pops the last one.
    Every change increments `version`; a form carries it, so a stale or repeated submission
    is refused like an answer is.
    """

    # No review history lives here (the logs do): the session goes with the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cram_sessions"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=400, help_text="What it covers: a domain or section.")
    started_at = models.DateTimeField()
    cards = models.JSONField(help_text="Card ids, weakest first.")
    answers = models.JSONField(default=list, help_text="[card id, quality, log id], in order.")
    version = models.PositiveIntegerField(default=0)

    objects = CramSessionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"], name="cram_session_latest")]

    def __str__(self) -> str:
        return f"{self.user} · cram {self.title} · {self.started_at:%Y-%m-%d %H:%M}"


class ExtraNewCardsQuerySet(models.QuerySet):
    def for_user(self, user) -> "ExtraNewCardsQuerySet":
        return self.filter(user=user)


class ExtraNewCards(models.Model):
    """New cards allowed on top of the learner's daily limit, in one topic, on one study day.

    The queue (scheduler.queue_counts.count_queues) adds `extra` to the new-card limit on `day`
    only; the next study day the usual limit applies again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extra_new_cards"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(help_text="The learner's study day it applies to.")
    extra = models.PositiveSmallIntegerField()

    objects = ExtraNewCardsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic", "day"], name="extra_new_cards_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.topic_id} · {self.day} · +{self.extra} new"
