"""The topics a learner studies: an Enrolment per (learner, topic), with its own exam date and
limits, and the StudyPlan that resolves them against the profile's defaults.

Only scheduler.enrolment_services writes an Enrolment (enrol, leave, change its settings).
Leaving keeps the row (left_at set) and every ReviewState and ReviewLog: the topic only drops
off the dashboard and its queue; enrolling again takes the same history back up.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FilteredRelation, Q, QuerySet

from cards.models import Topic
from scheduler.study_profile import StudyProfile


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user) -> "EnrolmentQuerySet":
        return self.filter(user=user)

    def current(self) -> "EnrolmentQuerySet":
        """The topics the learner studies now (not left)."""
        return self.filter(left_at__isnull=True)


class Enrolment(models.Model):
    """A topic a learner studies. Null exam date, limits or threshold: the profile's."""

    # Settings, not history: they go with the account (the history is ReviewState/ReviewLog).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True, help_text="Set while the topic is left.")
    exam_date = models.DateField(null=True, blank=True)
    new_cards_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    reviews_per_day = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    leech_threshold = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # Every change increments it; the enrol, leave and settings forms carry the version they
    # were rendered with, so a stale or repeated submission is refused (as answers are).
    version = models.PositiveIntegerField(default=0)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="enrolment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.topic}" + (" (left)" if self.left_at else "")

    @property
    def active(self) -> bool:
        return self.left_at is None


# The enrolment's fields as annotations of a Topic (or Card) row: with_enrolment() below.
_FIELDS = (
    "id",
    "left_at",
    "version",
    "exam_date",
    "new_cards_per_day",
    "reviews_per_day",
    "leech_threshold",
)
# The columns with_enrolment() adds.
ENROLMENT_COLUMNS = tuple(f"enrolment_{name}" for name in _FIELDS)


def with_enrolment(queryset: QuerySet, user, *, through: str = "") -> QuerySet:
    """Annotate each row with the learner's enrolment in its topic, in the same query.

    One LEFT JOIN (unique per learner and topic), so a view that fetches the topic, or the
    card with its topic, learns the learner's plan for it without a query of its own.
    `through` is the path to the topic ("topic__" from a Card).
    """
    relation = f"{through}enrolments"
    queryset = queryset.annotate(
        my_enrolment=FilteredRelation(relation, condition=Q(**{f"{relation}__user": user}))
    )
    return queryset.annotate(
        **{f"enrolment_{name}": F(f"my_enrolment__{name}") for name in _FIELDS}
    )


@dataclass(frozen=True)
class StudyPlan:
    """What the queue, pacing and readiness use for one topic: the enrolment's own exam date,
    limits and leech threshold where it sets them, the profile's otherwise."""

    topic_id: int
    enrolled: bool
    # The Enrolment's id and version (None, 0 before the first enrolment): the forms carry them.
    enrolment_id: int | None
    version: int
    exam_date: date | None
    new_cards_per_day: int
    reviews_per_day: int
    leech_threshold: int

    @classmethod
    def of(cls, profile: StudyProfile, topic_id: int, row=None) -> "StudyPlan":
        """The plan from a row annotated by with_enrolment() (None: never enrolled)."""
        own = {name: getattr(row, f"enrolment_{name}", None) for name in _FIELDS}
        return cls._resolve(profile, topic_id, own)

    @classmethod
    def of_enrolment(cls, profile: StudyProfile, enrolment: Enrolment) -> "StudyPlan":
        own = {name: getattr(enrolment, name) for name in _FIELDS}
        return cls._resolve(profile, enrolment.topic_id, own)

    @classmethod
    def _resolve(cls, profile: StudyProfile, topic_id: int, own: dict) -> "StudyPlan":
        def either(name: str):
            return getattr(profile, name) if own[name] is None else own[name]

        return cls(
            topic_id=topic_id,
            enrolled=own["id"] is not None and own["left_at"] is None,
            enrolment_id=own["id"],
            version=own["version"] or 0,
            exam_date=either("exam_date"),
            new_cards_per_day=either("new_cards_per_day"),
            reviews_per_day=either("reviews_per_day"),
            leech_threshold=either("leech_threshold"),
        )


def plans_for(
    user, profile: StudyProfile, topic_ids: list[int] | None = None
) -> dict[int, StudyPlan]:
    """Every topic's plan (or these topics'), in one query."""
    topics = with_enrolment(Topic.objects.order_by(), user)
    if topic_ids is not None:
        topics = topics.filter(pk__in=topic_ids)
    return {topic.pk: StudyPlan.of(profile, topic.pk, topic) for topic in topics}


def plan_for(user, profile: StudyProfile, topic_id: int) -> StudyPlan:
    """One topic's plan, in one query."""
    return plans_for(user, profile, [topic_id]).get(topic_id) or StudyPlan.of(profile, topic_id)
