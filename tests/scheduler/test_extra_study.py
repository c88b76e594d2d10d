"""Review ahead (scheduled answers by the normal rules, counted as ahead) and today's extra new
cards (a raise of today's new-card limit in one topic only)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from scheduler import rollup
from scheduler.extra_study import (
    MAX_EXTRA_NEW,
    MAX_EXTRA_NEW_PER_DAY,
    add_extra_new_cards,
    ahead_queue,
    answer_ahead,
    extra_new_today,
)
from scheduler.models import ExtraNewCards, ReviewDay, ReviewLog, ReviewState
from scheduler.queue import build_queue, count_queues
from scheduler.stats import grades
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later, undo

TODAY = NOON.date()


def state_of(user, card) -> ReviewState:
    return ReviewState.objects.for_user(user).get(card=card)


def ahead(user, card, quality, days=7, now=NOON):
    return answer_ahead(
        user=user,
        card=card,
        quality=quality,
        expected_version=state_of(user, card).version,
        days=days,
        now=now,
    )


@pytest.fixture
def learned(learner, deck):
    """Two cards answered Good twice: due 6 days after their second answer."""
    cards = deck(2)
    for card in cards:
        answer(learner, card, 4, now=days_later(-1))
        answer(learner, card, 4)
    return cards


# --- Review ahead ---------------------------------------------------------------------------


def test_review_ahead_moves_sm2_as_a_normal_answer_would(learner, learned):
    card = learned[0]
    assert state_of(learner, card).due == TODAY + timedelta(days=6)
    tomorrow = days_later(1)

    result = ahead(learner, card, 5, now=tomorrow)

    assert result.applied
    state = state_of(learner, card)
    # SM-2 as in DESIGN.md, five days early: third pass, interval 6 × 2.50 = 15, then
    # easiness +0.10 for the 5.
    assert (state.repetitions, state.interval, state.easiness) == (3, 15, Decimal("2.60"))
    assert state.due == TODAY + timedelta(days=1 + 15)
    assert result.log.kind == ReviewLog.Kind.AHEAD


def test_review_ahead_counts_as_ahead_and_as_a_scheduled_review(learner, learned):
    tomorrow = days_later(1)
    ahead(learner, learned[0], 5, now=tomorrow)

    day = ReviewDay.objects.for_user(learner).get(day=TODAY + timedelta(days=1))
    assert (day.answers, day.reviews, day.ahead, day.grade_5, day.cram) == (1, 1, 1, 1, 0)
    figures = grades(learner, learned[0].topic, TODAY + timedelta(days=1))
    assert figures.ahead == 1 and figures.by_quality[5] == 1
    written = model_to_dict(day, exclude=["id"])
    rollup.rebuild(user_ids=[learner.pk])
    rebuilt = ReviewDay.objects.for_user(learner).get(day=TODAY + timedelta(days=1))
    assert model_to_dict(rebuilt, exclude=["id"]) == written


def test_review_ahead_answers_undo_like_any_answer(learner, learned):
    before = model_to_dict(state_of(learner, learned[0]), exclude=["id"])
    tomorrow = days_later(1)
    ahead(learner, learned[0], 2, now=tomorrow)

    result = undo(learner, now=tomorrow)

    assert result.undone and result.log.kind == ReviewLog.Kind.AHEAD
    after = model_to_dict(state_of(learner, learned[0]), exclude=["id"])
    assert {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }
    day = ReviewDay.objects.for_user(learner).get(day=TODAY + timedelta(days=1))
    assert (day.answers, day.ahead) == (0, 0)


def test_a_card_outside_the_window_is_refused(learner, learned):
    result = ahead(learner, learned[0], 4, days=3)  # due in 6 days

    assert not result.applied
    assert result.refusal == "That card is not due in the next 3 days; nothing was counted."
    assert not ReviewLog.objects.for_user(learner).filter(kind="ahead").exists()


def test_a_card_already_due_or_new_is_not_reviewed_ahead(learner, learned, deck):
    overdue = days_later(10)
    new = CardFactory(section=learned[0].section)

    due_now = ahead(learner, learned[0], 4, now=overdue)
    never_seen = answer_ahead(
        user=learner, card=new, quality=4, expected_version=0, days=7, now=NOON
    )

    assert not due_now.applied and not never_seen.applied


def test_a_stale_or_repeated_review_ahead_is_refused(learner, learned):
    version = state_of(learner, learned[0]).version
    kwargs = {
        "user": learner,
        "card": learned[0],
        "quality": 4,
        "expected_version": version,
        "days": 7,
    }

    first = answer_ahead(**kwargs, now=days_later(1))
    again = answer_ahead(**kwargs, now=days_later(1))

    assert first.applied and not again.applied
    assert again.refusal.startswith("That answer was already recorded")
    assert ReviewLog.objects.for_user(learner).filter(kind="ahead").count() == 1


def test_another_learner_cannot_review_my_card_ahead(learner, learned):
    other = UserFactory()

    result = answer_ahead(
        user=other, card=learned[0], quality=4, expected_version=0, days=7, now=days_later(1)
    )

    assert not result.applied
    assert not ReviewState.objects.for_user(other).exists()
    assert state_of(learner, learned[0]).version == 2


@pytest.mark.parametrize("days", [0, 31, -1])
def test_days_ahead_outside_one_to_thirty_is_an_error(learner, learned, days):
    with pytest.raises(ValueError, match="days must be from 1 to 30"):
        ahead(learner, learned[0], 4, days=days)


def test_the_ahead_queue_serves_the_soonest_due_first(learner, learned, deck):
    answer(learner, learned[1], 2, now=days_later(1))  # a lapse: due the day after
    answer(learner, learned[1], 4, now=days_later(1))  # its re-drill

    queue = ahead_queue(
        user=learner, topic_id=learned[0].topic_id, today=TODAY + timedelta(days=2), days=7
    )

    assert (queue.left, queue.card) == (1, learned[0])
    empty = ahead_queue(
        user=learner, topic_id=learned[0].topic_id, today=TODAY + timedelta(days=2), days=3
    )
    assert (empty.left, empty.card) == (0, None)


# --- Extra new cards today ------------------------------------------------------------------


def new_count(user, topic_id, today=TODAY) -> int:
    return count_queues(user=user, profile=user.study_profile, today=today, topic_ids=[topic_id])[
        topic_id
    ].new


def raise_new(user, topic, extra, now=NOON):
    return add_extra_new_cards(
        user=user,
        topic=topic,
        extra=extra,
        expected_extra=extra_new_today(user, topic, user.study_profile.today(now)),
        now=now,
    )


def test_extra_new_cards_raise_only_todays_limit_in_that_topic(learner, deck):
    cards = deck(30)
    other_topic = CardFactory().topic
    CardFactory.create_batch(30, topic=other_topic, section__domain__topic=other_topic)
    learner.study_profile.new_cards_per_day = 5
    topic = cards[0].topic

    assert raise_new(learner, topic, 10).applied

    assert new_count(learner, topic.pk) == 15
    assert new_count(learner, other_topic.pk) == 5
    assert new_count(learner, topic.pk, today=TODAY + timedelta(days=1)) == 5


def test_extra_new_cards_are_introduced_past_the_usual_limit(learner, deck):
    cards = deck(6)
    learner.study_profile.new_cards_per_day = 2
    for card in cards[:2]:
        answer(learner, card, 4)
    topic = cards[0].topic
    assert build_queue(
        user=learner, profile=learner.study_profile, topic_id=topic.pk, today=TODAY
    ).is_empty

    raise_new(learner, topic, 3)

    queue = build_queue(user=learner, profile=learner.study_profile, topic_id=topic.pk, today=TODAY)
    assert queue.card == cards[2] and queue.counts.new == 3


def test_a_repeated_raise_is_refused(learner, deck):
    topic = deck(1)[0].topic
    assert raise_new(learner, topic, 5).applied

    again = add_extra_new_cards(user=learner, topic=topic, extra=5, expected_extra=0, now=NOON)

    assert not again.applied and "today's extra new cards are 5" in again.refusal
    assert ExtraNewCards.objects.for_user(learner).get().extra == 5


def test_raises_add_up_to_a_daily_cap(learner, deck):
    topic = deck(1)[0].topic
    for _ in range(MAX_EXTRA_NEW_PER_DAY // MAX_EXTRA_NEW):
        assert raise_new(learner, topic, MAX_EXTRA_NEW).applied

    result = raise_new(learner, topic, 1)

    assert not result.applied and result.refusal.startswith("At most 1000 extra new cards a day")


@pytest.mark.parametrize("extra", [0, MAX_EXTRA_NEW + 1, -3, True])
def test_an_extra_outside_the_range_is_an_error(learner, deck, extra):
    with pytest.raises(ValueError, match="extra must be a whole number from 1 to 200"):
        add_extra_new_cards(
            user=learner, topic=deck(1)[0].topic, extra=extra, expected_extra=0, now=NOON
        )


def test_one_learners_extra_new_cards_are_not_anothers(learner, deck):
    cards = deck(10)
    other = UserFactory()
    other.study_profile = learner.study_profile.__class__.objects.create(
        user=other, new_cards_per_day=2
    )
    learner.study_profile.new_cards_per_day = 2

    raise_new(learner, cards[0].topic, 5)

    assert new_count(learner, cards[0].topic_id) == 7
    assert new_count(other, cards[0].topic_id) == 2
