"""A learner's state keeps its card's table row, which keeps the row's other cells out of the
day's queue once one is answered, however the cards are regrouped, and whether the card is
studied, which keeps a retired card's reviews out of the queue."""

import pytest

from cards import editing
from cards.models import Card
from cards.placement import watching
from scheduler.card_copies import copy_card_fields, follow_cards
from scheduler.models import ReviewState
from scheduler.queue import build_queue
from scheduler.services import bury_card
from tests.factories import CardFactory
from tests.scheduler.answering import NOON, answer

pytestmark = pytest.mark.django_db


def rows_of(user) -> dict[int, str]:
    return dict(ReviewState.objects.for_user(user).values_list("card_id", "sibling"))


def activity_of(user) -> dict[int, bool]:
    return dict(ReviewState.objects.for_user(user).values_list("card_id", "card_active"))


def next_card(user, topic_id: int) -> Card | None:
    profile = user.study_profile
    return build_queue(user=user, profile=profile, topic_id=topic_id, today=NOON.date()).card


def test_a_first_answer_and_a_first_action_take_the_cards_row(learner, section):
    answered, buried, plain = (
        CardFactory(section=section, position=n, sibling=row)
        for n, row in enumerate(["row-1", "row-2", ""])
    )

    answer(learner, answered, 4)
    bury_card(user=learner, card=buried, expected_version=0, now=NOON)
    answer(learner, plain, 4)

    assert rows_of(learner) == {answered.pk: "row-1", buried.pk: "row-2", plain.pk: ""}
    assert activity_of(learner) == {answered.pk: True, buried.pk: True, plain.pk: True}


def test_cards_moved_to_another_row_take_every_learners_states_with_them(learners, section):
    moved, stays = (CardFactory(section=section, position=n, sibling="row-1") for n in range(2))
    for learner in learners:
        answer(learner, moved, 4)
        answer(learner, stays, 4)

    with watching(Card.objects.filter(topic_id=moved.topic_id)):
        Card.objects.filter(pk=moved.pk).update(sibling="row-2")

    for learner in learners:
        assert rows_of(learner) == {moved.pk: "row-2", stays.pk: "row-1"}


def test_cards_regrouped_into_many_rows_move_the_states_in_one_statement(
    learner, section, django_assert_num_queries
):
    cards = [CardFactory(section=section, position=n, sibling="row-1") for n in range(3)]
    for card in cards:
        answer(learner, card, 4)
    for n, card in enumerate(cards):
        Card.objects.filter(pk=card.pk).update(sibling=f"row-{n + 2}")

    with django_assert_num_queries(1):
        follow_cards([card.pk for card in cards])

    assert rows_of(learner) == {card.pk: f"row-{n + 2}" for n, card in enumerate(cards)}


def test_after_a_regrouping_an_answer_holds_back_the_cards_new_row_not_its_old(learner, section):
    first, old_mate, new_mate = (
        CardFactory(section=section, position=n, sibling="row-1") for n in range(3)
    )
    answer(learner, first, 4, now=NOON.replace(day=NOON.day - 2))  # yesterday's row-1 answer
    with watching(Card.objects.filter(topic_id=first.topic_id)):
        Card.objects.filter(pk=first.pk).update(sibling="row-2")
        Card.objects.filter(pk=new_mate.pk).update(sibling="row-2")
    ReviewState.objects.filter(card=first).update(due=NOON.date())  # due today

    answer(learner, first, 4)

    # Its old row-mate may come today; its new one waits for tomorrow.
    assert next_card(learner, first.topic_id) == old_mate
    answer(learner, old_mate, 4)
    assert next_card(learner, first.topic_id) is None


def test_states_made_in_bulk_are_given_their_cards_rows(learner, section):
    cards = [CardFactory(section=section, position=n, sibling=f"row-{n}") for n in range(3)]
    ReviewState.objects.bulk_create(
        ReviewState(user=learner, card=card, topic_id=card.topic_id) for card in cards
    )

    Card.objects.filter(pk=cards[0].pk).update(is_active=False)

    copy_card_fields(ReviewState.objects.filter(user=learner))

    assert rows_of(learner) == {card.pk: card.sibling for card in cards}
    assert activity_of(learner) == {cards[0].pk: False, cards[1].pk: True, cards[2].pk: True}


def test_retiring_suspending_and_restoring_cards_reach_every_learners_states(learners, section):
    retired, suspended, studied = (CardFactory(section=section, position=n) for n in range(3))
    for learner in learners:
        for card in (retired, suspended, studied):
            answer(learner, card, 4)

    editing.retire_cards(Card.objects.filter(pk=retired.pk), now=NOON)
    editing.suspend_cards(Card.objects.filter(pk=suspended.pk))

    for learner in learners:
        assert activity_of(learner) == {retired.pk: False, suspended.pk: False, studied.pk: True}

    editing.reactivate_cards(Card.objects.filter(pk__in=[retired.pk, suspended.pk]))

    for learner in learners:
        assert activity_of(learner) == {retired.pk: True, suspended.pk: True, studied.pk: True}


def test_a_retired_cards_due_review_leaves_the_queue_and_comes_back_restored(learner, section):
    card = CardFactory(section=section, position=0)
    answer(learner, card, 4, now=NOON.replace(day=NOON.day - 2))
    ReviewState.objects.filter(card=card).update(due=NOON.date())  # due today

    editing.retire_cards(Card.objects.filter(pk=card.pk), now=NOON)
    assert next_card(learner, card.topic_id) is None

    editing.reactivate_cards(Card.objects.filter(pk=card.pk))
    assert next_card(learner, card.topic_id) == card


def test_cards_changed_in_bulk_move_the_states_in_one_statement_per_chunk(
    learner, section, django_assert_num_queries
):
    cards = [CardFactory(section=section, position=n) for n in range(3)]
    for card in cards:
        answer(learner, card, 4)
    Card.objects.filter(pk__in=[card.pk for card in cards]).update(is_active=False)

    with django_assert_num_queries(1):
        follow_cards([card.pk for card in cards])

    assert activity_of(learner) == dict.fromkeys((card.pk for card in cards), False)
