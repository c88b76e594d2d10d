"""The learner's submitted mock exams as the dashboard and the statistics page show them:
the latest per topic, and a topic's scores over time. Each is one query, compiled once
(scheduler.prepared)."""

from cards.models import Topic
from scheduler import charts, prepared
from scheduler.practice_models import PracticeAttempt

_ATTEMPT_FIELDS = tuple(field.attname for field in PracticeAttempt._meta.concrete_fields)


def last_results(user, topic_ids) -> dict[int, PracticeAttempt]:
    """Each topic's latest submitted mock exam, for the dashboard (one query, compiled once:
    scheduler.prepared)."""
    if not topic_ids:
        return {}
    rows = prepared.rows(
        ("last mock results",),
        lambda values: _mock_exams(values).order_by("topic_id", "-started_at"),
        prepared.Values(user.pk, topic_ids=list(topic_ids)),
    )
    latest: dict[int, PracticeAttempt] = {}
    for row in rows:
        if row["topic_id"] not in latest:
            latest[row["topic_id"]] = _attempt_from_row(row)
    return latest


def _mock_exams(values: prepared.Values):
    """The learner's submitted mock exams in the topics asked for, as rows of their fields."""
    return (
        PracticeAttempt.objects.filter(user_id=values.user_id)
        .submitted()
        .filter(topic_id__in=values.topic_ids, kind=PracticeAttempt.Kind.EXAM)
        .values(*_ATTEMPT_FIELDS)
    )


def _attempt_from_row(row: dict) -> PracticeAttempt:
    return PracticeAttempt.from_db("default", _ATTEMPT_FIELDS, [row[f] for f in _ATTEMPT_FIELDS])


def mock_scores(user, topic: Topic) -> dict:
    """The learner's mock exams of a topic over time, for the statistics page (one query,
    compiled once: scheduler.prepared)."""
    rows = prepared.rows(
        ("mock scores",),
        lambda values: _mock_exams(values).order_by("-started_at")[:20],
        prepared.Values(user.pk, topic_ids=[topic.pk]),
    )
    mocks = [_attempt_from_row(row) for row in reversed(rows)]
    points = [
        (
            f"{mock.started_at:%b} {mock.started_at.day}",
            round(100 * (mock.scaled_score - mock.score_min) / (mock.score_max - mock.score_min)),
        )
        for mock in mocks
    ]
    return {"mocks": mocks, "mock_chart": charts.percent_line(points) if points else ""}
