"""Each learner's new-card cursor: an answer that introduces a card moves it on, in one more
statement; whatever can make a card before it new again takes it back."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cards import editing
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card
from scheduler.models import NewCardCursor
from scheduler.new_card_cursor import END, advance
from scheduler.queue import build_queue
from scheduler.services import bury_card, delete_account_and_data, suspend_card, unsuspend_card
from tests.cards.fixture_data import as_text, topic_fixture
from tests.cards.fixture_data import card as fixture_card
from tests.factories import CardFactory
from tests.scheduler.answering import NOON, answer, days_later, undo


def cursor(user, card: Card) -> int:
    row = NewCardCursor.objects.filter(user=user, topic_id=card.topic_id).first()
    return row.position if row else 0


def test_a_learner_without_answers_starts_at_the_start_of_the_deck(learner, deck):
    cards = deck(3)

    assert cursor(learner, cards[0]) == 0
    assert (
        build_queue(
            user=learner,
            profile=learner.study_profile,
            topic_id=cards[0].topic_id,
            today=NOON.date(),
        ).card
        == cards[0]
    )


def test_introducing_cards_in_order_moves_the_cursor_past_them(learner, deck):
    cards = deck(4)

    answer(learner, cards[0], 4)
    answer(learner, cards[1], 1)  # failed, but introduced

    assert cursor(learner, cards[0]) == cards[2].position


def test_introducing_the_last_card_puts_the_cursor_past_the_end(learner, deck):
    cards = deck(2)

    answer(learner, cards[1], 4)  # out of order: the first card is still new
    assert cursor(learner, cards[0]) == cards[0].position
    answer(learner, cards[0], 4)

    assert cursor(learner, cards[0]) == END


def test_a_card_buried_today_or_held_back_by_its_sibling_stops_the_cursor(learner, deck):
    cards = deck(4)
    for cell in cards[2:]:
        Card.objects.filter(pk=cell.pk).update(sibling="row-1")
    bury_card(user=learner, card=cards[0], expected_version=0, now=NOON)

    answer(learner, cards[1], 4)
    answer(learner, cards[2], 4)  # holds its sibling back today

    assert cursor(learner, cards[0]) == cards[0].position
    answer(learner, cards[0], 4, now=days_later(1))
    assert cursor(learner, cards[0]) == cards[3].position


def test_a_suspended_card_is_passed_and_comes_back_when_unsuspended(learner, deck):
    cards = deck(3)
    suspend_card(user=learner, card=cards[0], expected_version=0, now=NOON)
    answer(learner, cards[1], 4)
    assert cursor(learner, cards[0]) == cards[2].position

    unsuspend_card(user=learner, card=cards[0], expected_version=1, now=NOON)

    assert cursor(learner, cards[0]) == cards[0].position


def test_undoing_a_first_answer_takes_the_cursor_back_and_a_second_one_does_not(learner, deck):
    cards = deck(3)
    answer(learner, cards[0], 4)
    answer(learner, cards[1], 4)
    answer(learner, cards[1], 4, now=days_later(3))  # a review

    undo(learner, now=days_later(3))
    assert cursor(learner, cards[0]) == cards[2].position
    undo(learner)

    assert cursor(learner, cards[0]) == cards[1].position


def test_undoing_a_suspension_of_a_new_card_takes_the_cursor_back(learner, deck):
    cards = deck(2)
    suspend_card(user=learner, card=cards[0], expected_version=0, now=NOON)
    answer(learner, cards[1], 4)
    assert cursor(learner, cards[0]) == END

    undo(learner)  # the answer
    undo(learner)  # the suspension

    assert cursor(learner, cards[0]) == cards[0].position


def test_an_editor_reactivating_a_card_takes_every_learners_cursor_back(learners, deck):
    cards = deck(3)
    editing.retire_cards(Card.objects.filter(pk=cards[0].pk), now=NOON)
    for learner in learners:
        answer(learner, cards[1], 4)
        answer(learner, cards[2], 4)
        assert cursor(learner, cards[0]) == END

    editing.reactivate_cards(Card.objects.filter(pk=cards[0].pk))

    assert [cursor(learner, cards[0]) for learner in learners] == [cards[0].position] * 2


def test_a_retired_card_is_passed(learner, deck):
    cards = deck(3)
    editing.retire_cards(Card.objects.filter(pk=cards[1].pk), now=NOON)

    answer(learner, cards[0], 4)

    assert cursor(learner, cards[0]) == cards[2].position


def test_each_learner_and_topic_has_its_own_cursor(learners, deck):
    cards = deck(2)
    elsewhere = CardFactory()

    answer(learners[0], cards[0], 4)
    answer(learners[1], elsewhere, 4)

    assert cursor(learners[0], cards[0]) == cards[1].position
    assert cursor(learners[1], cards[0]) == 0
    assert cursor(learners[0], elsewhere) == 0
    assert cursor(learners[1], elsewhere) == END


def test_an_advance_leaves_a_cursor_lowered_since_it_was_read_alone(learner, deck):
    """What PostgreSQL's side-by-side transactions could do, in one: an advance that finds the
    row lowered since the one it read (another `lowered`) writes nothing."""
    cards = deck(2)
    answer(learner, cards[0], 4)
    NewCardCursor.objects.filter(user=learner).update(position=0, lowered=5)

    advance(user_id=learner.pk, topic_id=cards[0].topic_id)

    assert cursor(learner, cards[0]) == cards[1].position  # an advance from the row as read


def test_a_review_writes_no_cursor_and_a_first_answer_one_statement(learner, deck):
    cards = deck(2)
    answer(learner, cards[0], 5, now=days_later(-3))

    with CaptureQueriesContext(connection) as review:
        answer(learner, cards[0], 4)
    with CaptureQueriesContext(connection) as first:
        answer(learner, cards[1], 4)

    assert writes_to_cursors(review) == []
    assert len(writes_to_cursors(first)) == 1


def writes_to_cursors(queries) -> list[str]:
    table = NewCardCursor._meta.db_table
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().startswith(("INSERT", "UPDATE")) and table in query["sql"][:80]
    ]


def test_deleting_an_account_deletes_its_cursors(learner, deck):
    answer(learner, deck(1)[0], 4)

    delete_account_and_data(user=learner)

    assert not NewCardCursor.objects.exists()


def test_a_reimport_adding_a_card_at_the_start_takes_every_learners_cursor_back(learners):
    def imported(*keys: str) -> list[Card]:
        cards = [fixture_card(key, position=n) for n, key in enumerate(keys)]
        import_topic(load_fixture(as_text(topic_fixture(*cards)), "demo.json"), now=NOON)
        return list(Card.objects.filter(topic__slug="demo").order_by("position"))

    first, second = imported("scenario-a", "scenario-b")
    for learner in learners:
        answer(learner, first, 4)
        answer(learner, second, 4)
        assert cursor(learner, first) == END

    added = imported("scenario-new", "scenario-a", "scenario-b")[0]

    assert [cursor(learner, first) for learner in learners] == [added.position] * 2
