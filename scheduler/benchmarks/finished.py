"""A learner who has introduced every card of a deck (issue 18, the finished-deck cliff).

Proving that no new card is left used to walk every introduced card, so a finished 30,000-card
deck cost a hundred times a finished 600-card one. Two learners per deck: one with a few
reviews due (the review page and answers, as `make benchmark` times them for the others) and
one with nothing due at all, whose queue has to look for a new card and find none.
"""

import statistics
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from cards.models import Card, Topic
from scheduler.benchmarks.requests import Timing, growth, measure_learner, report
from scheduler.card_copies import copy_card_fields
from scheduler.models import Enrolment, ReviewState, StudyProfile
from scheduler.new_card_cursor import advance
from scheduler.queue import build_queue


def seed_finished(user, topic: Topic, *, due_today: int) -> None:
    """A state for every card of `topic`, introduced long ago; the first `due_today` due."""
    now = timezone.now()
    StudyProfile.objects.create(user=user, new_cards_per_day=20)
    Enrolment.objects.create(user=user, topic=topic, enrolled_at=now)
    today = StudyProfile.for_user(user).today(now)
    card_ids = Card.objects.filter(topic=topic).order_by("position").values_list("pk", flat=True)
    ReviewState.objects.bulk_create(
        (
            ReviewState(
                user=user,
                card_id=card_id,
                topic=topic,
                repetitions=3,
                interval=15,
                due=today if n < due_today else today + timedelta(days=1 + n % 60),
                reviews=3,
                introduced_on=today - timedelta(days=300),
                last_answered_on=today - timedelta(days=1 + n % 14),
                last_answered_at=now - timedelta(days=1 + n % 14),
                version=3,
            )
            for n, card_id in enumerate(card_ids)
        ),
        batch_size=2000,
    )
    copy_card_fields(ReviewState.objects.filter(user=user, topic=topic))
    # Where the answers that introduced them would have left the learner's new-card cursor.
    advance(user_id=user.pk, topic_id=topic.pk)


def finished_learners(topic: Topic, repeat: int):
    """Two learners who introduced every card: one with reviews waiting, one caught up."""
    User = get_user_model()
    reviewing = User.objects.create(username=f"finished-{topic.slug}")
    caught_up = User.objects.create(username=f"caught-up-{topic.slug}")
    # Enough due reviews for every answer the benchmark gives (two warm-up rounds): of every
    # four cards, three are cells of one table row, and answering one holds back the others.
    seed_finished(reviewing, topic, due_today=4 * (repeat + 5))
    seed_finished(caught_up, topic, due_today=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    return reviewing, caught_up


def queue_ms(user, topic: Topic, repeat: int) -> float:
    """The median time to build the caught-up learner's queue (no review due, no new card)."""
    profile = StudyProfile.for_user(user)
    today = profile.today(timezone.now())
    timings = []
    for _ in range(repeat + 2):
        start = time.perf_counter()
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        timings.append((time.perf_counter() - start) * 1000)
    if queue.card is not None:
        raise RuntimeError(f"{user} should have nothing left in {topic.slug}")
    return statistics.median(timings[2:])


def measure_finished(topic: Topic, repeat: int) -> tuple[dict[str, Timing], float]:
    reviewing, caught_up = finished_learners(topic, repeat)
    timings = measure_learner(reviewing, topic, repeat, ["review", "answer"])
    return timings, queue_ms(caught_up, topic, repeat)


def report_finished(write, vendor: str, decks: dict[int, tuple[dict[str, Timing], float]]) -> None:
    """The finished learners' table, and how it grows from the small deck to the large."""
    report(
        write, vendor, {f"{size} cards, finished": timings for size, (timings, _) in decks.items()}
    )
    write("  build_queue, caught up (no review due, no new card left), median:")
    for size, (_, ms) in decks.items():
        write(f"    {size} cards: {ms:.2f} ms")
    if len(decks) == 2:
        (small, (small_timings, small_ms)), (large, (large_timings, large_ms)) = decks.items()
        growth(write, f"finished deck {small}->{large}", small_timings, large_timings)
        write(f"  finished deck {small}->{large}: build_queue caught up {large_ms / small_ms:.2f}")
