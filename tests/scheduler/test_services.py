from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from cards.editing import suspend_cards
from cards.models import Card
from scheduler.enrolment import plan_for
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue
from scheduler.services import (
    AccountData,
    answer_card,
    delete_account_and_data,
    undo_last_answer,
)
from scheduler.state_snapshots import STATE_FIELDS
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later, latest_answer, undo

TODAY = date(2026, 11, 26)


def state_of(user, card) -> ReviewState:
    return ReviewState.objects.for_user(user).get(card=card)


def test_first_answer_applies_sm2_and_schedules_from_the_study_day(learner, deck):
    (card,) = deck(1)

    result = answer(learner, card, 4)

    assert result.applied
    state = state_of(learner, card)
    assert (state.repetitions, state.easiness, state.interval) == (1, Decimal("2.50"), 1)
    assert state.due == date(2026, 11, 27)
    assert state.introduced_on == TODAY
    assert state.version == 1
    assert not state.redrill
    log = ReviewLog.objects.for_user(learner).get()
    assert (log.quality, log.kind, log.study_day) == (4, "scheduled", TODAY)
    assert log.version_before == 0
    assert log.interval_after == 1


def test_an_answer_before_the_day_starts_belongs_to_the_previous_study_day(learner, deck):
    (card,) = deck(1)

    answer(learner, card, 5, now=datetime(2026, 11, 27, 3, 30, tzinfo=UTC))

    assert state_of(learner, card).introduced_on == TODAY
    assert state_of(learner, card).due == date(2026, 11, 27)


def test_failed_card_returns_same_day_until_good(learner, deck):
    (card,) = deck(1)

    first = answer(learner, card, 2)
    assert first.next.card == card
    assert state_of(learner, card).redrill

    again = answer(learner, card, 3)  # Hard is still below Good
    assert again.next.card == card

    good = answer(learner, card, 4)
    assert good.next.card is None
    assert not state_of(learner, card).redrill


