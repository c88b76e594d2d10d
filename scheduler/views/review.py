"""The review loop: a card's front, its back, an answer, undo.

These views write only through scheduler.services (answer_card, undo_last_answer) and read the
queue through scheduler.queue. With htmx they return the page's `card` fragment; without
JavaScript the same forms post and get full pages.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Card, Topic
from scheduler import prepared
from scheduler.enrolment import StudyPlan
from scheduler.forms import AnswerForm, RevealForm, UndoForm
from scheduler.models import ReviewDay, ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue, count_queues
from scheduler.queue_types import Queue
from scheduler.services import answer_card, out_of_study, undo_last_answer
from scheduler.stats.session import median_answer_seconds, session_progress
from scheduler.study_day import earliest_answer_at
from scheduler.views import review_context as shown
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.grade_buttons import grade_buttons, interval_label
from scheduler.views.review_context import not_enrolled, topic_and_plan

# `undo_answer` not known to the caller: _render_review asks the log.
LOOK_UP = object()


def _render_review(
    request: HtmxHttpRequest,
    *,
    topic: Topic,
    profile: StudyProfile,
    queue: Queue,
    face: str = "front",
    status: int = 200,
    undo_answer: int | None | object = LOOK_UP,
    **extra,
) -> HttpResponse:
    if undo_answer is LOOK_UP:
        # The answer the undo button takes back: the latest of today in this topic.
        latest = prepared.rows(
            ("undoable",),
            lambda v: (
                ReviewLog.objects.for_user(v.user_id)
                .undoable(v.today, v.topic_ids[0], since=v.moments[0])
                .values("pk")[:1]
            ),
            prepared.Values(
                request.user.pk, queue.today, [topic.pk], moments=[earliest_answer_at(queue.today)]
            ),
        )
        undo_answer = latest[0]["pk"] if latest else None
    context = {
        **shown.card_tools(queue, topic),
        "undo_answer": undo_answer,
        "topic": topic,
        "profile": profile,
        "queue": queue,
        "counts": queue.counts,
        "card": queue.card,
        "version": queue.version,
        "face": face,
        "session": session_progress(
            queue.counts,
            queue.pace.seconds_per_answer if queue.pace else median_answer_seconds(request.user),
        ),
        **extra,
    }
    if queue.card is None:
        context["summary"] = shown.session_summary(request.user, topic, queue.today)
        context["next_topic"] = shown.next_topic(request.user, profile, topic, queue.today)
    template = "scheduler/review.html#card" if request.htmx else "scheduler/review.html"
    return render(request, template, context, status=status)


def _refuse(
    request: HtmxHttpRequest, topic_slug: str, profile: StudyProfile, error: str, **extra
) -> HttpResponse:
    """Bad input: say what is wrong, change nothing, and show the current card again."""
    topic, plan = topic_and_plan(request.user, profile, topic_slug)
    queue = build_queue(
        user=request.user, profile=profile, topic_id=topic.pk, today=today_for(profile), plan=plan
    )
    return _render_review(
        request, topic=topic, profile=profile, queue=queue, status=400, error=error, **extra
    )


@require_GET
@login_required
def review(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    profile = StudyProfile.for_user(request.user)
    topic, plan = topic_and_plan(request.user, profile, topic_slug)
    if not plan.enrolled:
        return not_enrolled(request, topic)
    queue = build_queue(
        user=request.user,
        profile=profile,
        topic_id=topic.pk,
        today=today_for(profile),
        plan=plan,
        with_undo=True,
    )
    return _render_review(
        request, topic=topic, profile=profile, queue=queue, undo_answer=queue.undo_answer
    )


@require_POST
@login_required
def reveal(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    form = RevealForm(request.POST, topic_slug=topic_slug, user=user)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    card: Card = form.cleaned_data["card"]
    topic = card.topic
    plan = StudyPlan.of(profile, topic.pk, card)
    if not plan.enrolled:
        return not_enrolled(request, topic)
    today = today_for(profile)
    state = card.learner_state  # read with the card (RevealForm)
    version = state.version if state is not None else 0
    if not card.is_active:
        notice = f"That card was {out_of_study(card)}; here is your current card."
    elif version != form.cleaned_data["version"]:
        # Answered meanwhile (another tab, the back button).
        notice = "That card was already answered; here is your current card."
    else:
        notice = ""
    if notice:
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today, plan=plan)
        return _render_review(request, topic=topic, profile=profile, queue=queue, notice=notice)
    return render_back(
        request,
        topic=topic,
        profile=profile,
        plan=plan,
        card=card,
        state=state,
        today=today,
        picked=form.cleaned_data["verdict"],
    )


def render_back(
    request: HtmxHttpRequest,
    *,
    topic: Topic,
    profile: StudyProfile,
    plan: StudyPlan,
    card: Card,
    state: ReviewState | None,
    today: date,
    picked: str = "",
    notice: str = "",
) -> HttpResponse:
    """A card's back with its grade buttons (after a reveal, or an action on the back)."""
    user = request.user
    version = state.version if state is not None else 0
    counts = count_queues(
        user=user, profile=profile, today=today, topic_ids=[topic.pk], plans={topic.pk: plan}
    )[topic.pk]
    wrong_pick = card.kind == Card.Kind.TRAP and bool(picked) and picked != card.verdict
    redrill = (
        state is not None and state.introduced_on is not None and state.last_answered_on == today
    )
    # Until the learner's first re-drill, the page says what one is. Asked of the daily
    # roll-up (a row per study day), not of the answers: a learner who never re-drilled
    # would have every one of their answers read on every reveal.
    redrill_days = ReviewDay.objects.for_user(user).filter(redrills__gt=0)
    explain_redrill = not redrill_days.exists()
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
        explain_redrill=explain_redrill,
        grades=grade_buttons(profile, state, redrill, default, today=today),
        notice=notice,
    )


