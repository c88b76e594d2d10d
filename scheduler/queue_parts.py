"""The pieces of the queue's queries (scheduler.queue): which of a learner's cards are due,
waiting for a re-drill, new, set aside today or missed in a practice exam, as Q objects and
correlated subqueries over the outer topic, so counting and picking share one definition."""

from datetime import date

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull

from cards.models import Card, Topic
from scheduler.models import ExtraNewCards, PracticeAttempt, ReviewLog, ReviewState
from scheduler.new_card_cursor import cursor_position


def siblings_answered(user, today: date) -> QuerySet:
    """The table rows of the cards the learner answered today, from their states alone."""
    return (
        ReviewState.objects.for_user(user)
        .filter(last_answered_on=today)
        .exclude(sibling="")
        .values("sibling")
    )


def practice_misses(user) -> QuerySet:
    """The learner's practice misses, found through their submitted practice attempts.

    A miss is logged at its attempt's submission time (scheduler.practice_services), so the
    (user, answered_at) index finds the few misses without reading the learner's answers.
    """
    submitted = PracticeAttempt.objects.for_user(user).submitted().order_by().values("submitted_at")
    return ReviewLog.objects.for_user(user).practice_misses().filter(answered_at__in=submitted)


def missed_in_practice(user) -> Q:
    """A practice question on the state's card was missed after its last answer in review.

    The IN list (the states of the learner's missed cards, found through the (user, card)
    index) is computed once per query and takes almost every state out before the correlated
    EXISTS is asked. It lists states, not cards: SQLite then reads those few rows by their
    keys, where with a list of cards it read every state not yet due to test each against it.
    """
    missed_since = practice_misses(user).filter(
        card=OuterRef("card"), answered_at__gt=OuterRef("last_answered_at")
    )
    missed_cards = practice_misses(user).values("card")
    missed_states = ReviewState.objects.for_user(user).filter(card__in=missed_cards)
    return Q(pk__in=missed_states.values("pk")) & Exists(missed_since)


def set_aside_q(today: date, prefix: str = "") -> Q:
    """The learner's own state takes the card out: suspended by them, or buried today.

    Negated, it keeps cards without a state (NULL through a join) in.
    """
    return Q(**{f"{prefix}suspended": True}) | Q(**{f"{prefix}buried_on": today})


def waiting_q(user, today: date) -> Q:
    """An introduced card the learner could review today, whether or not it is due.

    All of it is read from the state: its copies of the card's activity and table row
    (scheduler.card_copies) spare the walk over due states a card lookup each, which was most
    of a heavy learner's queue query on PostgreSQL (0.65 of 1.8 ms for 170 due reviews).
    """
    return (
        Q(introduced_on__isnull=False, card_active=True)
        & ~set_aside_q(today)
        & (Q(last_answered_on__isnull=True) | Q(last_answered_on__lt=today))
        & ~Q(sibling__in=siblings_answered(user, today))
    )


def due_q(user, today: date) -> Q:
    """Due today by its schedule: one range of the (user, topic, due) index."""
    return waiting_q(user, today) & Q(due__lte=today)


def missed_not_due_q(user, today: date) -> Q:
    """Not due by its schedule, but missed in practice since its last answer: due as well."""
    return waiting_q(user, today) & Q(due__gt=today) & missed_in_practice(user)


def redrill_q(today: date) -> Q:
    return Q(redrill=True, last_answered_on=today, card_active=True) & ~set_aside_q(today)


def new_cards(user, today: date) -> QuerySet:
    """Active cards the learner has not introduced nor set aside today.

    The learner's state is asked per card as a scalar subquery (one lookup of the
    (user, card) index), not as NOT EXISTS: PostgreSQL may turn that into an anti join and,
    in a generic plan made with another learner's states in the table, hash every card of
    the deck to find a fresh learner's first new one (4,000 of a 4,000-card deck, in
    tests/scheduler/test_queue_plans.py). Asked per card, the walk in deck order stops at the
    first card it needs.
    """
    return not_introduced(user, today).exclude(sibling__in=siblings_answered(user, today))


def not_introduced(user, today: date) -> QuerySet:
    """new_cards, their rows answered today included."""
    introduced_or_set_aside = ReviewState.objects.for_user(user).filter(
        Q(introduced_on__isnull=False) | set_aside_q(today), card=OuterRef("pk")
    )
    return Card.objects.active().filter(
        IsNull(Subquery(introduced_or_set_aside.values(one=Value(1))[:1]), True)
    )


