"""The card browser: a topic's cards, searched and filtered by my state; a card's faces and my
history with it; my actions on it (unsuspend, bury, suspend, mark, flag).

A page of results costs a fixed number of queries whatever the deck size or the history: the
learner's state rides along on each card (scheduler.browse), the filter choices are one query,
the page is a count and a slice. A card's page reads its whole history in one query.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cards.models import Card, Section, Topic
from scheduler.browse import MY_STATES, browse_cards
from scheduler.forms import BrowseForm, CardActionForm, grades_for
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import FLAGS
from scheduler.views.card_actions import perform
from scheduler.views.common import HtmxHttpRequest, today_for

CARDS_PER_PAGE = 50
BROWSER_ACTIONS = {"bury", "suspend", "unsuspend", "mark", "unmark", "flag"}


@require_GET
@login_required
def browse(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    profile = StudyProfile.for_user(request.user)
    today = today_for(profile)
    sections = list(
        Section.objects.filter(domain__topic=topic)
        .select_related("domain")
        .order_by("domain__number", "position")
    )
    form = BrowseForm(request.GET, sections=sections, states=MY_STATES)
    context = {"topic": topic, "form": form, "today": today, "flags": FLAGS}
    status = 200
    if form.is_valid():
        filters = form.cleaned_data
        cards = browse_cards(
            user=request.user,
            topic=topic,
            today=today,
            text=filters["q"].strip(),
            domain_id=filters["domain"],
            section_id=filters["section"],
            kind=filters["kind"],
            state=filters["state"],
        )
        page = Paginator(cards, CARDS_PER_PAGE).get_page(filters["page"] or 1)
        query = request.GET.copy()
        query.pop("page", None)
        context |= {"page": page, "query": query.urlencode()}
    else:
        context["error"] = form.first_error()
        status = 400
    template = "scheduler/browse.html#results" if request.htmx else "scheduler/browse.html"
    return render(request, template, context, status=status)


@require_GET
@login_required
def browse_card(request: HtmxHttpRequest, topic_slug: str, card_id: int) -> HttpResponse:
    user = request.user
    card = get_object_or_404(
        Card.objects.with_place().select_related("topic"), topic__slug=topic_slug, pk=card_id
    )
    profile = StudyProfile.for_user(user)
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    logs = ReviewLog.objects.for_user(user).filter(card=card)
    history = list(logs.order_by("-answered_at", "-pk"))
    # Grades as the learner's buttons name them (Again…Easy); the six-grade scale's numbers,
    # or a grade from a time the learner used that scale, as "Grade N".
    names = {q: name for q, name, _ in grades_for(profile) if not name.isdigit()}
    for log in history:
        log.grade_name = names.get(log.quality, f"Grade {log.quality}")
    return render(
        request,
        "scheduler/browse_card.html",
        {
            "topic": card.topic,
            "card": card,
            "state": state,
            "version": state.version if state else 0,
            "history": history,
            "today": today_for(profile),
            "flag_name": FLAGS[state.flag] if state else "",
            "flag_choices": [(n, name) for n, name in FLAGS.items() if n],
        },
    )


@require_POST
@login_required
def browse_action(
    request: HtmxHttpRequest, topic_slug: str, card_id: int, action: str
) -> HttpResponse:
    """My action on a card from its page; back to the page with what happened (PRG)."""
    if action not in BROWSER_ACTIONS:
        raise Http404(f"There is no card action {action!r}.")
    form = CardActionForm(request.POST, topic_slug=topic_slug)
    if form.is_valid() and form.cleaned_data["card"].pk != card_id:
        form.add_error("card", "The card posted is not the card of this page.")
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("browse-card", topic_slug=topic_slug, card_id=card_id)
    result, done = perform(
        action,
        user=request.user,
        card=form.cleaned_data["card"],
        version=form.cleaned_data["version"],
        flag=form.cleaned_data["flag"],
    )
    messages.info(request, result.refusal or done)
    return redirect("browse-card", topic_slug=topic_slug, card_id=card_id)
