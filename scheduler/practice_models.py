"""Practice exams and quick quizzes: an attempt, its questions and the learner's choices.

Only scheduler.practice_services writes these. The deadline is the server's: the page's clock
only shows it, and an answer after it is refused. Every query starts from the user.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cards.models import Card, Domain, Topic


class PracticeAttemptQuerySet(models.QuerySet):
    def for_user(self, user) -> "PracticeAttemptQuerySet":
        return self.filter(user=user)

    def submitted(self) -> "PracticeAttemptQuerySet":
        return self.filter(submitted_at__isnull=False)


class PracticeAttempt(models.Model):
    class Kind(models.TextChoices):
        EXAM = "exam", "Mock exam"
        QUIZ = "quiz", "Quick quiz"

    # Practice is the learner's own and holds no review history: it goes with the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_attempts"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind)
    title = models.CharField(max_length=400, help_text="What it covers, e.g. a domain's title.")
    seed = models.BigIntegerField()
    started_at = models.DateTimeField()
    # Null for an untimed quiz. After it, answers are refused and the attempt counts as over.
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The format it was taken in, so its result reads the same after the topic's format changes.
    score_min = models.PositiveSmallIntegerField()
    score_max = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    scaled_score = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = PracticeAttemptQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "topic", "started_at"], name="practice_latest")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def passed(self) -> bool | None:
        return None if self.scaled_score is None else self.scaled_score >= self.pass_mark

    def is_open(self, now) -> bool:
        """Answers are still taken: not submitted and (if timed) before the deadline."""
        return self.submitted_at is None and (self.deadline is None or now < self.deadline)


class PracticeQuestion(models.Model):
    attempt = models.ForeignKey(PracticeAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(help_text="1-based, in the order asked.")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    # The card's domain when the question was asked: per-domain results read it.
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    prompt = models.TextField()
    options = models.JSONField()
    correct = models.JSONField(help_text="Indexes into options.")
    chosen = models.JSONField(default=list, blank=True)
    flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="practice_question_position"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="practice_position_1"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.position}"

    @property
    def answered(self) -> bool:
        return bool(self.chosen)

    @property
    def is_correct(self) -> bool:
        return sorted(self.chosen) == sorted(self.correct)

    @property
    def picks(self) -> int:
        return len(self.correct)
