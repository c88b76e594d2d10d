"""A query compiled once gives each learner, day and set of topics its own rows."""

from datetime import timedelta

import pytest
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cards.models import Card, Topic
from scheduler import prepared
from scheduler.models import ReviewLog, ReviewState
from scheduler.services import today_for
from scheduler.write_batch import write_batch
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later

pytestmark = pytest.mark.django_db


def due_by_topic(values: prepared.Values):
    """Each asked-for topic with how many of the learner's cards are due on the day."""
    due = ReviewState.objects.filter(
        user_id=values.user_id, due__lte=values.today, topic_id=OuterRef("pk")
    )
    counted = due.order_by().values("topic_id").annotate(n=Count("pk")).values("n")
    return (
        Topic.objects.filter(pk__in=values.topic_ids)
        .order_by("pk")
        .annotate(due=Coalesce(Subquery(counted), 0))
        .values("pk", "due")
    )


def test_each_learner_day_and_topic_list_gets_its_own_rows_from_the_compiled_query(learner):
    other = UserFactory()
    cards = [CardFactory() for _ in range(3)]
    for card in cards:
        answer(learner, card, 5)  # due tomorrow
    answer(other, cards[0], 5, now=days_later(-3))  # due the day before yesterday
    today = today_for(learner, NOON)
    tomorrow = today + timedelta(days=1)
    topics = [card.topic_id for card in cards]

    asked = [
        prepared.Values(learner.pk, today, topics),
        prepared.Values(learner.pk, tomorrow, topics),
        prepared.Values(other.pk, today, topics),
        prepared.Values(learner.pk, tomorrow, topics[1:]),
        prepared.Values(other.pk, today, topics[:1]),
    ]
    found = [prepared.rows(("test-due",), due_by_topic, values) for values in asked]

    assert found == [list(due_by_topic(values)) for values in asked]
    assert [sum(row["due"] for row in rows) for rows in found] == [0, 3, 1, 2, 1]


def test_a_query_computing_from_its_values_is_refused_not_frozen_for_everyone(learner):
    def due_tomorrow(values: prepared.Values):
        # The day is shifted in Python: compiled once, the first caller's tomorrow would be
        # everyone's.
        tomorrow = values.today + timedelta(days=1)
        return ReviewState.objects.filter(user_id=values.user_id, due=tomorrow).values("pk")

    with pytest.raises(ValueError, match="depend on its values beyond the stand-ins"):
        prepared.rows(
            ("test-tomorrow",), due_tomorrow, prepared.Values(learner.pk, today_for(learner, NOON))
        )


def ease_and_due_window(values: prepared.Values):
    """The learner's cards due between a first day and today, with a memory above a number."""
    (first,), (stability,) = values.days, values.numbers
    return (
        ReviewState.objects.filter(user_id=values.user_id, fsrs_stability__gt=stability)
        .filter(due__gte=first, due__lte=values.today)
        .order_by("card_id")
        .values("card_id")
    )


def test_more_days_and_numbers_are_each_callers_own(learner):
    other = UserFactory()
    cards = [CardFactory() for _ in range(3)]
    for offset, card in enumerate(cards):
        answer(learner, card, 5, now=days_later(-offset))  # due on three days in a row
        answer(other, card, 2 + offset, now=days_later(-2))
    today = today_for(learner, NOON) + timedelta(days=1)
    asked = [
        prepared.Values(learner.pk, today, days=[today], numbers=[1.0]),
        prepared.Values(learner.pk, today, days=[today - timedelta(days=2)], numbers=[1.0]),
        prepared.Values(learner.pk, today, days=[today - timedelta(days=2)], numbers=[1000.0]),
        prepared.Values(other.pk, today, days=[today - timedelta(days=5)], numbers=[2.0]),
    ]

    found = [prepared.rows(("test-window",), ease_and_due_window, values) for values in asked]

    assert found == [list(ease_and_due_window(values)) for values in asked]
    assert [len(rows) for rows in found] == [1, 3, 0, 1]


