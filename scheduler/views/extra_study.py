"""A topic's extra study page: study a domain or a section now (cram), review ahead, and extra
new cards today. Each form works without JavaScript; the extra-new-cards form swaps its own
fragment with htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Section, Topic
from scheduler import prepared
from scheduler.cram import ALREADY_STARTED, CRAM_SIZE, weakest_domain
from scheduler.enrolment import plan_for
from scheduler.extra_study import (
    MAX_AHEAD_DAYS,
    MAX_EXTRA_NEW,
    add_extra_new_cards,
    extra_new_today,
)
from scheduler.extra_study_forms import CramStartForm, ExtraNewForm
from scheduler.models import CramSession, StudyProfile
from scheduler.services import start_cram
from scheduler.stats import readiness_by_topic
from scheduler.views.common import HtmxHttpRequest, today_for

DEFAULT_AHEAD_DAYS = 7
DEFAULT_EXTRA_NEW = 10


def latest_cram_session(user) -> int:
    """The id a start form carries: a second start from the same page is refused. Compiled
    once (scheduler.prepared)."""
    rows = prepared.rows(
        ("latest cram session",),
        lambda values: latest_cram_sessions(values.user_id).values("pk")[:1],
        prepared.Values(user.pk),
    )
    return rows[0]["pk"] if rows else 0


def latest_cram_sessions(user_id) -> QuerySet:
    """The learner's cram sessions, latest first (the first is what start forms carry)."""
    return CramSession.objects.filter(user_id=user_id).order_by("-pk")


def _context(user, topic: Topic) -> dict:
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    readiness = readiness_by_topic(user, [topic], today)[topic.pk]
    sections: dict[int, list[Section]] = {}
    for section in Section.objects.filter(domain__topic=topic).order_by("position"):
        sections.setdefault(section.domain_id, []).append(section)
    domains = [
        {"readiness": domain, "sections": sections.get(domain.domain_id, [])}
        for domain in readiness.domains
        if domain.active_cards
    ]
    extra_today = extra_new_today(user, topic, today)
    # The topic's own plan (its enrolment's limit, else the profile's), as the queue counts it.
    per_day = plan_for(user, profile, topic.pk).new_cards_per_day
    return {
        "topic": topic,
        "profile": profile,
        "domains": domains,
        "weakest": weakest_domain(readiness.domains),
        "latest": latest_cram_session(user),
        "cram_size": CRAM_SIZE,
        "ahead_days": DEFAULT_AHEAD_DAYS,
        "max_ahead_days": MAX_AHEAD_DAYS,
        "extra_today": extra_today,
        "new_per_day": per_day,
        "new_today_limit": per_day + extra_today,
        "default_extra": DEFAULT_EXTRA_NEW,
        "max_extra": MAX_EXTRA_NEW,
    }


@require_GET
@login_required
def extra_study(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    return render(request, "scheduler/extra_study.html", _context(request.user, topic))


@require_POST
@login_required
def start(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """Start a cram session over a domain or a section, then go to it (post/redirect/get)."""
    topic = get_object_or_404(Topic, slug=topic_slug)
    form = CramStartForm(request.POST, topic=topic)
    if not form.is_valid():
        context = _context(request.user, topic) | {"error": form.first_error()}
        return render(request, "scheduler/extra_study.html", context, status=400)
    result = start_cram(
        user=request.user,
        topic=topic,
        domain=form.cleaned_data["domain"],
        section=form.cleaned_data["section"],
        expected_latest=form.cleaned_data["latest"],
        now=timezone.now(),
    )
    if not result.applied:
        messages.info(request, result.refusal)
        latest = latest_cram_session(request.user)
        if latest and result.refusal == ALREADY_STARTED:
            return redirect("cram", session_id=latest)
        return redirect("extra-study", topic_slug=topic.slug)
    return redirect("cram", session_id=result.session.pk)


@require_POST
@login_required
def extra_new(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    form = ExtraNewForm(request.POST)
    template = (
        "scheduler/extra_study.html#extra_new" if request.htmx else "scheduler/extra_study.html"
    )
    if not form.is_valid():
        context = _context(request.user, topic) | {"extra_error": form.first_error()}
        return render(request, template, context, status=400)
    result = add_extra_new_cards(
        user=request.user,
        topic=topic,
        extra=form.cleaned_data["extra"],
        expected_extra=form.cleaned_data["expected"],
        now=timezone.now(),
    )
    extra = form.cleaned_data["extra"]
    notice = result.refusal or (f"{extra} more new card{pluralize(extra)} today in {topic.title}.")
    if not request.htmx:
        messages.info(request, notice)
        return redirect("extra-study", topic_slug=topic.slug)
    context = _context(request.user, topic) | {"extra_notice": notice}
    return render(request, template, context)
