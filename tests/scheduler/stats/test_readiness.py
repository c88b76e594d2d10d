"""Readiness's answers per domain and day, compiled once, are each learner's own."""

from datetime import timedelta

import pytest

from scheduler import prepared
from scheduler.stats.readiness import _log_counts
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
            ("test readiness", history), lambda v: _log_counts(v, history), values
        )

        assert compiled == list(_log_counts(values, history))
        found.append(compiled)
    assert found[0] != found[1]
