"""A fixture's optional exam format (topic.exam): the practice exams' questions, time and scores."""

from typing import TYPE_CHECKING

from cards.fixture_types import ExamSpec
from cards.models import Topic

if TYPE_CHECKING:
    from cards.fixture_reader import FixtureReader


def read_exam(reader: "FixtureReader", topic: dict) -> ExamSpec:
    """The optional exam format: all of its fields, each in range, or the defaults."""
    if "exam" not in topic:
        return ExamSpec()
    exam = reader.field(topic, "exam", dict, "topic")
    names = list(ExamSpec.__dataclass_fields__)
    unknown = sorted(set(exam) - set(names))
    if unknown:
        raise reader.fail("topic.exam", f"unknown field {unknown[0]!r} (expected {names})")
    values = {
        name: reader.number(exam, name, "topic.exam", column=Topic._meta.get_field(f"exam_{name}"))
        for name in names[:-1]
    }
    values["multiple_response"] = reader.field(exam, "multiple_response", bool, "topic.exam")
    spec = ExamSpec(**values)
    if spec.questions < 1 or spec.minutes < 1:
        raise reader.fail("topic.exam", "needs at least one question and one minute")
    if not spec.score_min < spec.score_max:
        raise reader.fail("topic.exam.score_max", "must be above score_min")
    if not spec.score_min <= spec.pass_mark <= spec.score_max:
        raise reader.fail(
            "topic.exam.pass_mark",
            f"must lie within the score range {spec.score_min}–{spec.score_max}",
        )
    return spec
