"""Review ahead: cards due in the next N days, answered by the normal rules.

The answers go through scheduler.services.answer_ahead (logged as kind ahead) and undo through
undo_last_answer, like the review page's. With htmx each view returns the page's `card`
fragment; without JavaScript the same forms post and get full pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Card, Topic
from scheduler.extra_study import AheadQueue, ahead_queue, answer_ahead
from scheduler.extra_study_forms import AheadAnswerForm, AheadDaysForm, AheadRevealForm
from scheduler.forms import UndoForm
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import undo_last_answer
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.grade_buttons import grade_buttons


def _page(topic: Topic, days: int) -> str:
    return reverse("ahead", kwargs={"topic_slug": topic.slug}) + f"?days={days}"


def render_ahead(
    request: HtmxHttpRequest,
    topic: Topic,
    days: int,
    *,
    face: str = "front",
    card: Card | None = None,
    state: ReviewState | None = None,
    picked: str = "",
    status: int = 200,
    **extra,
) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    queue: AheadQueue = ahead_queue(user=user, topic_id=topic.pk, today=today, days=days)
    if card is None:
        card, state = queue.card, queue.state
    context = {
        "mode": "ahead",
        "topic": topic,
        "days": days,
        "until": queue.until,
        "profile": profile,
        "card": card,
        "left": queue.left,
        "version": state.version if state else 0,
        "face": face,
        "picked_verdict": picked,
        "undo_answer": ReviewLog.objects.for_user(user)
        .undoable(today, topic.pk)
        .values_list("pk", flat=True)
        .first(),
        "hidden_fields": {"days": days},
        "urls": {
            name: reverse(f"ahead-{name}", kwargs={"topic_slug": topic.slug})
            for name in ("reveal", "answer", "undo")
        },
        **extra,
    }
    if face == "back":
        wrong = card.kind == Card.Kind.TRAP and bool(picked) and picked != card.verdict
        context["grades"] = grade_buttons(profile, state, False, 2 if wrong else 4, today=today)
    template = (
        "scheduler/extra_session.html#card" if request.htmx else "scheduler/extra_session.html"
    )
    return render(request, template, context, status=status)


@require_GET
@login_required
def ahead(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    form = AheadDaysForm(request.GET)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("extra-study", topic_slug=topic.slug)
    return render_ahead(request, topic, form.cleaned_data["days"])


def _days_or_refuse(request, topic: Topic, form) -> HttpResponse | None:
    """A form whose days are wrong goes back to the extra-study page, which says why."""
    if "days" in form.errors:
        messages.error(request, form.first_error())
        return redirect("extra-study", topic_slug=topic.slug)
    return None


@require_POST
@login_required
def reveal(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    form = AheadRevealForm(request.POST, topic_slug=topic.slug)
    if not form.is_valid():
        days = _days_or_refuse(request, topic, form)
        if days is not None:
            return days
        return render_ahead(
            request, topic, form.cleaned_data["days"], status=400, error=form.first_error()
        )
    days, card = form.cleaned_data["days"], form.cleaned_data["card"]
    state = ReviewState.objects.for_user(request.user).filter(card=card).first()
    if state is None or state.version != form.cleaned_data["version"]:
        notice = "That card was already answered; here is your current card."
        return render_ahead(request, topic, days, notice=notice)
    return render_ahead(
        request,
        topic,
        days,
        face="back",
        card=card,
        state=state,
        picked=form.cleaned_data["verdict"],
    )


@require_POST
@login_required
def answer(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    profile = StudyProfile.for_user(request.user)
    form = AheadAnswerForm(request.POST, topic_slug=topic.slug, profile=profile)
    if not form.is_valid():
        days = _days_or_refuse(request, topic, form)
        if days is not None:
            return days
        return render_ahead(
            request, topic, form.cleaned_data["days"], status=400, error=form.first_error()
        )
    days = form.cleaned_data["days"]
    result = answer_ahead(
        user=request.user,
        card=form.cleaned_data["card"],
        quality=form.cleaned_data["quality"],
        expected_version=form.cleaned_data["version"],
        days=days,
        now=timezone.now(),
    )
    if not request.htmx:
        if result.refusal:
            messages.info(request, result.refusal)
        return redirect(_page(topic, days))
    return render_ahead(request, topic, days, notice=result.refusal)


@require_POST
@login_required
def undo(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    days_form = AheadDaysForm(request.POST)
    form = UndoForm(request.POST)
    if not days_form.is_valid():
        messages.error(request, days_form.first_error())
        return redirect("extra-study", topic_slug=topic.slug)
    days = days_form.cleaned_data["days"]
    if not form.is_valid():
        return render_ahead(request, topic, days, status=400, error=form.first_error())
    result = undo_last_answer(
        user=request.user, log_id=form.cleaned_data["answer"], now=timezone.now(), topic=topic
    )
    notice = result.refusal or "Answer undone."
    if not request.htmx:
        messages.info(request, notice)
        return redirect(_page(topic, days))
    return render_ahead(request, topic, days, notice=notice)
