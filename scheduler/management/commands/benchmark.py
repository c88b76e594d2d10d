"""How the hot paths scale: `make benchmark` (prefix DATABASE_URL=… for PostgreSQL).

Prints median timings and, more usefully, ratios between a small and a large deck or history.
A ratio near 1 means the path does not slow down as the deck or the history grows. It runs on a
throw-away test database and is not a test: these machines are too noisy to assert timings.
"""

import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
from django.urls import reverse

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card, Domain, Section, Topic
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue
from scheduler.scheduling import replay, scheduled_answers
from scheduler.services import answer_card

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ROOT = Path(settings.BASE_DIR)


def median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def make_deck(slug: str, size: int) -> Topic:
    topic = Topic.objects.create(slug=slug, title=slug)
    domain = Domain.objects.create(topic=topic, number=1, title="d", weight=100)
    section = Section.objects.create(domain=domain, position=1, title="s")
    Card.objects.bulk_create(
        Card(
            topic=topic,
            section=section,
            key=f"{slug}-{i}",
            kind="scenario",
            prompt=f"cue {i}",
            answer=f"answer {i}",
            position=i,
        )
        for i in range(size)
    )
    return topic


def seed_history(user, topic: Topic, answers: int) -> None:
    """Past answers (already undone, so they do not change today's queue) to grow the log."""
    card_ids = list(Card.objects.filter(topic=topic).values_list("pk", flat=True)[:200])
    state = {"version": 0, "interval": 0}
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            card_id=card_ids[i % len(card_ids)],
            topic=topic,
            quality=4,
            answered_at=NOW - timedelta(days=1 + i % 365),
            study_day=(NOW - timedelta(days=1 + i % 365)).date(),
            kind="scheduled",
            state_before=state,
            state_after=state,
            interval_before=0,
            interval_after=1,
            undone=True,
        )
        for i in range(answers)
    )


def answer_and_next(user, topic: Topic, repeat: int) -> float:
    profile = StudyProfile.for_user(user)
    today = NOW.date()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        answer_card(user=user, card=queue.card, quality=4, expected_version=queue.version, now=NOW)
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
                state_before={},
                state_after={},
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
    replay_ms = median_ms(dashboard, 5)
    write("dashboard, 6000 cards, 20000 answers: the predicted exam score's cost")
    write(f"  without the prediction       : {without_ms:6.1f} ms median of 15")
    write(f"  with it (memory kept)        : {with_ms:6.1f} ms median of 15")
    write(f"  ratio with/without           : {with_ms / without_ms:6.2f}")
    write(f"  with it, memory replayed     : {replay_ms:6.1f} ms median of 5 (history before FSRS)")
    write(f"  ratio replayed/without       : {replay_ms / without_ms:6.2f}")


def run(write) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        User = get_user_model()
        small_user = User.objects.create(username="small")
        large_user = User.objects.create(username="large")
        for user in (small_user, large_user):
            StudyProfile.objects.create(user=user, new_cards_per_day=1000)
        small = make_deck("small", 600)
        large = make_deck("large", 6000)
        seed_history(large_user, large, 20000)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load; without it the planner guesses.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        small_ms = answer_and_next(small_user, small, 50)
        large_ms = answer_and_next(large_user, large, 50)
        write(f"{connection.vendor}: answer + next card (queue, answer, log)")
        write(f"  600 cards, no history        : {small_ms:6.2f} ms median of 50")
        write(f"  6000 cards, 20000 past answers: {large_ms:6.2f} ms median of 50")
        write(f"  ratio large/small            : {large_ms / small_ms:6.2f}")

        studied_user = User.objects.create(username="studied")
        StudyProfile.objects.create(user=studied_user, exam_date=NOW.date() + timedelta(days=20))
        seed_studied(studied_user, large, 20000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        dashboard_with_and_without_prediction(studied_user, write)

        text = (ROOT / "fixtures" / "aws-dva-c02.json").read_bytes()
        fixture = load_fixture(text, "aws-dva-c02.json")
        first = median_ms(lambda: import_topic(fixture, now=NOW), 1)
        again = median_ms(lambda: import_topic(fixture, now=NOW), 5)
        write("import of the DVA-C02 fixture (592 cards)")
        write(f"  first import                 : {first:6.1f} ms")
        write(f"  re-import, nothing changed   : {again:6.1f} ms median of 5")
        write(f"  ratio re-import/first        : {again / first:6.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


class Command(BaseCommand):
    help = "Time answering and importing on a throw-away database; prints ratios."

    def handle(self, **options) -> None:
        run(self.stdout.write)
