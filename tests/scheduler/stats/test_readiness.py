"""Readiness's answers per domain and day come from the day rows, compiled once, each
learner's own."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduler import prepared
from scheduler.stats.readiness import _day_counts, readiness_by_topic
from tests.scheduler.answering import NOON, undo

TODAY = NOON.date()


@pytest.mark.parametrize("history", [False, True])
@pytest.mark.parametrize("window", [2, 59])
def test_the_compiled_query_gives_each_learner_the_rows_the_orm_gives(
    two_learners, two_topics, history, window
):
    undo(two_learners[0], NOON)  # an undone answer counts nowhere
    topic_ids = [topic.pk for topic in two_topics]
    found = []
    for user in two_learners:
        values = prepared.Values(user.pk, TODAY, topic_ids, days=[TODAY - timedelta(days=window)])

        compiled = prepared.rows(
            ("test readiness days", history), lambda v: _day_counts(v, history), values
        )

        assert compiled == list(_day_counts(values, history))
        found.append(compiled)
    assert found[0] != found[1]


@pytest.mark.parametrize("history", [False, True])
def test_readiness_reads_day_rows_never_the_answers(two_learners, two_topics, history):
    with CaptureQueriesContext(connection) as queries:
        readiness = readiness_by_topic(two_learners[0], two_topics, TODAY, history=history)

    assert readiness[two_topics[0].pk].has_data
    assert not [query for query in queries if "scheduler_reviewlog" in query["sql"]]
