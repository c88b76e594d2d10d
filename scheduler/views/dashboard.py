"""The dashboard: each topic's queue, progress per domain (seen, learned, mature), today's
session, readiness and days left."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, Min, OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cards.models import Card, CardReport, Topic
from scheduler.models import ReviewState, StudyProfile
from scheduler.queue import QueueCounts, count_queues
from scheduler.stats import LEARNED_REPETITIONS, MATURE_INTERVAL, Readiness, readiness_by_topic
from scheduler.views.common import HtmxHttpRequest, today_for

RESOLVED_REPORTS_SHOWN = timedelta(days=14)


@dataclass
class DomainProgress:
    number: int
    title: str
    weight: int
    learned: int = 0
    total: int = 0
    seen: int = 0
    mature: int = 0
    # Today's session: cards first seen today, cards answered today, and those of them whose
    # first answer today failed (they start over tomorrow).
    new_today: int = 0
    answered_today: int = 0
    again_tomorrow: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0


@dataclass
class TopicRow:
    topic: Topic
    counts: QueueCounts
    next_due: date | None = None
    domains: list[DomainProgress] = field(default_factory=list)
    # Exam readiness (scheduler.stats): overall, per domain, and the days left.
    readiness: Readiness | None = None

    @property
    def learned(self) -> int:
        return sum(domain.learned for domain in self.domains)

    @property
    def seen(self) -> int:
        return sum(domain.seen for domain in self.domains)

    @property
    def mature(self) -> int:
        return sum(domain.mature for domain in self.domains)

    @property
    def new_today(self) -> int:
        return sum(domain.new_today for domain in self.domains)

    @property
    def reviewed_today(self) -> int:
        return sum(domain.answered_today - domain.new_today for domain in self.domains)

    @property
    def again_tomorrow(self) -> int:
        return sum(domain.again_tomorrow for domain in self.domains)

    @property
    def total(self) -> int:
        return sum(domain.total for domain in self.domains)

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0

    @property
    def over_limit(self) -> int:
        return self.counts.due_waiting - self.counts.reviews


def _domain_progress(user, topic_ids: list[int], today: date) -> dict[int, list[DomainProgress]]:
    """Seen / learned / mature / total active cards per domain of every topic, and what today's
    session did, in one grouped query.

    A card counts as learned from its second correct answer in a row (repetitions ≥ 2) and as
    mature from an interval of 21 days, the rules exam readiness uses (scheduler.stats).
    """
    states = ReviewState.objects.for_user(user).filter(card=OuterRef("pk"))
    seen = states.filter(introduced_on__isnull=False)
    answered_today = states.filter(last_answered_on=today)
    rows = (
        Card.objects.active()
        .filter(topic_id__in=topic_ids)
        .values(
            "topic_id",
            "section__domain__number",
            "section__domain__title",
            "section__domain__weight",
        )
        .annotate(
            total=Count("pk"),
            seen=Count("pk", filter=Exists(seen)),
            learned=Count("pk", filter=Exists(states.filter(repetitions__gte=LEARNED_REPETITIONS))),
            mature=Count("pk", filter=Exists(states.filter(interval__gte=MATURE_INTERVAL))),
            new_today=Count("pk", filter=Exists(seen.filter(introduced_on=today))),
            answered_today=Count("pk", filter=Exists(answered_today)),
            again_tomorrow=Count("pk", filter=Exists(answered_today.filter(repetitions=0))),
        )
        .order_by("topic_id", "section__domain__number")
    )
    by_topic: dict[int, list[DomainProgress]] = {}
    for row in rows:
        by_topic.setdefault(row.pop("topic_id"), []).append(
            DomainProgress(
                number=row.pop("section__domain__number"),
                title=row.pop("section__domain__title"),
                weight=row.pop("section__domain__weight"),
                **row,
            )
        )
    return by_topic


@require_GET
@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    topics = list(Topic.objects.order_by("title"))
    topic_ids = [topic.pk for topic in topics]
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=topic_ids)
    domains = _domain_progress(user, topic_ids, today)
    readiness = readiness_by_topic(user, topic_ids, today)
    next_due = dict(
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id__in=topic_ids, card__is_active=True, due__gt=today)
        .values("topic_id")
        .annotate(next_due=Min("due"))
        .values_list("topic_id", "next_due")
    )
    rows = [
        TopicRow(
            topic=topic,
            counts=counts.get(topic.pk, QueueCounts()),
            next_due=next_due.get(topic.pk),
            domains=domains.get(topic.pk, []),
            readiness=readiness.get(topic.pk),
        )
        for topic in topics
    ]
    # Reports of the learner's that an editor resolved lately: the reporter is told here.
    resolved_reports = list(
        CardReport.objects.filter(
            reporter=user, resolved_at__gte=timezone.now() - RESOLVED_REPORTS_SHOWN
        )
        .select_related("card__topic")
        .order_by("-resolved_at")
    )
    return render(
        request,
        "scheduler/dashboard.html",
        {
            "rows": rows,
            "profile": profile,
            "today": today,
            "resolved_reports": resolved_reports,
        },
    )
