"""The queue's plan on SQLite, which has no statistics unless someone runs ANALYZE: it picks
an index by how many of its columns a query pins, and between two that pin as many, by the
order the schema lists them. Today's answers in a topic (the re-drills, the cards introduced
today) pinned two columns of (user, last answered) and two of (user, topic, due, id); when a
migration rebuilt the state table, SQLite took the second and read a learner's every card of
the topic in each of four subqueries: 16 ms of queue for a learner with 5,000 cards studied,
300 ms for one with 30,000 (`make benchmark`), where it had been 1.6.
"""

import re

import pytest
from django.db import connection

from scheduler import prepared
from scheduler.benchmarks.finished import seed_finished
from scheduler.benchmarks.seed import make_deck
from tests.factories import UserFactory
from tests.scheduler.queue_sql import queue_query

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the index choice without statistics is SQLite's"
)


def queue_plan(user, topic) -> list[str]:
    """EXPLAIN QUERY PLAN of the queue's query for `user`, as scheduler.prepared compiled it."""
    prepared._compiled.clear()
    sql, params = queue_query(user, topic)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def test_todays_answers_in_a_topic_are_found_without_reading_the_learners_whole_topic(db):
    topic = make_deck("plans", 300)
    user = UserFactory()
    seed_finished(user, topic, due_today=20)

    plan = queue_plan(user, topic)

    # The (user, topic, due, id) index only ever with a range of due days.
    whole_topic = [line for line in plan if re.search(r"review_state_due \([^)]*\)", line)]
    assert whole_topic and all("due<" in line for line in whole_topic), plan
    assert any(
        "review_state_answered_on (user_id=? AND last_answered_on=? AND topic_id=?)" in line
        for line in plan
    ), plan
