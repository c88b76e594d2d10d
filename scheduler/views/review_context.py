"""What the review page shows beside the card: the learner's plan for the topic (or the offer
to start studying it), the session's summary and the next topic once this one is done, and the
card tools with their keys (scheduler.views.review renders them)."""

from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from cards.models import CardReport, Topic
from scheduler import prepared
from scheduler.enrolment import ENROLMENT_COLUMNS, StudyPlan, with_enrolment
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import count_queues
from scheduler.queue_types import Queue
from scheduler.services import FLAGS
from scheduler.views.common import HtmxHttpRequest


def session_summary(user, topic: Topic, today: date) -> dict:
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


def next_topic(user, profile: StudyProfile, done: Topic, today: date) -> Topic | None:
    """Another topic the learner studies with cards to study today, to offer when this one is
    done (two queries)."""
    topics = list(with_enrolment(Topic.objects.exclude(pk=done.pk).order_by("title"), user))
    plans = {topic.pk: StudyPlan.of(profile, topic.pk, topic) for topic in topics}
    enrolled = [topic for topic in topics if plans[topic.pk].enrolled]
    if not enrolled:
        return None
    counts = count_queues(
        user=user,
        profile=profile,
        today=today,
        topic_ids=[topic.pk for topic in enrolled],
        plans=plans,
    )
    return next((topic for topic in enrolled if counts[topic.pk].total), None)


def topic_and_plan(user, profile: StudyProfile, topic_slug: str) -> tuple[Topic, StudyPlan]:
    """The page's topic and the learner's plan for it, in one query (404: no such topic).

    Compiled once (scheduler.prepared): every review page and answer asks, and building the
    query with its filtered join cost more than running it.
    """
    topic = prepared.instance(
        ("topic with enrolment",),
        Topic,
        lambda v: with_enrolment(Topic.objects.filter(slug=v.slug), v.user_id),
        prepared.Values(user.pk, slug=topic_slug),
        extra=ENROLMENT_COLUMNS,
    )
    if topic is None:
        raise Http404(f"There is no topic {topic_slug!r}.")
    return topic, StudyPlan.of(profile, topic.pk, topic)


def not_enrolled(request: HtmxHttpRequest, topic: Topic, what: str = "") -> HttpResponse:
    """The learner does not study the topic (never did, or left it): its queue is not shown
    and nothing is counted; its page offers to start studying it, history and all."""
    messages.info(
        request,
        f"You do not study {topic.title}{what}. Start studying it here to review its cards.",
    )
    url = reverse("topic", kwargs={"topic_slug": topic.slug})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def card_tools(queue: Queue, topic: Topic) -> dict:
    """The learner's actions on the card (scheduler.views.card_actions), with Anki's keys.

    The forms' URLs are reversed here, once each, rather than twice per form in the template.
    """
    mark = ("unmark", "Unmark", "*") if queue.marked else ("mark", "Mark", "*")
    actions = [("bury", "Bury", "-"), ("suspend", "Suspend for me", "@"), mark, ("flag", "", "")]
    slug = {"topic_slug": topic.slug}
    return {
        "card_actions": [
            (action, label, key, reverse("review-card-action", kwargs={**slug, "action": action}))
            for action, label, key in actions
        ],
        "review_urls": {
            name: reverse(f"review-{name}", kwargs=slug)
            for name in ("reveal", "answer", "undo", "report")
        },
        "flag_buttons": [
            # Pressing the card's own flag takes it off (flag 0).
            {
                "number": number,
                "label": f"{name.capitalize()} flag",
                "sets": 0 if number == queue.flag else number,
                "pressed": "true" if number == queue.flag else "false",
            }
            for number, name in FLAGS.items()
            if number
        ],
        "flag_name": FLAGS[queue.flag],
        "report_reasons": CardReport.Reason.choices,
    }
