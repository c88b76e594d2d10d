"""The dashboard: each topic's queue, progress per domain (seen, learned, mature), today's
session, readiness and days left."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cards.models import CardReport, Topic
from scheduler.models import ReviewState, StudyProfile
from scheduler.practice_models import PracticeAttempt
from scheduler.queue import QueueCounts, count_queues
from scheduler.stats import Readiness, readiness_by_topic
from scheduler.stats.prediction import Prediction, predict
from scheduler.stats.summary import summarise
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.practice import last_results

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
    # The predicted exam score from the FSRS memory of every card (scheduler.stats.prediction).
    prediction: Prediction | None = None
    # The latest mock exam's result (scheduler.views.practice).
    last_mock: PracticeAttempt | None = None

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


def _domain_progress(
    user, readiness: dict[int, Readiness], today: date
) -> dict[int, list[DomainProgress]]:
    """Seen / learned / mature / total active cards per domain of every topic (from readiness,
    which already counted them), and what today's session did, in one more grouped query over
    the learner's cards answered today: the cost does not grow with the deck.

    A card counts as learned from its second correct answer in a row (repetitions ≥ 2) and as
    mature from an interval of 21 days, the rules exam readiness uses (scheduler.stats).
    """
    today_rows = {
        row.pop("card__section__domain"): row
        for row in ReviewState.objects.for_user(user)
        .filter(topic_id__in=list(readiness), last_answered_on=today, card__is_active=True)
        .values("card__section__domain")
        .annotate(
            new_today=Count("pk", filter=Q(introduced_on=today)),
            answered_today=Count("pk"),
            again_tomorrow=Count("pk", filter=Q(repetitions=0)),
        )
        .order_by()
    }
    return {
        topic_id: [
            DomainProgress(
                number=domain.number,
                title=domain.title,
                weight=domain.weight,
                learned=domain.learned,
                total=domain.active_cards,
                seen=domain.seen,
                mature=domain.mature,
                **today_rows.get(domain.domain_id, {}),
            )
            for domain in topic_readiness.domains
            if domain.active_cards
        ]
        for topic_id, topic_readiness in readiness.items()
    }


def _next_due(user, topic_ids: list[int], today: date) -> dict[int, date]:
    """Each topic's next due day after today, in one query: per topic, the learner's due index
    is walked from tomorrow to the first active card, not every later state counted."""
    first_due = (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id=OuterRef("pk"), card__is_active=True, due__gt=today)
        .order_by("due")
        .values("due")[:1]
    )
    rows = (
        Topic.objects.filter(pk__in=topic_ids)
        .annotate(next_due=Subquery(first_due))
        .values_list("pk", "next_due")
    )
    return {topic_id: day for topic_id, day in rows if day is not None}


@require_GET
@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    topics = list(Topic.objects.order_by("title"))
    topic_ids = [topic.pk for topic in topics]
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=topic_ids)
    # Domains and the learner's cards per domain, counted once for readiness and prediction.
    summary = summarise(user, topic_ids, today)
    readiness = readiness_by_topic(user, topic_ids, today, summary=summary)
    predictions = predict(user, topic_ids, today, summary=summary)
    domains = _domain_progress(user, readiness, today)
    last_mocks = last_results(user, topic_ids)
    next_due = _next_due(user, topic_ids, today)
    rows = [
        TopicRow(
            topic=topic,
            counts=counts.get(topic.pk, QueueCounts()),
            next_due=next_due.get(topic.pk),
            domains=domains.get(topic.pk, []),
            readiness=readiness.get(topic.pk),
            prediction=predictions.get(topic.pk),
            last_mock=last_mocks.get(topic.pk),
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
