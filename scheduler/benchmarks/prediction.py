"""What the predicted exam score costs: the dashboard with it, as a ratio to the dashboard
without it, for a learner with 20,000 answers (issue 17)."""

import statistics
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from cards.models import Card, Topic
from scheduler.card_copies import copy_card_fields
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.scheduling import replay, scheduled_answers
from scheduler.standing_invalidation import memory_rewritten

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def seed_studied(user, topic: Topic, answers: int) -> None:
    """A learner who really studied: `answers` counted scheduled answers over a year, and each
    card's state with the FSRS memory the write path would have kept."""
    card_ids = list(Card.objects.filter(topic=topic).values_list("pk", flat=True))
    first_day = NOW.date() - timedelta(days=365)
    ReviewLog.objects.bulk_create(
        (
            ReviewLog(
                user=user,
                card_id=card_ids[i % len(card_ids)],
                topic=topic,
                quality=(4, 4, 5, 2, 3)[i % 5],
                answered_at=NOW - timedelta(days=365 - day),
                study_day=first_day + timedelta(days=day),
                kind="scheduled",
                interval_before=0,
                interval_after=1,
            )
            for i in range(answers)
            for day in [(i // len(card_ids)) * 60 + i % 7]
        ),
        batch_size=2000,
    )
    memories = replay(StudyProfile.for_user(user).algorithm_model(), scheduled_answers(user))
    ReviewState.objects.bulk_create(
        ReviewState(
            user=user,
            card_id=card_id,
            topic=topic,
            repetitions=2,
            interval=10,
            due=NOW.date() + timedelta(days=card_id % 30),
            introduced_on=first_day,
            last_answered_on=memory.last_review,
            fsrs_stability=memory.stability,
            fsrs_difficulty=memory.difficulty,
            fsrs_reviewed_on=memory.last_review,
        )
        for card_id, memory in memories.items()
    )
    copy_card_fields(ReviewState.objects.filter(user=user))


def dashboard_with_and_without_prediction(user, write) -> None:
    """The dashboard's cost with the predicted exam score, as a ratio to it without."""
    client = Client()
    client.force_login(user)
    # The page is rendered without a collectstatic manifest, as in the tests.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        _time_dashboard(client, user, write)


def _time_dashboard(client, user, write) -> None:

    def dashboard():
        response = client.get(reverse("dashboard"), secure=True)
        assert response.status_code == 200, response.status_code

    with_ms = median_ms(dashboard, 15)
    with mock.patch("scheduler.views.dashboard.predict", return_value={}):
        without_ms = median_ms(dashboard, 15)
    # Cards answered before FSRS memory was kept are replayed from the log on every view.
    ReviewState.objects.for_user(user).update(fsrs_stability=None)
    memory_rewritten(user)
    replay_ms = median_ms(dashboard, 5)
    write("dashboard, 6000 cards, 20000 answers: the predicted exam score's cost")
    write(f"  without the prediction       : {without_ms:6.1f} ms median of 15")
    write(f"  with it (memory kept)        : {with_ms:6.1f} ms median of 15")
    write(f"  ratio with/without           : {with_ms / without_ms:6.2f}")
    write(f"  with it, memory replayed     : {replay_ms:6.1f} ms median of 5 (history before FSRS)")
    write(f"  ratio replayed/without       : {replay_ms / without_ms:6.2f}")