def test_a_number_converted_on_its_way_to_sql_is_refused(learner):
    def easier_than(values: prepared.Values):
        # easiness is a decimal column: the number reaches SQL rounded, no longer a stand-in.
        return ReviewState.objects.filter(
            user_id=values.user_id, easiness__gt=values.numbers[0]
        ).values("pk")

    with pytest.raises(ValueError, match="must be a parameter"):
        prepared.rows(("test-easier",), easier_than, prepared.Values(learner.pk, numbers=[2.5]))


def answered_since(values: prepared.Values):
    """The learner's answers given at or after a moment."""
    return (
        ReviewLog.objects.filter(user_id=values.user_id, answered_at__gte=values.moments[0])
        .order_by("pk")
        .values("pk")
    )


def test_moments_are_each_callers_own(learner):
    other = UserFactory()
    card = CardFactory()
    answer(learner, card, 5, now=days_later(-3))
    answer(learner, card, 5, now=NOON)
    answer(other, card, 4, now=days_later(-1))
    asked = [
        prepared.Values(learner.pk, moments=[NOON - timedelta(days=4)]),
        prepared.Values(learner.pk, moments=[NOON - timedelta(hours=1)]),
        prepared.Values(learner.pk, moments=[NOON + timedelta(seconds=1)]),
        prepared.Values(other.pk, moments=[NOON - timedelta(days=2)]),
    ]

    found = [prepared.rows(("test-since",), answered_since, values) for values in asked]

    assert found == [list(answered_since(values)) for values in asked]
    assert [len(rows) for rows in found] == [2, 1, 0, 1]


def card_with_state(values: prepared.Values):
    mine = Q(review_states__user_id=values.user_id)
    cards = Card.objects.filter(pk=values.row_id)
    return cards.annotate(my_state=FilteredRelation("review_states", condition=mine))


def test_an_instance_comes_with_its_joined_row_or_none_each_callers_own(learner):
    card, other_card = CardFactory(), CardFactory()
    answer(learner, card, 4)
    other_learner = UserFactory()
    answer(other_learner, card, 5)

    def fetch(user, card):
        return prepared.instance(
            ("card with state",),
            Card,
            card_with_state,
            prepared.Values(user.pk, row_id=card.pk),
            ("section", "domain"),
            joined={"my_state": ReviewState},
        )

    mine, theirs, none_yet = (
        fetch(learner, card),
        fetch(other_learner, card),
        fetch(learner, other_card),
    )

    assert mine == card and mine.section.domain == card.section.domain
    assert mine.my_state == ReviewState.objects.get(user=learner, card=card)
    assert mine.my_state.easiness == ReviewState.objects.get(user=learner, card=card).easiness
    assert theirs.my_state == ReviewState.objects.get(user=other_learner, card=card)
    assert none_yet == other_card and none_yet.my_state is None


def test_a_compiled_querys_column_names_are_read_from_the_database_once(learner, monkeypatch):
    cards = [CardFactory() for _ in range(2)]
    today = today_for(learner, NOON)
    values = prepared.Values(learner.pk, today, [card.topic_id for card in cards])
    first = prepared.rows(("due by topic, columns",), due_by_topic, values)
    described = []
    wrapped = CursorWrapper.__getattr__

    def attribute(cursor, name):
        if name == "description":
            described.append(name)
        return wrapped(cursor, name)

    monkeypatch.setattr(CursorWrapper, "__getattr__", attribute)

    again = prepared.rows(("due by topic, columns",), due_by_topic, values)

    assert again == first == [{"pk": card.topic_id, "due": 0} for card in cards]
    assert described == []


def test_rows_when_run_arrive_when_the_write_batch_ends(learner):
    card = CardFactory()
    answer(learner, card, 5, now=days_later(-3))  # due today
    values = prepared.Values(learner.pk, today_for(learner, NOON), [card.topic_id])
    arrived = []

    with write_batch():
        prepared.rows_when_run(("due by topic",), due_by_topic, values, arrived.extend)
        arrived_in_batch = list(arrived)

    assert arrived_in_batch == []
    assert arrived == [{"pk": card.topic_id, "due": 1}]
    at_once = []
    prepared.rows_when_run(("due by topic",), due_by_topic, values, at_once.extend)
    assert at_once == arrived