def scalar_count(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `queryset`, as one column of the outer query."""
    return Coalesce(
        Subquery(queryset.order_by().values("user").annotate(n=Count("pk")).values("n")), 0
    )


def new_heads(user, today: date, at_most: int, room: Expression | None = None) -> Subquery:
    """A correlated count of at most `at_most` new cards of the outer topic, a table row as one.

    Counting stops at what can be shown today (as Anki does), so the cost does not grow with
    the deck: the scan ends at the `at_most`-th card it finds, and on PostgreSQL at `room`
    (the new cards the outer topic can still show today, CountWithin) when that is fewer.

    It walks the deck from its end down to the learner's new-card cursor
    (scheduler.new_card_cursor): learners introduce cards in document order, so the new ones
    are there, while walking from the start first passes every card already introduced (5,000
    for a heavy learner), and a deck with none left is an empty range. A card heads its row
    when no new sibling comes before it.
    """
    # Asked only of a card whose row was not answered today (new_cards), so neither was the
    # sibling's: not asking again saves building the set of rows answered today once more,
    # one card lookup per answer of the day (1.3 ms of the query after 190 answers).
    earlier_new_sibling = not_introduced(user, today).filter(
        topic_id=OuterRef("topic_id"),
        sibling=OuterRef("sibling"),
        position__lt=OuterRef("position"),
    )
    heads = (
        new_cards(user, today)
        .filter(
            topic_id=OuterRef("pk"),
            position__gte=cursor_position(user, OuterRef(OuterRef("pk"))),
        )
        .exclude(~Q(sibling="") & Exists(earlier_new_sibling))
        .order_by("-position")
        .values("pk")[:at_most]
    )
    return CountOf(heads) if room is None else CountWithin(heads, room)


class CountOf(Subquery):
    """The number of rows of a (sliced, correlated) queryset, as one column.

    Counted straight from the derived table: `id IN (the slice)` instead let a generic plan on
    PostgreSQL walk the whole deck's primary key to test each card against the slice (4.5 ms
    for a finished 30,000-card deck, where the slice is empty).
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


class CountWithin(CountOf):
    """CountOf, stopped on PostgreSQL at `room` rows as well, an expression of the outer row.

    New cards and due reviews are counted up to the day's limits, but what is left of a limit
    shrinks with every card answered: a learner who has introduced 180 of 200 new cards needs
    a count of 20, not a walk past 200 (400 cards, each looked up with its sibling: 6 ms of an
    answer's 25 on PostgreSQL with the benchmark's limit). The LIMIT reads the outer row, which
    PostgreSQL allows and SQLite does not ("no such column"): there the count goes on to the
    slice's end, and the caller takes the smaller of the two (scheduler.queue_counts.counts_of).
    """

    template_within = (
        "(SELECT COUNT(*) FROM (SELECT 1 FROM (%(subquery)s) AS walked"
        " LIMIT GREATEST(0, %(room)s)) AS counted)"
    )

    def __init__(self, queryset: QuerySet, room: Expression, **extra) -> None:
        super().__init__(queryset, **extra)
        self.room = room

    def get_source_expressions(self) -> list:
        return [self.query, self.room]

    def set_source_expressions(self, expressions: list) -> None:
        self.query, self.room = expressions

    def as_postgresql(self, compiler, connection, **extra_context):
        room, room_params = compiler.compile(self.room)
        sql, params = self.as_sql(
            compiler, connection, template=self.template_within, room=room, **extra_context
        )
        return sql, (*params, *room_params)


def extra_new_today(user, today: date) -> Coalesce:
    """The new cards the learner added to the outer topic's limit for today (extra study)."""
    extra = ExtraNewCards.objects.for_user(user).filter(topic_id=OuterRef("pk"), day=today)
    return Coalesce(Subquery(extra.values("extra")[:1]), 0)


def count_new_heads(user, today: date, topic_id: int, at_most: int) -> int:
    return (
        Topic.objects.filter(pk=topic_id)
        .annotate(n=new_heads(user, today, at_most))
        .values_list("n", flat=True)
        .get()
    )


def first_new(user, today: date, misses: bool) -> Coalesce | Subquery:
    """The outer topic's next new card: one missed in a practice exam first (for a learner
    who ever missed one, `misses`), else the first in document order (the first new card the
    (topic, is_active, position) index reaches from the learner's new-card cursor on)."""
    new_here = new_cards(user, today).filter(
        topic_id=OuterRef("pk"), position__gte=cursor_position(user, OuterRef(OuterRef("pk")))
    )
    new_here = new_here.order_by("position")
    first_in_order = Subquery(new_here.values("pk")[:1])
    if not misses:
        return first_in_order
    # Found from the few misses, not by testing every new card of the topic.
    missed_new = (
        practice_misses(user)
        .filter(topic_id=OuterRef("pk"))
        .filter(Exists(new_cards(user, today).filter(pk=OuterRef("card"))))
        .order_by("card__position")
        .values("card")
    )
    return Coalesce(Subquery(missed_new[:1]), first_in_order, output_field=BigIntegerField())
