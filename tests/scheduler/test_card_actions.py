"""The learner's own card actions: bury, suspend, unsuspend, mark, flag, and leeches."""

from datetime import date

import pytest

from cards.editing import retire_cards
from cards.models import Card
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue
from scheduler.services import (
    ALREADY_DONE,
    bury_card,
    set_flag,
    set_mark,
    suspend_card,
    undo_last_answer,
    unsuspend_card,
)
from tests.factories import UserFactory
from tests.scheduler.answering import NOON, answer, days_later, latest_answer, undo

TODAY = date(2026, 11, 26)


def version_of(user, card) -> int:
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    return state.version if state else 0


def act(action, user, card, now=NOON, **kwargs):
    """Act the way a page does: with the version of the state it was rendered from."""
    return action(user=user, card=card, expected_version=version_of(user, card), now=now, **kwargs)


def next_card(user, card, now=NOON):
    profile = StudyProfile.for_user(user)
    return build_queue(
        user=user, profile=profile, topic_id=card.topic_id, today=profile.today(now)
    ).card


def test_a_buried_new_card_leaves_todays_queue_and_comes_back_tomorrow(learner, deck):
    first, second = deck(2)

    result = act(bury_card, learner, first)

    assert result.applied and result.log.kind == ReviewLog.Kind.BURY
    assert result.log.quality is None
    assert next_card(learner, first) == second
    assert next_card(learner, first, now=days_later(1)) == first


def test_a_buried_due_review_leaves_todays_queue_and_keeps_its_schedule(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5, now=days_later(-1))  # due today

    act(bury_card, learner, card)

    state = ReviewState.objects.get(user=learner, card=card)
    assert next_card(learner, card) is None
    assert (state.due, state.interval, state.repetitions) == (TODAY, 1, 1)
    assert next_card(learner, card, now=days_later(1)) == card


def test_a_buried_redrill_does_not_come_back_today(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 2)

    act(bury_card, learner, card)

    assert next_card(learner, card) is None


def test_suspending_takes_a_card_out_until_unsuspended(learner, deck):
    first, second = deck(2)

    act(suspend_card, learner, first)
    assert next_card(learner, first, now=days_later(30)) == second

    result = act(unsuspend_card, learner, first, now=days_later(30))

    assert result.applied and result.log.kind == ReviewLog.Kind.UNSUSPEND
    assert next_card(learner, first, now=days_later(30)) == first


def test_the_queue_counts_leave_out_buried_and_suspended_cards(learner, deck):
    cards = deck(4)
    answer(learner, cards[0], 5, now=days_later(-1))  # due today
    answer(learner, cards[1], 5, now=days_later(-1))  # due today

    act(bury_card, learner, cards[0])
    act(suspend_card, learner, cards[2])

    queue_counts = build_queue(
        user=learner,
        profile=StudyProfile.for_user(learner),
        topic_id=cards[0].topic_id,
        today=TODAY,
    ).counts
    assert (queue_counts.reviews, queue_counts.new) == (1, 1)


def test_my_actions_change_nobody_elses_queue(learner, deck):
    first, _ = deck(2)
    other = UserFactory()

    act(bury_card, learner, first)
    act(suspend_card, learner, first)
    act(set_mark, learner, first, marked=True)
    act(set_flag, learner, first, flag=1)

    assert next_card(other, first) == first
    assert not ReviewState.objects.for_user(other).exists()
    assert not ReviewLog.objects.for_user(other).exists()


def test_an_action_with_a_stale_version_is_refused_and_changes_nothing(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5)  # version 1

    result = bury_card(user=learner, card=card, expected_version=0, now=NOON)

    assert not result.applied and result.refusal == ALREADY_DONE
    assert ReviewState.objects.get(user=learner, card=card).buried_on is None
    assert ReviewLog.objects.filter(kind=ReviewLog.Kind.BURY).count() == 0


def test_a_repeated_action_counts_once(learner, deck):
    (card,) = deck(1)
    rendered_with = version_of(learner, card)

    first = suspend_card(user=learner, card=card, expected_version=rendered_with, now=NOON)
    again = suspend_card(user=learner, card=card, expected_version=rendered_with, now=NOON)

    assert first.applied and not again.applied
    assert ReviewLog.objects.filter(kind=ReviewLog.Kind.SUSPEND).count() == 1


def test_an_action_that_changes_nothing_says_so_and_logs_nothing(learner, deck):
    (card,) = deck(1)
    act(bury_card, learner, card)

    result = act(bury_card, learner, card)
    not_suspended = act(unsuspend_card, learner, card)

    assert result.refusal == "That card is already buried until tomorrow."
    assert not_suspended.refusal == "That card is not suspended for you."
    assert ReviewLog.objects.for_user(learner).count() == 1


