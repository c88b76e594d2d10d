"""The daily roll-up agrees with the logs after answers, re-drills and undos, and rebuilds."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from scheduler import rollup
from scheduler.models import ReviewDay, ReviewLog
from scheduler.services import bury_card
from tests.scheduler.answering import NOON, answer, days_later, undo

COUNTERS = [
    "answers",
    "new_cards",
    "reviews",
    "redrills",
    *(f"grade_{q}" for q in range(6)),
    "young_answered",
    "young_passed",
    "mature_answered",
    "mature_passed",
    "seconds",
    "last_answer_epoch",
]


def day_rows(user) -> dict:
    return {
        (row.topic_id, row.day): model_to_dict(row, fields=COUNTERS)
        for row in ReviewDay.objects.for_user(user)
    }


def study_a_fortnight(user, cards) -> None:
    """New cards, passes, lapses, re-drills and undos over several study days."""
    moment = NOON
    for day in range(14):
        moment = days_later(day)
        for n, card in enumerate(cards):
            answer(user, card, quality=(2 + n + day) % 6, now=moment)
            moment += timedelta(seconds=20 + 10 * n)
        for card in cards:  # the re-drills of the cards answered below Good
            answer(user, card, quality=5, now=moment)
            moment += timedelta(seconds=400)  # a break: not counted as time studied
        if day % 3 == 0:
            undo(user, now=moment)
            undo(user, now=moment)


def test_the_roll_up_agrees_with_the_logs_after_answers_redrills_and_undos(learner, deck):
    cards = deck(5)
    study_a_fortnight(learner, cards)
    written_with_the_answers = day_rows(learner)

    rollup.rebuild(user_ids=[learner.pk])

    logs = ReviewLog.objects.for_user(learner)
    assert logs.filter(kind="redrill").exists() and logs.filter(undone=True).exists()
    assert written_with_the_answers == day_rows(learner)
    counted = logs.filter(undone=False)
    assert sum(row["answers"] for row in written_with_the_answers.values()) == counted.count()
    assert sum(row["redrills"] for row in written_with_the_answers.values()) == (
        counted.filter(kind="redrill").count()
    )


def test_a_day_counts_new_cards_grades_and_the_time_between_answers(learner, deck):
    first, second = deck(2)
    answer(learner, first, quality=2, now=NOON)  # new, failed: comes back today
    answer(learner, second, quality=4, now=NOON + timedelta(seconds=30))
    answer(learner, first, quality=4, now=NOON + timedelta(seconds=50))  # the re-drill
    answer(learner, first, quality=5, now=days_later(1))  # a review the next day

    today, tomorrow = ReviewDay.objects.for_user(learner).order_by("day")
    assert (today.answers, today.new_cards, today.reviews, today.redrills) == (3, 2, 0, 1)
    assert (today.grade_2, today.grade_4, today.young_answered, today.young_passed) == (1, 1, 2, 1)
    assert today.seconds == 50
    assert (tomorrow.answers, tomorrow.reviews, tomorrow.grade_5, tomorrow.seconds) == (1, 1, 1, 0)


def test_undo_uncounts_the_answer_but_not_the_time_spent(learner, deck):
    first, second = deck(2)
    answer(learner, first, quality=4, now=NOON)
    answer(learner, second, quality=4, now=NOON + timedelta(seconds=40))

    undo(learner, now=NOON + timedelta(seconds=45))

    day = ReviewDay.objects.for_user(learner).get()
    assert (day.answers, day.new_cards, day.grade_4, day.seconds) == (1, 1, 1, 40)


def test_the_backfill_command_rebuilds_the_named_learners(learner, deck, capsys):
    study_a_fortnight(learner, deck(3))
    expected = day_rows(learner)
    ReviewDay.objects.for_user(learner).delete()

    call_command("backfill_review_days", learner.username)

    assert day_rows(learner) == expected
    assert f"Rebuilt {len(expected)} day rows from the logs." in capsys.readouterr().out


def test_the_backfill_command_names_an_unknown_learner_and_changes_nothing(learner, deck):
    answer(learner, deck(1)[0], quality=4)
    before = day_rows(learner)

    with pytest.raises(CommandError, match="No learner named nobody"):
        call_command("backfill_review_days", learner.username, "nobody")

    assert day_rows(learner) == before


def test_actions_and_their_undos_leave_the_day_rows_as_the_answers_made_them(learner, deck):
    """A bury is logged like an answer (so undo can take it back) but is not one: neither it
    nor its undo changes the statistics, and a rebuild from the logs agrees."""
    first, second = deck(2)
    answer(learner, first, quality=4)
    counted_by_the_answer = day_rows(learner)
    # The second card is still new: no state yet, version 0.
    assert bury_card(user=learner, card=second, expected_version=0, now=NOON).applied

    undo(learner, now=NOON)

    assert day_rows(learner) == counted_by_the_answer
    rollup.rebuild(user_ids=[learner.pk])
    assert day_rows(learner) == counted_by_the_answer
