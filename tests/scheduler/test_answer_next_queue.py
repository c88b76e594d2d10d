"""Where an answer asks for the next card: with its writes on PostgreSQL, after them on SQLite."""

import pytest
from django.db import connection

from scheduler.enrolment import plan_for
from scheduler.services import answer_card
from tests.scheduler.answering import NOON, answer

pytestmark = pytest.mark.django_db


class QueueQueryWatch:
    """Notes, for the queue's query (scheduler.queue), whether it was sent inside a pipeline
    and inside the answer's transaction (a savepoint in a test's), and the statements before."""

    def __init__(self) -> None:
        self.before: list[str] = []
        self.seen: list[tuple[bool, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('SELECT "cards_topic"."id" AS "pk", (SELECT COUNT(*)'):
            pipelined = connection.vendor == "postgresql" and bool(
                connection.connection.info.pipeline_status
            )
            self.seen.append((pipelined, bool(connection.savepoint_ids)))
        elif not self.seen:
            self.before.append(sql.split(maxsplit=1)[0])
        return execute(sql, params, many, context)


def test_the_next_cards_query_waits_with_the_answers_writes_on_postgresql(learner, deck):
    cards = deck(6)
    answer(learner, cards[0], 2)  # a re-drill waits, and new cards
    plan = plan_for(learner, learner.study_profile, cards[0].topic_id)
    watch = QueueQueryWatch()

    with connection.execute_wrapper(watch):
        result = answer_card(
            user=learner, card=cards[2], quality=4, expected_version=0, now=NOON, plan=plan
        )

    assert result.applied
    on_postgresql = connection.vendor == "postgresql"
    # Once; on PostgreSQL sent in the answer's batch, inside its transaction, after its
    # writes; on SQLite once the transaction let go of the database's write lock.
    assert watch.seen == [(on_postgresql, on_postgresql)]
    assert "INSERT" in watch.before
    assert ("RELEASE" in watch.before) == (not on_postgresql)
    # And it saw the answer: the card answered is no longer new.
    assert (result.next.counts.new, result.next.counts.answered_today) == (4, 2)
    assert result.next.counts.redrills == 1
    assert result.next.card.pk == cards[0].pk


def test_a_refused_answer_still_shows_the_current_card_and_changes_nothing(learner, deck):
    cards = deck(4)
    answer(learner, cards[0], 4)

    result = answer_card(user=learner, card=cards[0], quality=4, expected_version=0, now=NOON)

    assert not result.applied
    assert result.log is None
    assert result.next.card is not None
    assert result.next.counts.answered_today == 1
