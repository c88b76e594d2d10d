"""The per-domain roll-up as the rows say and as the logs say, and a learner's study to fill
them."""

from datetime import timedelta

from django.db.models import Count, Q

from scheduler.models import DomainDay, ReviewLog
from tests.scheduler.answering import answer, days_later, undo

COUNTERS = ["answered", "passed", "became_learned", "stopped_learned"]
SCHEDULED = Q(kind__in=["scheduled", "ahead"])


def logged(user) -> dict:
    """What readiness counted from the logs before the roll-up, per domain and study day (its
    query, written out again), leaving out days that count nothing."""
    learned_before, learned_after = Q(repetitions_before__gte=2), Q(repetitions_after__gte=2)
    rows = (
        ReviewLog.objects.filter(user_id=user.pk)
        .counted()
        .filter(card__is_active=True)
        .values("card__section__domain", "study_day")
        .annotate(
            answered=Count("pk", filter=SCHEDULED),
            passed=Count("pk", filter=SCHEDULED & Q(quality__gte=3)),
            became_learned=Count("pk", filter=learned_after & ~learned_before),
            stopped_learned=Count("pk", filter=~learned_after & learned_before),
        )
    )
    return {
        (row["card__section__domain"], row["study_day"]): [row[name] for name in COUNTERS]
        for row in rows
        if any(row[name] for name in COUNTERS)
    }


def rolled_up(user) -> dict:
    return {
        (row.domain_id, row.day): [getattr(row, name) for name in COUNTERS]
        for row in DomainDay.objects.for_user(user)
        if any(getattr(row, name) for name in COUNTERS)
    }


def study(user, cards, days: int = 8, start: int = 0) -> None:
    """New cards, passes, lapses, re-drills and undos over several study days."""
    for day in range(start, start + days):
        moment = days_later(day)
        for n, card_ in enumerate(cards):
            answer(user, card_, quality=(2 + n + day) % 6, now=moment)
            moment += timedelta(seconds=20)
        for card_ in cards:  # the re-drills of the cards answered below Good
            answer(user, card_, quality=5, now=moment)
            moment += timedelta(seconds=20)
        if day % 3 == 0:
            undo(user, now=moment)
            undo(user, now=moment)
