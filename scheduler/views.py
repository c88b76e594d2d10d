"""The study pages: dashboard, the review loop, study settings and sign-up.

The review views write only through scheduler.services (answer_card, undo_last_answer) and
read the queue through scheduler.queue. With htmx they return the page's `card` fragment;
without JavaScript the same forms post and get full pages.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from cards.models import Card, Topic
from scheduler import sm2
from scheduler.forms import SIX_GRADE_HINTS, AnswerForm, RevealForm, StudyProfileForm, grades_for
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import Queue, QueueCounts, build_queue, count_queues
from scheduler.services import answer_card, undo_last_answer
from scheduler.stats import LEARNED_REPETITIONS, Readiness, readiness_by_topic
from scheduler.study_day import study_day


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _today(profile: StudyProfile) -> date:
    return study_day(timezone.now(), profile.zone, profile.day_starts_at)


# --------------------------------------------------------------------------------------------
# Dashboard


@dataclass
class DomainProgress:
    number: int
    title: str
    weight: int
    learned: int = 0
    total: int = 0

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
    def total(self) -> int:
        return sum(domain.total for domain in self.domains)

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0

    @property
    def over_limit(self) -> int:
        return self.counts.due_waiting - self.counts.reviews


def _domain_progress(user, topic_ids: list[int]) -> dict[int, list[DomainProgress]]:
    """Learned / total active cards per domain of every topic, in one grouped query.

    A card counts as learned from its second correct answer in a row (repetitions ≥ 2), the
    same rule exam readiness uses (scheduler.stats).
    """
    learned = ReviewState.objects.for_user(user).filter(
        card=OuterRef("pk"), repetitions__gte=LEARNED_REPETITIONS
    )
    rows = (
        Card.objects.active()
        .filter(topic_id__in=topic_ids)
        .values(
            "topic_id",
            "section__domain__number",
            "section__domain__title",
            "section__domain__weight",
        )
        .annotate(total=Count("pk"), learned=Count("pk", filter=Exists(learned)))
        .order_by("topic_id", "section__domain__number")
    )
    by_topic: dict[int, list[DomainProgress]] = {}
    for row in rows:
        by_topic.setdefault(row["topic_id"], []).append(
            DomainProgress(
                number=row["section__domain__number"],
                title=row["section__domain__title"],
                weight=row["section__domain__weight"],
                learned=row["learned"],
                total=row["total"],
            )
        )
    return by_topic


@require_GET
@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    today = _today(profile)
    topics = list(Topic.objects.order_by("title"))
    topic_ids = [topic.pk for topic in topics]
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=topic_ids)
    domains = _domain_progress(user, topic_ids)
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
    return render(
        request,
        "scheduler/dashboard.html",
        {"rows": rows, "profile": profile, "today": today},
    )


# --------------------------------------------------------------------------------------------
# Review


@dataclass(frozen=True)
class GradeButton:
    quality: int
    name: str
    key: str
    interval: int
    hint: str = ""
    default: bool = False

    @property
    def interval_label(self) -> str:
        return interval_label(self.interval)


def interval_label(days: int) -> str:
    if days < 1:
        return "today"
    if days == 1:
        return "1 day"
    if days < 31:
        return f"{days} days"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + " months"
    return f"{days / 365:.1f}".removesuffix(".0") + " years"


def _grade_buttons(
    profile: StudyProfile, state: ReviewState | None, redrill: bool, default: int
) -> list[GradeButton]:
    grades = grades_for(profile)
    current = state.sm2_state if state is not None else sm2.SM2State()
    if redrill:
        # Only the first answer of the study day moves the schedule (DESIGN.md).
        intervals = {quality: current.interval for quality, _, _ in grades}
    else:
        intervals = sm2.preview(current, [quality for quality, _, _ in grades])
    six = profile.grading_scale == StudyProfile.GradingScale.SIX
    return [
        GradeButton(
            quality=quality,
            name=name,
            key=key,
            interval=intervals[quality],
            hint=SIX_GRADE_HINTS[quality] if six else "",
            default=quality == default,
        )
        for quality, name, key in grades
    ]


def _summary(user, topic: Topic, today: date) -> dict:
    """What today's session in `topic` came to: two aggregate queries."""
    answers = (
        ReviewLog.objects.for_user(user)
        .counted()
        .filter(topic=topic, study_day=today)
        .aggregate(
            answered=Count("pk"),
            cards=Count("card", distinct=True),
            correct=Count("pk", filter=Q(quality__gte=3)),
            redrilled=Count("card", distinct=True, filter=Q(kind=ReviewLog.Kind.REDRILL)),
        )
    )
    ahead = (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic=topic, card__is_active=True)
        .aggregate(
            due_tomorrow=Count("pk", filter=Q(due__lte=today + timedelta(days=1))),
            next_due=Min("due", filter=Q(due__gt=today)),
        )
    )
    answered = answers["answered"]
    return {
        **answers,
        **ahead,
        "correct_percent": round(100 * answers["correct"] / answered) if answered else None,
    }


