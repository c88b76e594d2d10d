""" "Study now" (cram) sessions: the next card's front, its back, an answer, undo.

They write only through scheduler.services (answer_cram, undo_cram_answer); the schedule is
never touched. With htmx each view returns the page's `card` fragment; without JavaScript the
same forms post and get full pages (answers and undo redirect, so a reload sends nothing).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Card
from scheduler.cram import AGAIN_BELOW, remaining
from scheduler.forms import AnswerForm, RevealForm, UndoForm, grades_for
from scheduler.models import CramSession, ReviewLog, StudyProfile
from scheduler.services import answer_cram, undo_cram_answer
from scheduler.views.common import HtmxHttpRequest


def _session_or_404(user, session_id: int) -> CramSession:
    """The learner's own session: another learner's id is "not found", as if it did not exist."""
    return get_object_or_404(
        CramSession.objects.for_user(user).select_related("topic"), pk=session_id
    )


def _next_card(session: CramSession) -> tuple[Card | None, int]:
    """The first active card left in the session, and how many active cards are left."""
    left = remaining(session)
    if not left:
        return None, 0
    active = Card.objects.filter(pk__in=set(left), is_active=True).select_related("section__domain")
    by_id = {card.pk: card for card in active}
    ordered = [by_id[card_id] for card_id in left if card_id in by_id]
    return (ordered[0] if ordered else None), len(ordered)


def _grades(profile: StudyProfile) -> list[dict]:
    return [
        {
            "quality": quality,
            "name": name,
            "key": key,
            "outcome": "again in this session" if quality < AGAIN_BELOW else "done",
            "default": quality == 4,
        }
        for quality, name, key in grades_for(profile)
    ]


def _summary(user, session: CramSession) -> dict:
    return (
        ReviewLog.objects.for_user(user)
        .filter(pk__in=[log_id for _, _, log_id in session.answers])
        .aggregate(
            answered=Count("pk"),
            cards=Count("card", distinct=True),
            correct=Count("pk", filter=Q(quality__gte=3)),
        )
    )


def render_session(
    request: HtmxHttpRequest,
    session: CramSession,
    *,
    face: str = "front",
    card: Card | None = None,
    picked: str = "",
    status: int = 200,
    **extra,
) -> HttpResponse:
    profile = StudyProfile.for_user(request.user)
    next_card, left = _next_card(session)
    card = card or next_card
    context = {
        "mode": "cram",
        "session": session,
        "topic": session.topic,
        "profile": profile,
        "card": card,
        "left": left,
        "version": session.version,
        "face": face,
        "picked_verdict": picked,
        "grades": _grades(profile),
        "undo_answer": session.answers[-1][2] if session.answers else None,
        "urls": {
            name: reverse(f"cram-{name}", kwargs={"session_id": session.pk})
            for name in ("reveal", "answer", "undo")
        },
        **extra,
    }
    if card is None:
        context["summary"] = _summary(request.user, session)
    template = (
        "scheduler/extra_session.html#card" if request.htmx else "scheduler/extra_session.html"
    )
    return render(request, template, context, status=status)


@require_GET
@login_required
def cram_session(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    return render_session(request, _session_or_404(request.user, session_id))


@require_POST
@login_required
def reveal(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request.user, session_id)
    form = RevealForm(request.POST, topic_slug=session.topic.slug)
    if not form.is_valid():
        return render_session(request, session, status=400, error=form.first_error())
    card = form.cleaned_data["card"]
    if form.cleaned_data["version"] != session.version or card.pk not in remaining(session):
        notice = "That card was already answered; here is your current card."
        return render_session(request, session, notice=notice)
    return render_session(
        request, session, face="back", card=card, picked=form.cleaned_data["verdict"]
    )


@require_POST
@login_required
def answer(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request.user, session_id)
    profile = StudyProfile.for_user(request.user)
    form = AnswerForm(request.POST, topic_slug=session.topic.slug, profile=profile)
    if not form.is_valid():
        return render_session(request, session, status=400, error=form.first_error())
    result = answer_cram(
        user=request.user,
        session_id=session.pk,
        card=form.cleaned_data["card"],
        quality=form.cleaned_data["quality"],
        expected_version=form.cleaned_data["version"],
        now=timezone.now(),
    )
    if not request.htmx:
        if result.refusal:
            messages.info(request, result.refusal)
        return redirect("cram", session_id=session.pk)
    if result.session is not None:  # the session as the answer left it (its topic is known)
        session.answers, session.version = result.session.answers, result.session.version
    return render_session(request, session, notice=result.refusal)


@require_POST
@login_required
def undo(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request.user, session_id)
    form = UndoForm(request.POST)
    if not form.is_valid():
        return render_session(request, session, status=400, error=form.first_error())
    result = undo_cram_answer(
        user=request.user,
        session_id=session.pk,
        log_id=form.cleaned_data["answer"],
        now=timezone.now(),
    )
    notice = result.refusal or "Cram answer undone."
    if not request.htmx:
        messages.info(request, notice)
        return redirect("cram", session_id=session.pk)
    session.refresh_from_db()
    return render_session(request, session, notice=notice)
