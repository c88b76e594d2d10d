"""A query compiled once gives each learner, day and set of topics its own rows."""

from datetime import timedelta

import pytest
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cards.models import Topic
from scheduler import prepared
from scheduler.models import ReviewLog, ReviewState
from scheduler.services import today_for
from scheduler.study_day import earliest_answer_at
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


def test_a_moment_is_filled_in_like_the_day(learner):
    card = CardFactory()
    answer(learner, card, 5, now=days_later(-2))
    answer(learner, card, 5)

    def answered_since(values: prepared.Values):
        logs = ReviewLog.objects.for_user(values.user_id).filter(answered_at__gte=values.since)
        return logs.order_by("answered_at").values("study_day")

    def days_since(day):
        values = prepared.Values(learner.pk, since=earliest_answer_at(day))
        return [row["study_day"] for row in prepared.rows(("test-since",), answered_since, values)]

    today = today_for(learner, NOON)
    assert days_since(today) == [today]
    assert days_since(today - timedelta(days=2)) == [today - timedelta(days=2), today]