def test_only_the_first_answer_of_the_day_moves_the_sm2_state(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 2)
    after_first = state_of(learner, card)

    answer(learner, card, 5)

    state = state_of(learner, card)
    assert (state.repetitions, state.easiness, state.interval, state.due) == (
        after_first.repetitions,
        after_first.easiness,
        after_first.interval,
        after_first.due,
    )
    assert state.reviews == 2
    kinds = list(ReviewLog.objects.for_user(learner).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["scheduled", "redrill"]


def test_the_next_study_days_answer_is_scheduled_again(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)  # interval 1, due tomorrow

    answer(learner, card, 4, now=days_later(1))

    state = state_of(learner, card)
    assert (state.repetitions, state.interval, state.due) == (2, 6, date(2026, 12, 3))


def test_a_lapse_is_counted_when_a_learned_card_is_failed(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5)
    answer(learner, card, 5, now=days_later(1))

    answer(learner, card, 1, now=days_later(7))

    state = state_of(learner, card)
    assert (state.lapses, state.repetitions, state.interval) == (1, 0, 1)


def test_a_stale_version_is_refused_and_changes_nothing(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)
    before = state_of(learner, card)

    result = answer_card(user=learner, card=card, quality=5, expected_version=0, now=NOON)

    assert not result.applied
    assert "already recorded" in result.refusal
    assert state_of(learner, card).version == before.version
    assert ReviewLog.objects.for_user(learner).count() == 1


def test_an_answer_from_a_state_read_before_another_answer_is_refused_and_changes_nothing(
    learner, deck
):
    (card,) = deck(1)
    answer(learner, card, 4)
    read_with_the_card = state_of(learner, card)  # the form read it, version 1...
    answer(learner, card, 5, now=days_later(1))  # ...then another tab answered

    result = answer_card(
        user=learner,
        card=card,
        quality=2,
        expected_version=1,
        now=days_later(1),
        state=read_with_the_card,
    )

    assert not result.applied
    assert "already recorded" in result.refusal
    assert state_of(learner, card).version == 2
    assert ReviewLog.objects.for_user(learner).count() == 2


def test_a_first_answer_read_as_new_after_another_first_answer_is_refused(learner, deck):
    (card,) = deck(1)
    # The form found no state; another tab's first answer then created it.
    answer(learner, card, 4)

    result = answer_card(
        user=learner, card=card, quality=2, expected_version=0, now=NOON, state=None
    )

    assert not result.applied
    assert (state_of(learner, card).version, state_of(learner, card).repetitions) == (1, 1)
    assert ReviewLog.objects.for_user(learner).count() == 1


def test_an_answer_with_the_state_read_with_the_card_is_applied_as_one_read_here(learner, deck):
    cards = deck(2)
    for card in cards:
        answer(learner, card, 4)
    read_with_the_card = state_of(learner, cards[0])

    mine = answer_card(
        user=learner,
        card=cards[0],
        quality=5,
        expected_version=1,
        now=days_later(1),
        state=read_with_the_card,
    )
    read_here = answer_card(
        user=learner, card=cards[1], quality=5, expected_version=1, now=days_later(1)
    )

    assert mine.applied and read_here.applied
    first, second = (state_of(learner, card) for card in cards)
    assert [getattr(first, f) for f in STATE_FIELDS] == [getattr(second, f) for f in STATE_FIELDS]


def test_a_repeated_submission_counts_once(learner, deck):
    (card, _) = deck(2)

    results = [
        answer_card(user=learner, card=card, quality=4, expected_version=0, now=NOON)
        for _ in range(3)
    ]

    assert [r.applied for r in results] == [True, False, False]
    assert ReviewLog.objects.for_user(learner).count() == 1
    # The refused submissions still say what to show: the current next card.
    assert results[2].next.card == results[0].next.card


@pytest.mark.parametrize("quality", [-1, 6, 4.0, "4", True, None])
def test_a_quality_outside_0_to_5_is_an_error_and_writes_nothing(learner, deck, quality):
    (card,) = deck(1)

    with pytest.raises(ValueError, match="0 to 5"):
        answer_card(user=learner, card=card, quality=quality, expected_version=0, now=NOON)

    assert not ReviewState.objects.exists()
    assert not ReviewLog.objects.exists()


def test_a_retired_card_cannot_be_answered(learner, deck):
    (card,) = deck(1)
    card.is_active = False
    card.retired_at = NOON  # as an import retires a card that left its fixture
    card.save()

    result = answer(learner, card, 4)

    assert not result.applied
    assert "retired: it is no longer in its topic" in result.refusal
    assert not ReviewLog.objects.exists()


def test_answering_a_suspended_card_says_it_was_suspended_not_answered(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)
    suspend_cards(Card.objects.filter(pk=card.pk))
    card.refresh_from_db()

    result = answer_card(user=learner, card=card, quality=4, expected_version=0, now=NOON)

    assert not result.applied
    assert result.refusal == "This card was suspended by an editor; your answer was not counted."
    assert ReviewLog.objects.count() == 1


def test_undo_restores_the_state_exactly_and_marks_the_log_undone(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5)
    answer(learner, card, 5, now=days_later(1))
    before = state_of(learner, card)
    answer(learner, card, 1, now=days_later(7))

    result = undo(learner, now=days_later(7))

    assert result.undone
    assert result.card == card
    state = state_of(learner, card)
    for field in ("repetitions", "easiness", "interval", "due", "lapses", "reviews", "redrill"):
        assert getattr(state, field) == getattr(before, field), field
    assert state.version == before.version + 2  # versions only ever go up
    logs = list(ReviewLog.objects.for_user(learner).order_by("pk"))
    assert [log.undone for log in logs] == [False, False, True]


def test_undoing_a_new_cards_only_answer_makes_it_new_again(learner, deck):
    (card, other) = deck(2)
    answered = answer(learner, card, 4)
    assert answered.next.card == other

    undo(learner)

    state = state_of(learner, card)
    assert state.introduced_on is None
    assert state.reviews == 0
    queue = build_queue(
        user=learner, profile=learner.study_profile, topic_id=card.topic_id, today=TODAY
    )
    assert queue.card == card
    assert queue.counts.new == 2
    # The page renders the current version, so answering again works...
    again = answer_card(
        user=learner, card=card, quality=4, expected_version=queue.version, now=NOON
    )
    assert again.applied
    # ...and a replay of the original, undone request does not.
    replay = answer_card(user=learner, card=card, quality=4, expected_version=0, now=NOON)
    assert not replay.applied


def test_undo_twice_takes_back_two_answers_in_order(learner, deck):
    (first, second) = deck(2)
    answer(learner, first, 4)
    answer(learner, second, 4, now=days_later(0).replace(hour=13))

    assert undo(learner).card == second
    assert undo(learner).card == first
    assert latest_answer(learner) is None


def test_repeating_an_undo_takes_back_nothing_more(learner, deck):
    (first, second) = deck(2)
    answer(learner, first, 4)
    second_answer = answer(learner, second, 4).log

    assert undo_last_answer(user=learner, log_id=second_answer.pk, now=NOON).undone
    again = undo_last_answer(user=learner, log_id=second_answer.pk, now=NOON)

    assert not again.undone
    assert again.refusal == "That answer was already undone; nothing else was taken back."
    assert ReviewLog.objects.for_user(learner).counted().get().card == first
    assert state_of(learner, first).reviews == 1


def test_undo_of_an_answer_that_is_no_longer_the_latest_is_refused(learner, deck):
    (first, second) = deck(2)
    first_answer = answer(learner, first, 4).log  # a second tab still offers to undo this one
    answer(learner, second, 4)
    version = state_of(learner, first).version

    result = undo_last_answer(user=learner, log_id=first_answer.pk, now=NOON)

    assert not result.undone
    assert "no longer your latest answer" in result.refusal
    assert not ReviewLog.objects.filter(undone=True).exists()
    assert state_of(learner, first).version == version


def test_undo_walks_back_through_a_redrill(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 2)
    answer(learner, card, 4)

    undo(learner)
    assert state_of(learner, card).redrill
    undo(learner)
    assert state_of(learner, card).introduced_on is None


def test_undo_does_not_reach_into_yesterday(learner, deck):
    (card,) = deck(1)
    yesterdays = answer(learner, card, 4).log

    result = undo_last_answer(user=learner, log_id=yesterdays.pk, now=days_later(1))

    assert not result.undone
    assert "only today's answers can be undone" in result.refusal
    assert latest_answer(learner, now=days_later(1)) is None


def test_undo_never_touches_another_learners_answers(learner, deck):
    (card,) = deck(1)
    other = UserFactory()
    theirs = answer(other, card, 4).log

    result = undo_last_answer(user=learner, log_id=theirs.pk, now=NOON)

    assert not result.undone
    assert result.refusal == f"There is no answer {theirs.pk} of yours to undo."
    assert ReviewLog.objects.for_user(other).get().undone is False


def test_undo_within_a_topic_refuses_an_answer_from_another_topic(learner, deck):
    (card,) = deck(1)
    elsewhere = CardFactory()
    mine = answer(learner, card, 4).log

    result = undo_last_answer(user=learner, log_id=mine.pk, now=NOON, topic=elsewhere.topic)

    assert not result.undone
    assert f"no answer {mine.pk} of yours in {elsewhere.topic.title}" in result.refusal
    assert not ReviewLog.objects.filter(undone=True).exists()


def test_the_latest_answer_of_a_topic_is_undoable_while_another_topic_moved_on(learner, deck):
    (card,) = deck(1)
    mine = answer(learner, card, 4).log
    answer(learner, CardFactory(), 4, now=NOON.replace(hour=13))

    result = undo_last_answer(user=learner, log_id=mine.pk, now=NOON, topic=card.topic)

    assert result.undone


def test_delete_account_and_data_deletes_only_that_learners_data_and_says_what(learner, deck):
    first, second = deck(2)
    answer(learner, first, 2)
    answer(learner, first, 4)
    answer(learner, second, 4)
    undo(learner)  # an undone answer is history too, and goes with the account
    other = UserFactory()
    answer(other, first, 5)

    deleted = delete_account_and_data(user=learner)

    assert deleted == AccountData(answers=3, cards_in_progress=2)
    assert not get_user_model().objects.filter(pk=learner.pk).exists()
    assert not StudyProfile.objects.filter(user_id=learner.pk).exists()
    assert not ReviewLog.objects.filter(user_id=learner.pk).exists()
    assert not ReviewState.objects.filter(user_id=learner.pk).exists()
    assert ReviewLog.objects.for_user(other).count() == 1
    assert ReviewState.objects.for_user(other).get().card == first
    assert Card.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_each_learner_has_their_own_schedule_for_the_same_card(learner, deck):
    (card,) = deck(1)
    other = UserFactory()

    answer(learner, card, 5)
    answer(other, card, 1)

    assert state_of(learner, card).interval == 1
    assert not state_of(learner, card).redrill
    assert state_of(other, card).redrill
    assert ReviewState.objects.for_user(learner).count() == 1


@pytest.mark.parametrize("deck_size", [10, 500])
def test_answering_a_new_card_and_fetching_the_next_take_at_most_11_queries(
    learner, deck, deck_size, django_assert_max_num_queries
):
    cards = deck(deck_size)
    answer(learner, cards[0], 2)  # a re-drill, a learned card and new cards are all waiting
    answer(learner, cards[1], 5)
    # A request has the profile already, and the plan came with the card (AnswerForm).
    plan = plan_for(learner, learner.study_profile, cards[2].topic_id)

    # Savepoint, state, state write, log, the two day rows (topic and domain), the domain's
    # standing, the new-card cursor moved on, release, the queue's counts and next card.
    with django_assert_max_num_queries(11):
        result = answer_card(
            user=learner, card=cards[2], quality=4, expected_version=0, now=NOON, plan=plan
        )

    assert result.applied
    assert result.next.card is not None


@pytest.mark.parametrize("deck_size", [10, 500])
def test_answering_a_review_and_fetching_the_next_card_take_at_most_10_queries(
    learner, deck, deck_size, django_assert_max_num_queries
):
    cards = deck(deck_size)
    answer(learner, cards[0], 5, now=NOON - timedelta(days=3))  # due again today
    answer(learner, cards[1], 2)  # a re-drill and new cards are waiting too
    plan = plan_for(learner, learner.study_profile, cards[0].topic_id)

    # As a new card's, without the cursor: a review introduces nothing.
    with django_assert_max_num_queries(10):
        result = answer_card(
            user=learner, card=cards[0], quality=4, expected_version=1, now=NOON, plan=plan
        )

    assert result.applied
    assert result.next.card is not None


def test_an_answer_from_a_state_read_before_another_answer_commits_nothing(transactional_db):
    """Read with the card, then answered elsewhere: the version the form carries still
    matches the stale read, so only the database can tell. Committed outside any test
    transaction, as a request commits (on PostgreSQL, with the answer's one wait)."""
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    card = CardFactory()
    answer(user, card, 4)
    read_with_the_card = ReviewState.objects.get(user=user, card=card)
    answer(user, card, 4, now=days_later(1))  # another tab

    result = answer_card(
        user=user,
        card=card,
        quality=5,
        expected_version=read_with_the_card.version,
        now=days_later(2),
        state=read_with_the_card,
    )

    assert not result.applied
    assert "already recorded" in result.refusal
    assert ReviewLog.objects.for_user(user).count() == 2
    assert ReviewState.objects.get(user=user, card=card).version == 2
