"""The querysets of ReviewState and ReviewLog: every query of them starts from the user.

The kinds of answers come from the model (`self.model`), so this module imports no model.
"""

from datetime import date, datetime

from django.db import models
from django.db.models import Q

from cards.models import Topic
from scheduler.study_day import earliest_answer_at


class ReviewStateQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReviewStateQuerySet":
        return self.filter(user=user)

    def in_topic(self, topic: Topic) -> "ReviewStateQuerySet":
        return self.filter(topic=topic)

    def introduced(self) -> "ReviewStateQuerySet":
        return self.filter(introduced_on__isnull=False)

    def due(self, today: date) -> "ReviewStateQuerySet":
        return self.introduced().filter(due__lte=today)

    def set_aside(self, today: date) -> "ReviewStateQuerySet":
        """Cards the learner took out of today's queue: suspended by them, or buried today."""
        return self.filter(Q(suspended=True) | Q(buried_on=today))


class ReviewLogQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReviewLogQuerySet":
        return self.filter(user=user)

    def answers(self) -> "ReviewLogQuerySet":
        """Answers to cards, undone or not; not the learner's actions (bury, suspend, …)."""
        return self.filter(kind__in=self.model.ANSWER_KINDS)

    def counted(self) -> "ReviewLogQuerySet":
        """The answers that count: not undone, and neither actions nor practice misses."""
        return self.answers().filter(undone=False)

    def scheduled(self) -> "ReviewLogQuerySet":
        """The answers that moved the schedule: scheduled ones, reviewed ahead or not."""
        return self.filter(kind__in=self.model.SCHEDULED_KINDS)

    def practice_misses(self) -> "ReviewLogQuerySet":
        return self.filter(kind=self.model.Kind.PRACTICE_MISS)

    def undoable(
        self, today: date, topic_id: int | None = None, *, since: datetime | None = None
    ) -> "ReviewLogQuerySet":
        """Today's answers and actions that undo may take back, latest first (in one topic).

        Undo takes back only the first of these; the review page's undo form names it.
        `since` is earliest_answer_at(today), passed in by a compiled query (scheduler.prepared).
        """
        # The lower bound on answered_at lets the (user, answered_at) index read only today's
        # end of the history: without it a learner with no answer yet today had every one of
        # their answers read, newest first, looking for one of today's.
        since = since or earliest_answer_at(today)
        # A practice exam's misses are no answer or action of the review page's to take back;
        # cram answers are taken back on their own cram page (scheduler.cram).
        logs = self.filter(undone=False, study_day=today, answered_at__gte=since).exclude(
            kind__in=(self.model.Kind.PRACTICE_MISS, self.model.Kind.CRAM)
        )
        if topic_id is not None:
            logs = logs.filter(topic_id=topic_id)
        return logs.order_by("-answered_at", "-pk")
