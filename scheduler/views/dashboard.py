"""The dashboard: each topic the learner studies with its queue, progress per domain (seen,
learned, mature), today's session, readiness and days left to its own exam date; and the
topics they do not study, offered ("Start studying X")."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cards.models import CardReport, Topic
from scheduler import prepared
from scheduler.cram import weakest_domain
from scheduler.enrolment import ENROLMENT_COLUMNS, StudyPlan, with_enrolment
from scheduler.models import StudyProfile
from scheduler.practice_models import PracticeAttempt
from scheduler.practice_scores import last_results
from scheduler.queue import count_queues
from scheduler.queue_types import QueueCounts
from scheduler.stats import DomainReadiness, Readiness, readiness_by_topic
from scheduler.stats.prediction import Prediction, predict
from scheduler.stats.summary import Summary, summarise
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.extra_study import latest_cram_sessions

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
    # The learner's plan for the topic: its own exam date and limits (scheduler.enrolment).
    plan: StudyPlan | None = None
    next_due: date | None = None
    domains: list[DomainProgress] = field(default_factory=list)
    # Exam readiness (scheduler.stats): overall, per domain, and the days left.
    readiness: Readiness | None = None
    # The domain to cram first ("study now", scheduler.cram.weakest_domain).
    weakest: DomainReadiness | None = None
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
    readiness: dict[int, Readiness], summary: Summary
) -> dict[int, list[DomainProgress]]:
    """Seen / learned / mature / total active cards per domain of every topic (from readiness,
    which read them from the learner's standings) and what today's session did (counted from
    the states answered today, scheduler.stats.summary): no query of its own.

    A card counts as learned from its second correct answer in a row (repetitions ≥ 2) and as
    mature from an interval of 21 days, the rules exam readiness uses (scheduler.stats).
    """
    progress = {}
    for topic_id, topic_readiness in readiness.items():
        progress[topic_id] = []
        for domain in topic_readiness.domains:
            if not domain.active_cards:
                continue
            today = summary.states(domain.domain_id)
            progress[topic_id].append(
                DomainProgress(
                    number=domain.number,
                    title=domain.title,
                    weight=domain.weight,
                    learned=domain.learned,
                    total=domain.active_cards,
                    seen=domain.seen,
                    mature=domain.mature,
                    new_today=today.new_today,
                    answered_today=today.answered_today,
                    again_tomorrow=today.again_tomorrow,
                )
            )
    return progress


@dataclass(frozen=True)
class ResolvedReport:
    prompt: str
    topic_title: str
    reason: str  # as the report form names it
    resolved_at: datetime


_REASONS = dict(CardReport._meta.get_field("reason").flatchoices)


def _resolved_reports(user, now: datetime) -> list[ResolvedReport]:
    """The learner's reports an editor resolved since RESOLVED_REPORTS_SHOWN ago, latest
    first, in one query compiled once (scheduler.prepared)."""
    rows = prepared.rows(
        ("resolved reports",),
        lambda values: (
            CardReport.objects.filter(
                reporter_id=values.user_id, resolved_at__gte=values.moments[0]
            )
            .order_by("-resolved_at")
            .values("card__prompt", "card__topic__title", "reason", "resolved_at")
        ),
        prepared.Values(user.pk, moments=[now - RESOLVED_REPORTS_SHOWN]),
    )
    return [
        ResolvedReport(
            prompt=row["card__prompt"],
            topic_title=row["card__topic__title"],
            reason=str(_REASONS.get(row["reason"], row["reason"])),
            resolved_at=row["resolved_at"],
        )
        for row in rows
    ]


_TOPIC_FIELDS = tuple(field.attname for field in Topic._meta.concrete_fields)


def _topics_with_enrolment(user) -> tuple[list[Topic], int]:
    """Every topic by title, each with the learner's enrolment in it (with_enrolment), and the
    id the cram forms carry (extra_study.latest_cram_session, 0 for none): one query compiled
    once (scheduler.prepared)."""
    rows = prepared.rows(
        ("dashboard topics",),
        lambda values: (
            with_enrolment(Topic.objects.order_by("title"), values.user_id)
            .annotate(latest_cram=Subquery(latest_cram_sessions(values.user_id).values("pk")[:1]))
            .values(*_TOPIC_FIELDS, *ENROLMENT_COLUMNS, "latest_cram")
        ),
        prepared.Values(user.pk),
    )
    topics = []
    for row in rows:
        topic = Topic.from_db("default", _TOPIC_FIELDS, [row[name] for name in _TOPIC_FIELDS])
        for name in ENROLMENT_COLUMNS:
            setattr(topic, name, row[name])
        topics.append(topic)
    # Without a topic there is no cram form to carry it.
    latest_cram = rows[0]["latest_cram"] if rows else None
    return topics, latest_cram or 0


@require_GET
@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    # Every topic with the learner's enrolment in it, in one query: the enrolled ones get a
    # row, the others are offered.
    all_topics, latest_cram = _topics_with_enrolment(user)
    plans = {topic.pk: StudyPlan.of(profile, topic.pk, topic) for topic in all_topics}
    topics = [topic for topic in all_topics if plans[topic.pk].enrolled]
    offered = [(topic, plans[topic.pk]) for topic in all_topics if not plans[topic.pk].enrolled]
    topic_ids = [topic.pk for topic in topics]
    exam_dates = {topic_id: plans[topic_id].exam_date for topic_id in topic_ids}
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=topic_ids, plans=plans)
    # Domains and the learner's cards per domain, counted once for readiness and prediction.
    summary = summarise(user, topic_ids, today, exam_dates, session=True)
    readiness = readiness_by_topic(user, topic_ids, today, exam_dates=exam_dates, summary=summary)
    predictions = predict(user, topic_ids, today, exam_dates, summary=summary)
    domains = _domain_progress(readiness, summary)
    last_mocks = last_results(user, topic_ids)
    rows = [
        TopicRow(
            topic=topic,
            counts=counts.get(topic.pk, QueueCounts()),
            plan=plans[topic.pk],
            next_due=summary.next_due(topic.pk),
            domains=domains.get(topic.pk, []),
            readiness=readiness.get(topic.pk),
            weakest=weakest_domain(readiness[topic.pk].domains) if topic.pk in readiness else None,
            prediction=predictions.get(topic.pk),
            last_mock=last_mocks.get(topic.pk),
        )
        for topic in topics
    ]
    # Reports of the learner's that an editor resolved lately: the reporter is told here.
    resolved_reports = _resolved_reports(user, timezone.now())
    return render(
        request,
        "scheduler/dashboard.html",
        {
            "rows": rows,
            "offered": offered,
            "topics_exist": bool(all_topics),
            "profile": profile,
            "today": today,
            "resolved_reports": resolved_reports,
            # What a "cram my weakest domain" form carries, so a second click starts nothing.
            "latest_cram": latest_cram,
        },
    )