def test_a_retired_card_cannot_be_buried_or_suspended(learner, deck):
    (card,) = deck(1)
    retire_cards(Card.objects.filter(pk=card.pk), now=NOON)
    card.refresh_from_db()

    buried = act(bury_card, learner, card)
    suspended = act(suspend_card, learner, card)

    assert not buried.applied and "retired" in buried.refusal
    assert not suspended.applied
    assert not ReviewState.objects.exists()


def test_mark_and_flags_are_kept_on_my_state(learner, deck):
    (card,) = deck(1)

    act(set_mark, learner, card, marked=True)
    act(set_flag, learner, card, flag=3)

    state = ReviewState.objects.get(user=learner, card=card)
    assert (state.marked, state.flag) == (True, 3)
    assert state.introduced_on is None  # still new: marking is no answer
    assert next_card(learner, card) == card


@pytest.mark.parametrize("flag", [-1, 5, True, "1"])
def test_a_flag_outside_0_to_4_is_an_error_and_writes_nothing(learner, deck, flag):
    (card,) = deck(1)

    with pytest.raises(ValueError, match="flag must be one of 0, 1, 2, 3, 4"):
        act(set_flag, learner, card, flag=flag)
    assert not ReviewState.objects.exists()


def test_undo_takes_back_a_bury_and_the_card_is_back_today(learner, deck):
    first, second = deck(2)
    act(bury_card, learner, first)

    result = undo(learner)

    assert result.undone and result.card == first
    assert next_card(learner, first) == first


def test_undo_takes_back_a_suspend_then_the_answer_before_it(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5, now=days_later(-1))
    answer(learner, card, 5)
    before_answer = ReviewLog.objects.for_user(learner).latest("pk")
    act(suspend_card, learner, card)

    undo(learner)
    undo(learner)

    state = ReviewState.objects.get(user=learner, card=card)
    assert not state.suspended
    assert (state.repetitions, state.interval) == (
        before_answer.repetitions_before,
        before_answer.interval_before,
    )


def test_undo_takes_back_a_mark_and_a_flag(learner, deck):
    (card,) = deck(1)
    act(set_mark, learner, card, marked=True)
    act(set_flag, learner, card, flag=2)

    undo(learner)
    state = ReviewState.objects.get(user=learner, card=card)
    assert (state.marked, state.flag) == (True, 0)
    undo(learner)
    state.refresh_from_db()
    assert state.marked is False


def test_another_learners_action_cannot_be_undone_by_me(learner, deck):
    (card,) = deck(1)
    other = UserFactory()
    act(bury_card, other, card)
    theirs = latest_answer(other)

    result = undo_last_answer(user=learner, log_id=theirs.pk, now=NOON)

    assert not result.undone
    assert ReviewState.objects.get(user=other, card=card).buried_on == TODAY


def test_actions_are_not_answers_in_the_statistics(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 5)
    act(set_mark, learner, card, marked=True)

    assert ReviewLog.objects.for_user(learner).counted().count() == 1
    assert ReviewLog.objects.for_user(learner).count() == 2


def fail_after_learning(user, card, failures: int, start: int = 0) -> None:
    """Learn the card, then fail it on `failures` study days in a row, from day `start`."""
    answer(user, card, 5, now=days_later(start))
    for day in range(failures):
        answer(user, card, 2, now=days_later(start + 2 * day + 1))
        answer(user, card, 5, now=days_later(start + 2 * day + 2))


def test_a_card_failed_eight_times_is_suspended_for_me_as_a_leech(learner, deck):
    (card,) = deck(1)
    fail_after_learning(learner, card, 7)
    state = ReviewState.objects.get(user=learner, card=card)
    assert (state.lapses, state.suspended) == (7, False)

    result = answer(learner, card, 2, now=days_later(15))

    state.refresh_from_db()
    assert result.applied and result.became_leech
    assert (state.lapses, state.suspended, state.leech) == (8, True, True)
    assert result.next.card is None


def test_the_leech_threshold_is_the_learners_setting(learner, deck):
    learner.study_profile.leech_threshold = 2
    learner.study_profile.save()
    (card,) = deck(1)
    fail_after_learning(learner, card, 1)

    result = answer(learner, card, 1, now=days_later(3))

    assert result.became_leech


def test_undoing_the_leeching_answer_unsuspends_the_card(learner, deck):
    learner.study_profile.leech_threshold = 1
    learner.study_profile.save()
    (card,) = deck(1)
    answer(learner, card, 5)
    answer(learner, card, 2, now=days_later(1))

    undo(learner, now=days_later(1))

    state = ReviewState.objects.get(user=learner, card=card)
    assert (state.suspended, state.leech, state.lapses) == (False, False, 0)


def test_another_learners_failures_make_no_leech_of_mine(learner, deck):
    (card,) = deck(1)
    other = UserFactory()
    StudyProfile.objects.create(user=other, time_zone="UTC", leech_threshold=1)
    answer(other, card, 5)
    answer(other, card, 2, now=days_later(1))

    assert ReviewState.objects.get(user=other, card=card).leech
    assert next_card(learner, card, now=days_later(1)) == card
