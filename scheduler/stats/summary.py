"""The learner's cards per domain, counted once for readiness, mastery and the predicted score.

One grouped query over the learner's introduced states on active cards: per domain, how many
are seen, learned and mature, and (for the predicted exam score) the sum of their FSRS recall
on the prediction date, how many fall below the desired retention and by how much. The recall
is computed by the database (R = (1 + factor · t / S) ^ decay, the library's forgetting curve,
scheduler.algorithms.fsrs), so no state is fetched into Python: the page pays for one row per
domain, not one per card the learner has seen. The domains carry their active-card counts
(cards.card_counts), so no deck is counted either.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Power
from django.db.models.lookups import LessThan

from cards.models import Domain
from scheduler.models import ReviewState, StudyProfile
from scheduler.stats.measures import LEARNED_REPETITIONS, MATURE_INTERVAL


class DaysSince(Func):
    """Whole days from a date column to a given day (negative when the column is later)."""

    output_field = FloatField()
    template = "CAST((%(expressions)s) AS double precision)"
    arg_joiner = " - "

    def __init__(self, day: date, column: str) -> None:
        super().__init__(Value(day, output_field=DateField()), F(column))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


@dataclass(frozen=True)
class DomainStates:
    seen: int = 0
    learned: int = 0
    mature: int = 0
    # FSRS recall on the prediction date, summed over the seen cards; those below the target
    # and the recall they are missing; and cards whose memory predates FSRS (to be replayed).
    recall_sum: float = 0.0
    weak: int = 0
    missing: float = 0.0
    without_memory: int = 0


@dataclass(frozen=True)
class Summary:
    topic_ids: list[int]
    domains: list[Domain]  # by topic, then number; each with its active_card_count
    # Per topic id, the prediction date: the topic's exam date, or today without one (or once
    # it passed).
    on: dict[int, date]
    target: float  # the desired retention
    by_domain: dict[int, DomainStates] = field(default_factory=dict)

    def states(self, domain_id: int) -> DomainStates:
        return self.by_domain.get(domain_id, DomainStates())


def prediction_date(exam_date: date | None, today: date) -> date:
    return exam_date if exam_date and exam_date >= today else today


def summarise(
    user, topic_ids: list[int], today: date, exam_dates: Mapping[int, date | None] | None = None
) -> Summary:
    """The domains of these topics and the learner's cards per domain, in two queries.

    Each topic's recall is taken on its exam date in `exam_dates` (the enrolment's,
    scheduler.enrolment), the profile's for a topic not in it.
    """
    profile = StudyProfile.for_user(user)
    exam_dates = exam_dates or {}
    on = {
        topic_id: prediction_date(exam_dates.get(topic_id, profile.exam_date), today)
        for topic_id in topic_ids
    }
    target = float(profile.desired_retention)
    domains = list(Domain.objects.filter(topic_id__in=topic_ids).order_by("topic_id", "number"))
    if not topic_ids:
        return Summary([], domains, on, target)
    factor, decay = profile.algorithm_model().forgetting_curve
    has_memory = Q(fsrs_stability__isnull=False, fsrs_reviewed_on__isnull=False)
    dates = set(on.values())
    if len(dates) == 1:
        since = DaysSince(dates.pop(), "fsrs_reviewed_on")
    else:  # topics with their own exam dates: each state's days to its topic's date
        since = Case(
            *(
                When(topic_id=topic_id, then=DaysSince(day, "fsrs_reviewed_on"))
                for topic_id, day in on.items()
            ),
            output_field=FloatField(),
        )
    elapsed = Greatest(since, Value(0.0))
    recall = Case(
        When(
            has_memory,
            then=Power(Value(1.0) + Value(factor) * elapsed / F("fsrs_stability"), Value(decay)),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    below = LessThan(recall, Value(target))
    rows = (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id__in=topic_ids, card__is_active=True)
        .values("card__section__domain")
        .annotate(
            seen=Count("pk"),
            learned=Count("pk", filter=Q(repetitions__gte=LEARNED_REPETITIONS)),
            mature=Count("pk", filter=Q(interval__gte=MATURE_INTERVAL)),
            recall_sum=Sum(recall),
            weak=Count("pk", filter=below),
            missing=Sum(Case(When(below, then=Value(target) - recall), default=Value(0.0))),
            without_memory=Count("pk", filter=~has_memory),
        )
        .order_by()
    )
    by_domain = {row.pop("card__section__domain"): DomainStates(**row) for row in rows}
    return Summary(list(topic_ids), domains, on, target, by_domain)
