"""The heatmap's, forecast's and grades' queries, compiled once, are each learner's own."""

from datetime import timedelta

import pytest

from scheduler import prepared
from scheduler.stats.activity import _answers_by_day, _due_by_day, _grade_sums
from tests.scheduler.answering import NOON

TODAY = NOON.date()


@pytest.mark.parametrize(
    ("build", "offset"),
    [(_answers_by_day, -365), (_answers_by_day, -4), (_grade_sums, -30), (_grade_sums, -4)]
    + [(_due_by_day, 30), (_due_by_day, 2)],
)
def test_the_compiled_query_gives_each_learner_the_rows_the_orm_gives(
    two_learners, two_topics, build, offset
):
    found = []
    for user in two_learners:
        for topic in two_topics:
            values = prepared.Values(
                user.pk, TODAY, [topic.pk], days=[TODAY + timedelta(days=offset)]
            )

            compiled = prepared.rows(("test", build.__name__), build, values)

            assert sorted(compiled, key=str) == sorted(build(values), key=str)
            found.append(compiled)
    assert any(found)
