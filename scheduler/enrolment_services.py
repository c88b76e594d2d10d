"""The one write path for enrolments: enrol, leave, change_plan.

Each takes the version of the enrolment the form was rendered with (0 before the first
enrolment) and refuses, changing nothing, when it is not the current one: a double click, a
second tab or a replayed request is told what happened instead of acting twice. Each starts
from the acting learner, so no form can name another learner's enrolment. Leaving keeps every
ReviewState and ReviewLog; enrolling again takes that history back up where it was.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from cards.models import Topic
from scheduler.enrolment import Enrolment


@dataclass(frozen=True)
class EnrolmentResult:
    applied: bool
    # Why the action was refused, in words for the learner; "" when applied.
    refusal: str
    enrolment: Enrolment | None


def _refused(refusal: str, enrolment: Enrolment | None = None) -> EnrolmentResult:
    return EnrolmentResult(False, refusal, enrolment)


def _out_of_date(topic: Topic) -> str:
    return (
        f"Your enrolment in {topic.title} changed since this page was shown (another tab?); "
        "nothing was changed. Here it is as it is now."
    )


def _locked(user, topic: Topic) -> Enrolment | None:
    return Enrolment.objects.for_user(user).select_for_update().filter(topic=topic).first()


def enrol(
    *, user, topic: Topic, expected_version: int, now: datetime, exam_date: date | None = None
) -> EnrolmentResult:
    """Study `topic`, or study it again after leaving it (with the history kept)."""
    try:
        with transaction.atomic():
            enrolment = _locked(user, topic)
            if enrolment is not None and enrolment.active:
                return _refused(f"You already study {topic.title}; nothing changed.", enrolment)
            if (enrolment.version if enrolment else 0) != expected_version:
                return _refused(_out_of_date(topic), enrolment)
            if enrolment is None:
                enrolment = Enrolment.objects.create(
                    user=user, topic=topic, enrolled_at=now, exam_date=exam_date, version=1
                )
                return EnrolmentResult(True, "", enrolment)
            enrolment.left_at = None
            enrolment.enrolled_at = now
            if exam_date is not None:
                enrolment.exam_date = exam_date
            enrolment.version += 1
            enrolment.save(update_fields=["left_at", "enrolled_at", "exam_date", "version"])
    except IntegrityError:
        # Another request enrolled the learner in this topic first.
        return _refused(f"You already study {topic.title}; nothing changed.")
    return EnrolmentResult(True, "", enrolment)


def leave(*, user, topic: Topic, expected_version: int, now: datetime) -> EnrolmentResult:
    """Stop studying `topic`: off the dashboard and out of the queue, every answer kept."""
    with transaction.atomic():
        enrolment = _locked(user, topic)
        if enrolment is None or not enrolment.active:
            return _refused(f"You do not study {topic.title}; nothing changed.", enrolment)
        if enrolment.version != expected_version:
            return _refused(_out_of_date(topic), enrolment)
        enrolment.left_at = now
        enrolment.version += 1
        enrolment.save(update_fields=["left_at", "version"])
    return EnrolmentResult(True, "", enrolment)


def change_plan(
    *,
    user,
    topic: Topic,
    expected_version: int,
    exam_date: date | None,
    new_cards_per_day: int | None,
    reviews_per_day: int | None,
    leech_threshold: int | None,
) -> EnrolmentResult:
    """The topic's own exam date, limits and leech threshold (None: the profile's).

    The values come validated from scheduler.enrolment_forms.PlanForm.
    """
    with transaction.atomic():
        enrolment = _locked(user, topic)
        if enrolment is None or not enrolment.active:
            return _refused(
                f"You do not study {topic.title}, so it has no settings to change; "
                "start studying it first.",
                enrolment,
            )
        if enrolment.version != expected_version:
            return _refused(_out_of_date(topic), enrolment)
        enrolment.exam_date = exam_date
        enrolment.new_cards_per_day = new_cards_per_day
        enrolment.reviews_per_day = reviews_per_day
        enrolment.leech_threshold = leech_threshold
        enrolment.version += 1
        enrolment.save(
            update_fields=[
                "exam_date",
                "new_cards_per_day",
                "reviews_per_day",
                "leech_threshold",
                "version",
            ]
        )
    return EnrolmentResult(True, "", enrolment)
