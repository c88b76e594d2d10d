"""The learning: each learner's state per card and the log of answers (settings: study_profile).

Only scheduler.services writes ReviewState and ReviewLog (answer_card, undo_last_answer).
Every query starts from the user: `ReviewState.objects.for_user(user)...`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from cards.models import Card, Topic
from scheduler import algorithms
from scheduler.algorithms import fsrs, sm2
from scheduler.learning_queries import ReviewLogQuerySet, ReviewStateQuerySet

# The settings model lives in its own module; the names stay importable from here (migrations
# refer to scheduler.models.validate_time_zone and default_time_zone).
from scheduler.study_profile import (
    MAX_RETENTION,
    MIN_RETENTION,
    StudyProfile,
    default_time_zone,
    validate_time_zone,
)


class ReviewState(models.Model):
    """One learner's SM-2 state for one card. Created by the first answer to the card."""

    # A learner's history goes only through delete_account_and_data (which says what it
    # deletes); a script's user.delete() raises ProtectedError instead of cascading it away.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_states"
    )
    # Cards are never deleted while anyone has history with them.
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="review_states")
    # Copied from the card so "this user's due cards in this topic" is one index range.
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    # The card's table row (Card.sibling), copied so the rows answered today, which the queue
    # keeps out, are read from today's states alone: through the cards, one card lookup per
    # answer, 10.6 against 4.8 ms of the queue's query 190 answers into a day. Kept equal to
    # the card's by the write paths that create states and when cards change rows
    # (scheduler.card_copies).
    sibling = models.CharField(max_length=80, blank=True, default="")
    # Whether the card is studied (Card.is_active), copied for the same reason: the queue
    # counts a heavy learner's due reviews from their states alone, where looking up each
    # one's card was most of the query (scheduler.card_copies keeps it equal).
    card_active = models.BooleanField(default=True)
    repetitions = models.PositiveIntegerField(default=0)
    easiness = models.DecimalField(max_digits=4, decimal_places=2, default=sm2.INITIAL_EASINESS)
    interval = models.PositiveIntegerField(default=0, help_text="Days.")
    due = models.DateField(null=True, blank=True, help_text="A date in the learner's study day.")
    lapses = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    redrill = models.BooleanField(
        default=False, help_text="Answered below Good today: comes back in the same session."
    )
    # Null after the card's only answer was undone: the card is new again.
    introduced_on = models.DateField(null=True, blank=True)
    last_answered_on = models.DateField(null=True, blank=True)
    last_answered_at = models.DateTimeField(null=True, blank=True)
    # The learner's own actions on the card (scheduler.services): they touch nobody else.
    buried_on = models.DateField(
        null=True, blank=True, help_text="Buried on this study day: back the day after."
    )
    suspended = models.BooleanField(default=False, help_text="Suspended by this learner.")
    leech = models.BooleanField(default=False, help_text="Suspended after too many failures.")
    marked = models.BooleanField(default=False)
    flag = models.PositiveSmallIntegerField(
        default=0, choices=[(0, "No flag"), (1, "Red"), (2, "Orange"), (3, "Green"), (4, "Blue")]
    )
    # Every change increments it; a form carries the version it was rendered with, so a stale
    # or repeated submission is refused instead of counted twice.
    version = models.PositiveIntegerField(default=0)
    # SM-2's own interval. `interval` above is the one the learner's algorithm scheduled (the
    # same number under SM-2); null on states written before FSRS existed, where they agree.
    sm2_interval = models.PositiveIntegerField(null=True, blank=True)
    # The FSRS memory, advanced by every scheduled answer whatever the learner's algorithm;
    # null until the first one (or until a switch to FSRS replays the history).
    fsrs_stability = models.FloatField(null=True, blank=True)
    fsrs_difficulty = models.FloatField(null=True, blank=True)
    fsrs_reviewed_on = models.DateField(null=True, blank=True)

    objects = ReviewStateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "card"], name="review_state_unique"),
            models.CheckConstraint(
                condition=Q(easiness__gte=sm2.MIN_EASINESS), name="review_state_easiness_floor"
            ),
            # The first answer sets both, undoing it clears both: so a due date alone says
            # "introduced", and the statistics' forecast counts from the due index alone.
            models.CheckConstraint(
                condition=Q(due__isnull=True) | Q(introduced_on__isnull=False),
                name="review_state_due_when_introduced",
            ),
        ]
        indexes = [
            # Ending with the id: the queue's next review, most overdue first and then in the
            # order the cards were introduced, is the first studiable entry of this index.
            models.Index(fields=["user", "topic", "due", "id"], name="review_state_due"),
            # Today's answers: re-drills, siblings kept out, the session's and dashboard's counts.
            # The topic last, so "today's answers in this topic" pins three columns here and
            # only two of review_state_due: SQLite, without statistics, picks by that count
            # (tests/scheduler/test_queue_plans_sqlite.py).
            models.Index(
                fields=["user", "last_answered_on", "topic"], name="review_state_answered_on"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.card.key}"

    @classmethod
    def first_of(cls, user, card: Card) -> "ReviewState":
        """The learner's state of `card` before anything happened to it (unsaved), with the
        card's fields a state copies."""
        return cls(
            user=user,
            card=card,
            topic_id=card.topic_id,
            sibling=card.sibling,
            card_active=card.is_active,
        )

    @property
    def sm2_state(self) -> sm2.SM2State:
        interval = self.interval if self.sm2_interval is None else self.sm2_interval
        return sm2.SM2State(
            repetitions=self.repetitions, easiness=Decimal(self.easiness), interval=interval
        )

    @property
    def fsrs_state(self) -> fsrs.FSRSState:
        return fsrs.FSRSState(self.fsrs_stability, self.fsrs_difficulty, self.fsrs_reviewed_on)

    @property
    def memory(self) -> algorithms.Memory:
        return algorithms.Memory(self.sm2_state, self.fsrs_state)

    def remember(self, memory: algorithms.Memory) -> None:
        """Store both memory models (unsaved)."""
        self.repetitions = memory.sm2.repetitions
        self.easiness = memory.sm2.easiness
        self.sm2_interval = memory.sm2.interval
        self.fsrs_stability = memory.fsrs.stability
        self.fsrs_difficulty = memory.fsrs.difficulty
        self.fsrs_reviewed_on = memory.fsrs.last_review


class ReviewLog(models.Model):
    """Append-only: one row per answer or action. Undo marks a row undone; nothing deletes one.

    The learner's actions on a card (bury, suspend, mark, flag) are logged like answers, with
    the state before them and no quality, so `u` takes them back the same way.
    """

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        REDRILL = "redrill", "Same-day re-drill"
        # A practice question on the card was missed: the card comes back in the next review
        # (scheduler.queue) while its SM-2 state stays exactly as it was.
        PRACTICE_MISS = "practice", "Missed in practice"
        BURY = "bury", "Buried"
        SUSPEND = "suspend", "Suspended"
        UNSUSPEND = "unsuspend", "Unsuspended"
        MARK = "mark", "Marked or unmarked"
        FLAG = "flag", "Flagged"
        # Extra study (scheduler.cram, scheduler.extra_study): a cram answer is logged with its
        # grade but moves no schedule (before = after); a review-ahead answer is a scheduled
        # one given before the card fell due, counted apart in the statistics.
        CRAM = "cram", "Crammed, schedule unchanged"
        AHEAD = "ahead", "Reviewed ahead"

    ANSWER_KINDS = (Kind.SCHEDULED, Kind.REDRILL, Kind.AHEAD)
    # The answers that moved the schedule as the day's first answer to a card.
    SCHEDULED_KINDS = (Kind.SCHEDULED, Kind.AHEAD)

    # PROTECT, like ReviewState.user: see delete_account_and_data. No index of their own: every
    # query starts from the user, and the composite indexes below lead with it (cards and topics
    # are never deleted, so nothing looks logs up by card or topic alone).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_logs",
        db_index=False,
    )
    card = models.ForeignKey(
        Card, on_delete=models.PROTECT, related_name="review_logs", db_index=False
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+", db_index=False)
    # None for an action (bury, suspend, …): it is no answer.
    quality = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    answered_at = models.DateTimeField()
    study_day = models.DateField(help_text="The learner's study day when they answered.")
    kind = models.CharField(max_length=10, choices=Kind)
    # The whole ReviewState before (scheduler.state_snapshots), so undo restores it exactly: one
    # typed column per state field. Null where the state had no value, where there was no state
    # (a practice miss on a card never answered), or in a log older than the field.
    repetitions_before = models.PositiveSmallIntegerField(null=True)
    easiness_before = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    interval_before = models.PositiveIntegerField()
    due_before = models.DateField(null=True)
    lapses_before = models.PositiveSmallIntegerField(null=True)
    reviews_before = models.PositiveIntegerField(null=True)
    redrill_before = models.BooleanField(null=True)
    introduced_on_before = models.DateField(null=True)
    last_answered_on_before = models.DateField(null=True)
    last_answered_at_before = models.DateTimeField(null=True)
    buried_on_before = models.DateField(null=True)
    suspended_before = models.BooleanField(null=True)
    leech_before = models.BooleanField(null=True)
    marked_before = models.BooleanField(null=True)
    flag_before = models.PositiveSmallIntegerField(null=True)
    version_before = models.PositiveIntegerField(null=True)
    sm2_interval_before = models.PositiveIntegerField(null=True)
    fsrs_stability_before = models.FloatField(null=True)
    fsrs_difficulty_before = models.FloatField(null=True)
    fsrs_reviewed_on_before = models.DateField(null=True)
    # Of the state after, what statistics and exports read; the rest is the next log's before,
    # or the ReviewState itself for the latest one.
    interval_after = models.PositiveIntegerField()
    repetitions_after = models.PositiveSmallIntegerField(null=True)
    easiness_after = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    leech_after = models.BooleanField(default=False)
    undone = models.BooleanField(default=False)

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        # Only indexes a query uses (tests/scheduler/test_review_log.py holds the list).
        indexes = [
            # Today's session, undo in a topic, readiness, the Anki export, the roll-up's rebuild.
            models.Index(fields=["user", "topic", "study_day"], name="review_log_day"),
            # Latest first or oldest first across topics: the statistics' topic, the median
            # answer time, undo from the card browser, FSRS replays, the personal export.
            models.Index(fields=["user", "answered_at"], name="review_log_latest"),
            # A card's history in the card browser, practice misses in the queue.
            models.Index(fields=["user", "card"], name="review_log_card"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quality__lte=5), name="review_log_quality_0_5")
        ]

    def __str__(self) -> str:
        what = self.get_kind_display() if self.quality is None else f"q{self.quality}"
        return f"{self.user} · {self.card.key} · {what} · {self.answered_at:%Y-%m-%d}"


# Enrolments, extra study, the daily roll-ups, practice attempts and new-card cursors live in
# their own modules; imported here so Django registers them.
from scheduler.domain_day import DomainDay  # noqa: E402
from scheduler.domain_standing import DomainStanding  # noqa: E402
from scheduler.enrolment import Enrolment  # noqa: E402
from scheduler.extra_study_models import CramSession, ExtraNewCards  # noqa: E402
from scheduler.new_card_cursor_model import NewCardCursor  # noqa: E402
from scheduler.practice_models import PracticeAttempt, PracticeQuestion  # noqa: E402
from scheduler.review_day import ReviewDay  # noqa: E402

__all__ = [
    "MAX_RETENTION",
    "DomainDay",
    "DomainStanding",
    "Enrolment",
    "CramSession",
    "ExtraNewCards",
    "MIN_RETENTION",
    "NewCardCursor",
    "PracticeAttempt",
    "PracticeQuestion",
    "ReviewDay",
    "ReviewLog",
    "ReviewState",
    "StudyProfile",
    "default_time_zone",
    "validate_time_zone",
]
