"""The learner's cards per domain (scheduler.stats.summary): compiled once, each learner's own."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduler import prepared
from scheduler.models import ReviewState
from scheduler.stats.standing_scan import states_by_domain
from scheduler.stats.summary import summarise
from tests.scheduler.answering import NOON
from tests.scheduler.standings import summary_holds

TODAY = NOON.date()


def by_domain(rows) -> dict:
    return {row["domain"]: row for row in rows}


@pytest.mark.parametrize("shape", ["one date", "per topic"])
def test_the_compiled_query_gives_each_learner_the_rows_the_orm_gives(
    two_learners, two_topics, shape
):
    topic_ids = [topic.pk for topic in two_topics]
    days = [TODAY + timedelta(days=20)]
    if shape == "per topic":
        days = [TODAY + timedelta(days=20), TODAY + timedelta(days=45)]
    for user in two_learners:
        factor, decay = user.study_profile.algorithm_model().forgetting_curve
        values = prepared.Values(user.pk, TODAY, topic_ids, days=days, numbers=[factor, decay, 0.9])

        compiled = prepared.rows(
            ("test summary", shape),
            lambda v: states_by_domain(v, shape),
            values,
        )

        orm = by_domain(states_by_domain(values, shape))
        assert by_domain(compiled).keys() == orm.keys()
        for domain, row in by_domain(compiled).items():
            assert row == pytest.approx(orm[domain])


def test_each_learner_gets_their_own_counts_of_today_and_next_due(two_learners, two_topics):
    topic_ids = [topic.pk for topic in two_topics]
    for user in two_learners:
        summary = summarise(user, topic_ids, TODAY, session=True)
        without = summarise(user, topic_ids, TODAY)
        states = ReviewState.objects.filter(user=user, introduced_on__isnull=False)
        for topic in two_topics:
            in_topic = states.filter(topic=topic)
            later = [state.due for state in in_topic if state.due > TODAY]
            assert summary.next_due(topic.pk) == min(later, default=None)
        figures = [summary.states(domain.pk) for domain in summary.domains]
        assert sum(f.seen for f in figures) == states.count()
        assert (
            sum(f.answered_today for f in figures) == states.filter(last_answered_on=TODAY).count()
        )
        assert (
            sum(f.new_today for f in figures)
            == states.filter(last_answered_on=TODAY, introduced_on=TODAY).count()
        )
        recall = sum(
            user.study_profile.algorithm_model().retrievability(state.memory.fsrs, TODAY)
            for state in states
        )
        assert sum(f.recall_sum for f in figures) == pytest.approx(recall)
        # Without the session's counts, the same figures otherwise.
        session_fields = {"new_today": 0, "answered_today": 0, "again_tomorrow": 0}
        assert [without.states(d.pk) for d in summary.domains] == [
            replace(f, **session_fields) for f in figures
        ]
        assert without.next_due_by_topic == {}


def test_once_stored_the_counts_are_read_from_the_rows_not_the_states(two_learners, two_topics):
    topic_ids = [topic.pk for topic in two_topics]
    for user in two_learners:
        summary_holds(user, topic_ids, TODAY)  # the first read counts and stores

        with CaptureQueriesContext(connection) as steady:
            steady_summary = summarise(user, topic_ids, TODAY)
        with CaptureQueriesContext(connection) as dashboard:
            session = summarise(user, topic_ids, TODAY, session=True)

        (read,) = [query["sql"] for query in steady.captured_queries]
        assert "scheduler_reviewstate" not in read and "scheduler_domainstanding" in read
        # The dashboard's: the domains with the rows and each topic's next due day (an index
        # seek from today on), and the states answered today; no scan of the learner's states.
        domains, today_counts = [query["sql"] for query in dashboard.captured_queries]
        assert domains.count("scheduler_reviewstate") == domains.count('"due" >')
        assert '"last_answered_on" =' in today_counts
        assert session.by_domain.keys() == steady_summary.by_domain.keys()


def test_a_domain_with_no_cards_seen_is_stored_once_and_read_after(learner, two_topics):
    topic_ids = [topic.pk for topic in two_topics]
    summarise(learner, topic_ids, TODAY)

    with CaptureQueriesContext(connection) as again:
        summary = summarise(learner, topic_ids, TODAY)

    assert len(again) == 1
    assert all(summary.states(domain.pk).seen == 0 for domain in summary.domains)
