"""The learner's cards per domain, counted once for readiness, mastery and the predicted score.

One grouped query over the learner's introduced states on active cards: per domain, how many
are seen, learned and mature, and (for the predicted exam score) the sum of their FSRS recall
on the prediction date, how many fall below the desired retention and by how much. The recall
is computed by the database (R = (1 + factor · t / S) ^ decay, the library's forgetting curve,
scheduler.algorithms.fsrs), so no state is fetched into Python: the page pays for one row per
domain, not one per card the learner has seen. The domains carry their active-card counts
(cards.card_counts), so no deck is counted either. The same scan counts what today's session
did per domain and finds each domain's next due day, for the dashboard.

Both queries are compiled once per process (scheduler.prepared): building them through the
ORM took several times longer than running them.
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
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Power
from django.db.models.lookups import LessThan

from cards.models import Domain
from scheduler import prepared
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
    # Today's session: cards first seen today, cards answered today, and those of them whose
    # first answer today failed (they start over tomorrow).
    new_today: int = 0
    answered_today: int = 0
    again_tomorrow: int = 0
    # The first day after today a card of the domain falls due.
    next_due: date | None = None


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

    def next_due(self, topic_id: int) -> date | None:
        """The topic's next due day after today (its domains' earliest), if any."""
        domains = [domain for domain in self.domains if domain.topic_id == topic_id]
        days = [self.states(domain.pk).next_due for domain in domains]
        return min((day for day in days if day is not None), default=None)


def prediction_date(exam_date: date | None, today: date) -> date:
    return exam_date if exam_date and exam_date >= today else today


def summarise(
    user,
    topic_ids: list[int],
    today: date,
    exam_dates: Mapping[int, date | None] | None = None,
    *,
    session: bool = False,
) -> Summary:
    """The domains of these topics and the learner's cards per domain, in two queries.

    Each topic's recall is taken on its exam date in `exam_dates` (the enrolment's,
    scheduler.enrolment), the profile's for a topic not in it. With `session`, also today's
    answers and the next due day per domain (the dashboard's; they cost a heavy learner's
    scan a little more, so only the page that shows them asks).
    """
    profile = StudyProfile.for_user(user)
    exam_dates = exam_dates or {}
    on = {
        topic_id: prediction_date(exam_dates.get(topic_id, profile.exam_date), today)
        for topic_id in topic_ids
    }
    target = float(profile.desired_retention)
    domains = _domains(topic_ids)
    if not topic_ids:
        return Summary([], domains, on, target)
    factor, decay = profile.algorithm_model().forgetting_curve
    # One prediction date for every topic, or each topic its own (an enrolment's exam date).
    dates = sorted(set(on.values()))
    shape = "one date" if len(dates) == 1 else "per topic"
    rows = prepared.rows(
        ("summary", shape, session),
        lambda values: _states_by_domain(values, shape, session),
        prepared.Values(
            user.pk,
            today,
            list(topic_ids),
            days=dates if len(dates) == 1 else [on[topic_id] for topic_id in topic_ids],
            numbers=[factor, decay, target],
        ),
    )
    by_domain = {row.pop("domain"): DomainStates(**row) for row in rows}
    return Summary(list(topic_ids), domains, on, target, by_domain)


_DOMAIN_FIELDS = tuple(field.attname for field in Domain._meta.concrete_fields)


def _domains(topic_ids: list[int]) -> list[Domain]:
    """The topics' domains, by topic then number, with their active-card counts."""
    if not topic_ids:
        return []
    rows = prepared.rows(
        ("summary domains",),
        lambda values: (
            Domain.objects.filter(topic_id__in=values.topic_ids)
            .order_by("topic_id", "number")
            .values(*_DOMAIN_FIELDS)
        ),
        prepared.Values(topic_ids=list(topic_ids)),
    )
    return [Domain(**row) for row in rows]


def _states_by_domain(values: prepared.Values, shape: str, session: bool = True):
    """The learner's introduced states on active cards of the topics, counted per domain.

    `values.numbers` are the learner's forgetting curve (factor, decay) and desired retention;
    `values.days` the prediction date, or one per topic in `values.topic_ids`.
    """
    factor, decay, target = values.numbers
    today = values.today
    has_memory = Q(fsrs_stability__isnull=False, fsrs_reviewed_on__isnull=False)
    if shape == "one date":
        since = DaysSince(values.days[0], "fsrs_reviewed_on")
    else:  # topics with their own exam dates: each state's days to its topic's date
        since = Case(
            *(
                When(topic_id=topic_id, then=DaysSince(day, "fsrs_reviewed_on"))
                for topic_id, day in zip(values.topic_ids, values.days, strict=True)
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
    # Every card answered today is introduced (its first answer sets introduced_on).
    answered_today = Q(last_answered_on=today)
    session_counts = {
        "new_today": Count("pk", filter=answered_today & Q(introduced_on=today)),
        "answered_today": Count("pk", filter=answered_today),
        "again_tomorrow": Count("pk", filter=answered_today & Q(repetitions=0)),
        "next_due": Min("due", filter=Q(due__gt=today)),
    }
    return (
        ReviewState.objects.filter(user_id=values.user_id)
        .introduced()
        .filter(topic_id__in=values.topic_ids, card__is_active=True)
        .values(domain=F("card__section__domain"))
        .annotate(
            seen=Count("pk"),
            learned=Count("pk", filter=Q(repetitions__gte=LEARNED_REPETITIONS)),
            mature=Count("pk", filter=Q(interval__gte=MATURE_INTERVAL)),
            recall_sum=Sum(recall),
            weak=Count("pk", filter=below),
            missing=Sum(Case(When(below, then=Value(target) - recall), default=Value(0.0))),
            without_memory=Count("pk", filter=~has_memory),
            **(session_counts if session else {}),
        )
        .order_by()
    )
