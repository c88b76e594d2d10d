"""A topic's exam format: optional in the fixture, checked like every field, kept on the topic."""

from datetime import UTC, datetime

import pytest

from cards.fixture import FixtureError, load_fixture
from cards.fixture_types import ExamSpec
from cards.importer import import_topic
from cards.models import Topic
from tests.cards.fixture_data import as_text, topic_fixture

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DVA = {
    "questions": 65,
    "minutes": 130,
    "score_min": 100,
    "score_max": 1000,
    "pass_mark": 720,
    "multiple_response": True,
}


def with_exam(exam) -> dict:
    data = topic_fixture()
    data["topic"]["exam"] = exam
    return data


def test_a_fixture_without_an_exam_gets_twenty_questions_in_thirty_minutes():
    fixture = load_fixture(as_text(topic_fixture()), "demo.json")

    assert fixture.exam == ExamSpec(questions=20, minutes=30)


def test_the_exam_format_is_read_from_the_topic():
    fixture = load_fixture(as_text(with_exam(DVA)), "demo.json")

    assert fixture.exam == ExamSpec(**DVA)


@pytest.mark.parametrize(
    ("exam", "where", "problem"),
    [
        ([65], "topic.exam", "must be an object"),
        (DVA | {"seconds": 5}, "topic.exam", "unknown field 'seconds'"),
        ({k: v for k, v in DVA.items() if k != "minutes"}, "topic.exam.minutes", "missing"),
        (DVA | {"questions": True}, "topic.exam.questions", "must be a whole number"),
        (DVA | {"questions": 0}, "topic.exam", "at least one question"),
        (DVA | {"minutes": 70000}, "topic.exam.minutes", "must be a whole number 0–32767"),
        (DVA | {"score_max": 100}, "topic.exam.score_max", "must be above score_min"),
        (DVA | {"pass_mark": 1001}, "topic.exam.pass_mark", "within the score range 100–1000"),
        (DVA | {"multiple_response": "yes"}, "topic.exam.multiple_response", "true or false"),
    ],
)
def test_a_wrong_exam_format_names_the_field_and_the_problem(exam, where, problem):
    with pytest.raises(FixtureError) as raised:
        load_fixture(as_text(with_exam(exam)), "demo.json")

    assert raised.value.where == where
    assert problem in raised.value.problem


@pytest.mark.django_db
def test_an_import_keeps_the_format_on_the_topic_and_a_later_fixture_changes_it():
    import_topic(load_fixture(as_text(with_exam(DVA)), "demo.json"), now=NOW)
    topic = Topic.objects.get(slug="demo")
    assert (topic.exam_questions, topic.exam_minutes, topic.exam_pass_mark) == (65, 130, 720)
    assert topic.exam_multiple_response

    report = import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)

    topic.refresh_from_db()
    assert (topic.exam_questions, topic.exam_minutes, topic.exam_multiple_response) == (
        20,
        30,
        False,
    )
    assert "Topic demo: exam format updated." in report.outline_changes


def test_the_dva_fixture_carries_the_real_exams_format():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "fixtures" / "aws-dva-c02.json").read_bytes()
    assert load_fixture(text, "aws-dva-c02.json").exam == ExamSpec(**DVA)
