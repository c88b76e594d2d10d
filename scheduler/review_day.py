"""The daily roll-up statistics read: one learner's answers in one topic on one study day."""

from django.conf import settings
from django.db import models

from cards.models import Topic


class ReviewDayQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReviewDayQuerySet":
        return self.filter(user=user)


class ReviewDay(models.Model):
    """One learner's answers in one topic on one study day: the daily roll-up statistics read.

    Derived from ReviewLog and kept in step with it by scheduler.rollup, in the transaction of
    every answer and undo (`manage.py backfill_review_days` rebuilds it from the logs). Counts
    leave out undone answers; grades and young/mature split count scheduled answers only.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_days"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(help_text="The learner's study day.")
    answers = models.PositiveIntegerField(default=0, help_text="Re-drills included.")
    new_cards = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    redrills = models.PositiveIntegerField(default=0)
    # Scheduled answers by grade 0..5.
    grade_0 = models.PositiveIntegerField(default=0)
    grade_1 = models.PositiveIntegerField(default=0)
    grade_2 = models.PositiveIntegerField(default=0)
    grade_3 = models.PositiveIntegerField(default=0)
    grade_4 = models.PositiveIntegerField(default=0)
    grade_5 = models.PositiveIntegerField(default=0)
    # Scheduled answers by the card's interval before them (mature from 21 days), and passes.
    young_answered = models.PositiveIntegerField(default=0)
    young_passed = models.PositiveIntegerField(default=0)
    mature_answered = models.PositiveIntegerField(default=0)
    mature_passed = models.PositiveIntegerField(default=0)
    # Extra study, apart from the counts above: cram answers (they move no schedule and no
    # statistic but this one) and scheduled answers given ahead of the due date (also counted
    # in `answers`, `reviews` and the grades like any scheduled answer).
    cram = models.PositiveIntegerField(default=0)
    ahead = models.PositiveIntegerField(default=0)
    # Time studied: the gaps between the day's consecutive answers in the topic, each up to
    # five minutes (a longer one is a break). Time spent stays spent when an answer is undone.
    seconds = models.PositiveIntegerField(default=0)
    last_answer_epoch = models.BigIntegerField(default=0, editable=False)

    objects = ReviewDayQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic", "day"], name="review_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.topic_id} · {self.day}"
