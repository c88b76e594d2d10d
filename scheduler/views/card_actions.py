"""The learner's actions on the card under review: bury, suspend, mark, flag.

Each posts the card and the version it was rendered with and goes through its own write path
in scheduler.services; `u` takes it back like an answer. Bury and suspend move on to the next
card; mark and flag keep the card on the face it was on. With htmx the page's `card` fragment
comes back; without JavaScript the form posts and the page is reloaded (post/redirect/get).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cards.models import Card
from scheduler.enrolment import StudyPlan
from scheduler.forms import CardActionForm, ReportForm
from scheduler.models import ReviewState, StudyProfile
from scheduler.queue import build_queue, count_queues
from scheduler.queue_types import Queue
from scheduler.services import (
    FLAGS,
    ActionResult,
    bury_card,
    report_card,
    set_flag,
    set_mark,
    suspend_card,
    unsuspend_card,
)
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.review import LOOK_UP, _refuse, _render_review, render_back

# What each action does, and what the page says once it is done.
MOVES_ON = {"bury", "suspend"}


def perform(action: str, *, user, card: Card, version: int, flag: int) -> tuple[ActionResult, str]:
    now = timezone.now()
    common = {"user": user, "card": card, "expected_version": version, "now": now}
    if action == "bury":
        return bury_card(**common), "Buried: the card is back on your next study day."
    if action == "suspend":
        done = "Suspended for you: unsuspend it from the card browser when you want it back."
        return suspend_card(**common), done
    if action == "unsuspend":
        return unsuspend_card(**common), "Unsuspended: the card is back in your queue."
    if action in ("mark", "unmark"):
        marked = action == "mark"
        return set_mark(marked=marked, **common), "Marked." if marked else "Mark taken off."
    done = f"Flagged {FLAGS[flag]}." if flag else "Flag taken off."
    return set_flag(flag=flag, **common), done


@require_POST
@login_required
def card_action(request: HtmxHttpRequest, topic_slug: str, action: str) -> HttpResponse:
    if action not in {"bury", "suspend", "mark", "unmark", "flag"}:
        raise Http404(f"There is no card action {action!r}.")
    user = request.user
    profile = StudyProfile.for_user(user)
    form = CardActionForm(request.POST, topic_slug=topic_slug, user=user)
    if not form.is_valid():
        return _refuse(request, topic_slug, profile, form.first_error())
    card: Card = form.cleaned_data["card"]
    plan = StudyPlan.of(profile, card.topic_id, card)
    result, done = perform(
        action,
        user=user,
        card=card,
        version=form.cleaned_data["version"],
        flag=form.cleaned_data["flag"],
    )
    notice = result.refusal or done
    if not request.htmx:
        messages.info(request, notice)
        return redirect("review", topic_slug=card.topic.slug)
    topic = card.topic
    today = today_for(profile)
    # The log just written is the one `u` takes back next.
    undo_answer = result.log.pk if result.applied else LOOK_UP
    if result.applied and action not in MOVES_ON:
        state = result.state
        if form.cleaned_data["face"] == "back":
            return render_back(
                request,
                topic=topic,
                profile=profile,
                plan=plan,
                card=card,
                state=state,
                today=today,
                notice=notice,
            )
        counts = count_queues(
            user=user, profile=profile, today=today, topic_ids=[topic.pk], plans={topic.pk: plan}
        )
        queue = Queue(today, counts[topic.pk], card, state, state.version)
    else:
        # Buried or suspended: the next card. Refused: the current card, with its version now.
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today, plan=plan)
    return _render_review(
        request,
        topic=topic,
        profile=profile,
        queue=queue,
        notice=notice,
        undo_answer=undo_answer,
    )


@require_POST
@login_required
def report(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """A learner reports a problem with the card; the card stays where it was."""
    user = request.user
    profile = StudyProfile.for_user(user)
    form = ReportForm(request.POST, topic_slug=topic_slug, user=user)
    if not form.is_valid():
        # The report form stays open with what the learner chose and wrote, to correct.
        chosen = {"reason": request.POST.get("reason", ""), "note": request.POST.get("note", "")}
        return _refuse(request, topic_slug, profile, form.first_error(), report=chosen)
    card: Card = form.cleaned_data["card"]
    plan = StudyPlan.of(profile, card.topic_id, card)
    result = report_card(
        user=user,
        card=card,
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
        now=timezone.now(),
    )
    notice = result.refusal or "Thank you: the editors will look at this card."
    if not request.htmx:
        messages.info(request, notice)
        return redirect("review", topic_slug=card.topic.slug)
    topic = card.topic
    today = today_for(profile)
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    if form.cleaned_data["face"] == "back":
        return render_back(
            request,
            topic=topic,
            profile=profile,
            plan=plan,
            card=card,
            state=state,
            today=today,
            notice=notice,
        )
    counts = count_queues(
        user=user, profile=profile, today=today, topic_ids=[topic.pk], plans={topic.pk: plan}
    )
    version = state.version if state else 0
    queue = Queue(today, counts[topic.pk], card, state, version)
    return _render_review(request, topic=topic, profile=profile, queue=queue, notice=notice)
