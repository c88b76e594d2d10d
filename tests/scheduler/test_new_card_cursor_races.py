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


@pytest.mark.django_db(transaction=True)
def test_an_advance_begun_before_an_undo_committed_does_not_pass_the_card_it_made_new():
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    section = SectionFactory()
    cards = [CardFactory(section=section, position=n) for n in range(3)]
    for card in cards:
        answer(user, card, 4)
    assert NewCardCursor.objects.get(user=user).position == END
    lowered, release = threading.Event(), threading.Event()

    def undo_the_middle_card():
        # What undoing the middle card's only answer writes, held open until released.
        with transaction.atomic():
            ReviewState.objects.filter(user=user, card=cards[1]).update(introduced_on=None)
            lower(user_id=user.pk, card=cards[1])
            lowered.set()
            release.wait(timeout=10)

    def answer_elsewhere_and_advance():
        lowered.wait(timeout=10)
        with transaction.atomic():
            advance(user_id=user.pk, topic_id=cards[0].topic_id)

    undoing, undo_errors = in_thread(undo_the_middle_card)
    advancing, advance_errors = in_thread(answer_elsewhere_and_advance)
    time.sleep(0.5)  # the advance is waiting for the undo by now
    release.set()
    undoing.join(timeout=30)
    advancing.join(timeout=30)

    assert undo_errors == advance_errors == []
    assert NewCardCursor.objects.get(user=user).position == cards[1].position


@pytest.mark.django_db(transaction=True)
def test_an_advance_for_a_learner_without_a_cursor_yields_to_a_lowering_that_made_one():
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    section = SectionFactory()
    cards = [CardFactory(section=section, position=n) for n in range(2)]
    for card in cards:
        answer(user, card, 4)
    NewCardCursor.objects.all().delete()  # as before the learner's first new-card answer
    lowered, release = threading.Event(), threading.Event()

    def undo_the_first_card():
        with transaction.atomic():
            ReviewState.objects.filter(user=user, card=cards[0]).update(introduced_on=None)
            lower(user_id=user.pk, card=cards[0])
            lowered.set()
            release.wait(timeout=10)

    def advance_from_nothing():
        lowered.wait(timeout=10)
        with transaction.atomic():
            advance(user_id=user.pk, topic_id=cards[0].topic_id)

    undoing, undo_errors = in_thread(undo_the_first_card)
    advancing, advance_errors = in_thread(advance_from_nothing)
    time.sleep(0.5)
    release.set()
    undoing.join(timeout=30)
    advancing.join(timeout=30)

    assert undo_errors == advance_errors == []
    assert NewCardCursor.objects.get(user=user).position == cards[0].position
