"""An advance racing a lowering from another connection never leaves the cursor past a card
that lowering made new (PostgreSQL runs the two side by side; SQLite one after the other)."""

import threading
import time

import pytest
from django.db import connection, transaction

from scheduler.models import NewCardCursor, ReviewState, StudyProfile
from scheduler.new_card_cursor import END, advance, lower
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import answer


def in_thread(work):
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # surfaced by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def race_undo_with_advance(user, card) -> None:
    """Undo `card`'s only answer (what undo writes, held open), and meanwhile, from another
    connection, advance the learner's cursor in its topic; then let both finish."""
    lowered, release = threading.Event(), threading.Event()

    def undo_the_card():
        with transaction.atomic():
            ReviewState.objects.filter(user=user, card=card).update(introduced_on=None, due=None)
            lower(user_id=user.pk, card=card)
            lowered.set()
            release.wait(timeout=10)

    def advance_meanwhile():
        lowered.wait(timeout=10)
        with transaction.atomic():
            advance(user_id=user.pk, topic_id=card.topic_id)

    undoing, undo_errors = in_thread(undo_the_card)
    advancing, advance_errors = in_thread(advance_meanwhile)
    time.sleep(0.5)  # the advance is waiting for the undo by now
    release.set()
    undoing.join(timeout=30)
    advancing.join(timeout=30)
    assert undo_errors == advance_errors == []


def learner_who_answered(count: int) -> tuple:
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    section = SectionFactory()
    cards = [CardFactory(section=section, position=n) for n in range(count)]
    for card in cards:
        answer(user, card, 4)
    return user, cards


@pytest.mark.django_db(transaction=True)
def test_an_advance_begun_before_an_undo_committed_does_not_pass_the_card_it_made_new():
    user, cards = learner_who_answered(3)
    assert NewCardCursor.objects.get(user=user).position == END

    race_undo_with_advance(user, cards[1])

    assert NewCardCursor.objects.get(user=user).position == cards[1].position


@pytest.mark.django_db(transaction=True)
def test_an_advance_for_a_learner_without_a_cursor_yields_to_a_lowering_that_made_one():
    user, cards = learner_who_answered(2)
    NewCardCursor.objects.all().delete()  # as before the learner's first new-card answer

    race_undo_with_advance(user, cards[0])

    assert NewCardCursor.objects.get(user=user).position == cards[0].position