def leech_notice(log: ReviewLog) -> str:
    lapses = log.lapses_before + 1  # a card becomes a leech on a lapse
    return (
        f"You have failed that card {lapses} times, so it is now a leech and suspended "
        "for you: find it under “leech” in the card browser to rewrite it in your head, report "
        "it or unsuspend it."
    )


@require_POST
@login_required
def answer(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    form = AnswerForm(request.POST, topic_slug=topic_slug, profile=profile, user=user)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    card: Card = form.cleaned_data["card"]
    # The learner's plan for the topic came with the card (no query of its own).
    plan = StudyPlan.of(profile, card.topic_id, card)
    if not plan.enrolled:
        return not_enrolled(request, card.topic, "; your answer was not counted")
    result = answer_card(
        user=user,
        card=card,
        quality=form.cleaned_data["quality"],
        expected_version=form.cleaned_data["version"],
        now=timezone.now(),
        plan=plan,
        state=card.learner_state,  # read with the card (AnswerForm)
    )
    notice = result.refusal or (leech_notice(result.log) if result.became_leech else "")
    if not request.htmx:
        # Post/redirect/get: reloading the page then cannot send the answer again.
        if notice:
            messages.info(request, notice)
        return redirect("review", topic_slug=card.topic.slug)
    return _render_review(
        request,
        topic=card.topic,
        profile=profile,
        queue=result.next,
        notice=notice,
        # The answer just recorded is the one to undo next; no need to ask the database.
        undo_answer=result.log.pk if result.applied else LOOK_UP,
    )


def undone_notice(log: ReviewLog) -> str:
    """What undo took back: an answer, or one of the learner's card actions."""
    return {
        ReviewLog.Kind.BURY: "Bury undone: the card is back today.",
        ReviewLog.Kind.SUSPEND: "Suspend undone: the card is back in your queue.",
        ReviewLog.Kind.UNSUSPEND: "Unsuspend undone: the card is suspended again.",
        ReviewLog.Kind.MARK: "Mark undone.",
        ReviewLog.Kind.FLAG: "Flag undone.",
    }.get(log.kind, "Answer undone.")


@require_POST
@login_required
def undo(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    user = request.user
    profile = StudyProfile.for_user(user)
    topic, plan = topic_and_plan(user, profile, topic_slug)
    form = UndoForm(request.POST)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    result = undo_last_answer(
        user=user, log_id=form.cleaned_data["answer"], now=timezone.now(), topic=topic
    )
    if not request.htmx:
        # The queue puts the undone card first again: its state is what it was before.
        messages.info(request, result.refusal or undone_notice(result.log))
        return redirect("review", topic_slug=topic.slug)
    today = today_for(profile)
    if not result.undone:
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today, plan=plan)
        return _render_review(
            request, topic=topic, profile=profile, queue=queue, notice=result.refusal
        )
    state = (
        ReviewState.objects.for_user(user)
        .filter(card=result.card)
        .select_related("card__section__domain")
        .get()
    )
    counts = count_queues(
        user=user, profile=profile, today=today, topic_ids=[topic.pk], plans={topic.pk: plan}
    )[topic.pk]
    return _render_review(
        request,
        topic=topic,
        profile=profile,
        queue=Queue(today, counts, state.card, state, state.version),
        notice=undone_notice(result.log),
    )
