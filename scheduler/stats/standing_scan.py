"""The learner's introduced states on active cards, counted per domain in one grouped query:
what a DomainStanding row holds, counted from scratch.

scheduler.stats.summary runs it for the domains whose rows are missing or on another basis,
and stores the result (scheduler.standing.store); the answer and the undo then keep the rows
with the same terms computed in Python (scheduler.standing_terms), which must follow this
query exactly. The recall is computed by the database (R = (1 + factor · t / S) ^ decay, the
library's forgetting curve, scheduler.algorithms.fsrs), so no state is fetched into Python.
"""

from datetime import date

from django.db.models import Case, Count, DateField, F, FloatField, Func, Q, Sum, Value, When
from django.db.models.functions import Greatest, Power
from django.db.models.lookups import LessThan

from scheduler import prepared
from scheduler.models import ReviewState
from scheduler.standing_terms import Basis, Terms
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


def count_states(user_id: int, bases: dict[int, Basis]) -> dict[int, Terms]:
    """Terms per domain of the learner's states in the topics of `bases` ({topic id: basis};
    one forgetting curve and target for all), compiled once per shape (scheduler.prepared)."""
    topic_ids = list(bases)
    dates = sorted({basis.on for basis in bases.values()})
    first = bases[topic_ids[0]]
    # One prediction date for every topic, or each topic its own (an enrolment's exam date).
    shape = "one date" if len(dates) == 1 else "per topic"
    rows = prepared.rows(
        ("standing scan", shape),
        lambda values: states_by_domain(values, shape),
        prepared.Values(
            user_id,
            None,
            topic_ids,
            days=dates if len(dates) == 1 else [bases[topic_id].on for topic_id in topic_ids],
            numbers=[first.factor, first.decay, first.target],
        ),
    )
    return {row.pop("domain"): Terms(**row) for row in rows}


def states_by_domain(values: prepared.Values, shape: str):
    """The learner's introduced states on active cards of the topics, counted per domain.

    `values.numbers` are the learner's forgetting curve (factor, decay) and desired retention;
    `values.days` the prediction date, or one per topic in `values.topic_ids`.
    """
    factor, decay, target = values.numbers
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
        )
        .order_by()
    )