def _render_review(
    request: HtmxHttpRequest,
    *,
    topic: Topic,
    profile: StudyProfile,
    queue: Queue,
    face: str = "front",
    status: int = 200,
    **extra,
) -> HttpResponse:
    context = {
        "topic": topic,
        "profile": profile,
        "queue": queue,
        "counts": queue.counts,
        "card": queue.card,
        "version": queue.version,
        "face": face,
        **extra,
    }
    if queue.card is None:
        context["summary"] = _summary(request.user, topic, queue.today)
    template = "scheduler/review.html#card" if request.htmx else "scheduler/review.html"
    return render(request, template, context, status=status)


def _refuse(
    request: HtmxHttpRequest, topic_slug: str, profile: StudyProfile, error: str
) -> HttpResponse:
    """Bad input: say what is wrong, change nothing, and show the current card again."""
    topic = get_object_or_404(Topic, slug=topic_slug)
    queue = build_queue(
        user=request.user, profile=profile, topic_id=topic.pk, today=_today(profile)
    )
    return _render_review(
        request, topic=topic, profile=profile, queue=queue, status=400, error=error
    )


@require_GET
@login_required
def review(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    profile = StudyProfile.for_user(request.user)
    queue = build_queue(
        user=request.user, profile=profile, topic_id=topic.pk, today=_today(profile)
    )
    return _render_review(request, topic=topic, profile=profile, queue=queue)


@require_POST
@login_required
def reveal(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    form = RevealForm(request.POST, topic_slug=topic_slug)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    card: Card = form.cleaned_data["card"]
    topic = card.topic
    today = _today(profile)
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    version = state.version if state is not None else 0
    if version != form.cleaned_data["version"] or not card.is_active:
        # Answered meanwhile (another tab, the back button): show what is current instead.
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        return _render_review(
            request,
            topic=topic,
            profile=profile,
            queue=queue,
            notice="That card was already answered; here is your current card.",
        )
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=[topic.pk])[topic.pk]
    picked = form.cleaned_data["verdict"]
    wrong_pick = card.kind == Card.Kind.TRAP and picked != card.verdict
    redrill = (
        state is not None and state.introduced_on is not None and state.last_answered_on == today
    )
    # A wrong verdict preselects a failing grade (2, "Again"); otherwise 4, "Good".
    default = 2 if wrong_pick else 4
    return _render_review(
        request,
        topic=topic,
        profile=profile,
        queue=Queue(today, counts, card, state, version),
        face="back",
        picked_verdict=picked,
        redrill=redrill,
        redrill_interval=interval_label(state.interval) if redrill else "",
        grades=_grade_buttons(profile, state, redrill, default),
    )


@require_POST
@login_required
def answer(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    form = AnswerForm(request.POST, topic_slug=topic_slug, profile=profile)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    card: Card = form.cleaned_data["card"]
    result = answer_card(
        user=user,
        card=card,
        quality=form.cleaned_data["quality"],
        expected_version=form.cleaned_data["version"],
        now=timezone.now(),
    )
    if not request.htmx:
        # Post/redirect/get: reloading the page then cannot send the answer again.
        if result.refusal:
            messages.info(request, result.refusal)
        return redirect("review", topic_slug=card.topic.slug)
    return _render_review(
        request, topic=card.topic, profile=profile, queue=result.next, notice=result.refusal
    )


@require_POST
@login_required
def undo(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    topic = get_object_or_404(Topic, slug=topic_slug)
    profile = StudyProfile.for_user(user)
    result = undo_last_answer(user=user, now=timezone.now(), topic=topic)
    if not request.htmx:
        # The queue puts the undone card first again: its state is what it was before.
        messages.info(request, result.refusal or "Answer undone.")
        return redirect("review", topic_slug=topic.slug)
    today = _today(profile)
    if not result.undone:
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        return _render_review(
            request, topic=topic, profile=profile, queue=queue, notice=result.refusal
        )
    state = (
        ReviewState.objects.for_user(user)
        .filter(card=result.card)
        .select_related("card__section__domain")
        .get()
    )
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=[topic.pk])[topic.pk]
    return _render_review(
        request,
        topic=topic,
        profile=profile,
        queue=Queue(today, counts, state.card, state, state.version),
        notice="Answer undone.",
    )


# --------------------------------------------------------------------------------------------
# Settings and sign-up


@require_http_methods(["GET", "POST"])
@login_required
def study_settings(request: HtmxHttpRequest) -> HttpResponse:
    profile = StudyProfile.for_user(request.user)
    today = _today(profile)
    if request.method == "POST":
        form = StudyProfileForm(request.POST, instance=profile, today=today)
        if form.is_valid():
            form.save()
            messages.success(request, "Study settings saved.")
            return redirect("study-settings")
    else:
        form = StudyProfileForm(instance=profile, today=today)
    return render(request, "scheduler/settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_OPEN:
        raise Http404("Sign-up is closed on this site.")
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        messages.success(request, f"Welcome, {user.get_username()}. Pick a topic to start.")
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})
