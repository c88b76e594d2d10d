"""What the review page shows beside the card: the learner's plan for the topic (or the offer
to start studying it), the session's summary and the next topic once this one is done, and the
card tools with their keys (scheduler.views.review renders them)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django_htmx.http import HttpResponseClientRedirect

from cards.models import CardReport, Topic
from scheduler import prepared
from scheduler import queue_parts as parts
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
    # Two ranges of the (user, topic, due) index: reading every introduced state instead took
    # 13-23 ms for a learner done with a 30,000-card deck on PostgreSQL.
    states = ReviewState.objects.for_user(user).introduced().filter(card_active=True, topic=topic)
    ahead = (
        Topic.objects.filter(pk=topic.pk)
        .annotate(
            due_tomorrow=parts.scalar_count(states.filter(due__lte=today + timedelta(days=1))),
            next_due=Subquery(states.filter(due__gt=today).order_by("due").values("due")[:1]),
        )
        .values("due_tomorrow", "next_due")
        .get()
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

    They are buttons of one form, each posting to its action's URL (`formaction`, `hx-post`):
    one set of hidden fields and one CSRF token rather than a form per action.
    """
    place = (get_script_prefix(), settings.ROOT_URLCONF, get_urlconf(), topic.slug)
    return {
        "tool_buttons": _rendered_once(_tool_buttons, *place, bool(queue.marked), queue.flag),
        "review_urls": topic_urls(topic.slug),
        "flag_name": FLAGS[queue.flag],
        "report_reasons": _rendered_once(_report_reasons, get_language()),
        # For a refused report, rendered again with the learner's choice checked.
        "report_reason_choices": CardReport.Reason.choices,
    }


def _rendered_once(render: Callable, *key) -> str:
    """`render(*key)`, kept per process: the same for every card and learner. Rendering the
    buttons' seventy-odd template variables for each card took a tenth of an answer's time
    (`make benchmark`). Rendered afresh with DEBUG, so an edited template shows at once."""
    return render.__wrapped__(*key) if settings.DEBUG else render(*key)


@lru_cache(maxsize=4096)
def _tool_buttons(
    prefix: str, root_urlconf: str, urlconf: str | None, slug: str, marked: bool, flag: int
) -> str:
    urls = _topic_urls(prefix, root_urlconf, urlconf, slug)
    mark = ("unmark", "Unmark") if marked else ("mark", "Mark")
    buttons = [
        ToolButton(urls["bury"], "Bury", "-", "-"),
        ToolButton(urls["suspend"], "Suspend for me", "@", "@"),
        ToolButton(urls[mark[0]], mark[1], "*", "*"),
    ]
    for number, name in FLAGS.items():
        if number:
            pressed = number == flag
            buttons.append(
                ToolButton(
                    urls["flag"],
                    f"{name.capitalize()} flag",
                    f"ctrl+{number}",
                    f"Ctrl+{number}",
                    shortcut=f"Control+{number}",
                    # Pressing the card's own flag takes it off (flag 0).
                    flag=0 if pressed else number,
                    css=f" flag-button flag-{number}",
                    pressed="true" if pressed else "false",
                )
            )
    return render_to_string("scheduler/review.html#tool_buttons", {"buttons": buttons})


@lru_cache(maxsize=16)
def _report_reasons(language: str | None) -> str:
    reasons = CardReport.Reason.choices
    return render_to_string("scheduler/review.html#report_reasons", {"reasons": reasons})


@dataclass(frozen=True)
class ToolButton:
    url: str
    label: str
    key: str  # data-key (static/js/keys.js)
    kbd: str  # the key as shown
    shortcut: str = ""  # aria-keyshortcuts, when it is not `key`
    flag: int | None = None  # the flag a flag button sets
    css: str = ""
    pressed: str = ""

    @property
    def keyshortcuts(self) -> str:
        return self.shortcut or self.key


def topic_urls(slug: str) -> dict[str, str]:
    """The review page's form URLs for a topic: reversed once per topic and URLconf, not on
    every card (eight reverse() calls were a tenth of an answer's time on SQLite)."""
    return _topic_urls(get_script_prefix(), settings.ROOT_URLCONF, get_urlconf(), slug)


@lru_cache(maxsize=1024)
def _topic_urls(prefix: str, root_urlconf: str, urlconf: str | None, slug: str) -> dict:
    kwargs = {"topic_slug": slug}
    urls = {name: reverse(f"review-{name}", kwargs=kwargs) for name in REVIEW_FORMS}
    for action in CARD_ACTIONS:
        urls[action] = reverse("review-card-action", kwargs={**kwargs, "action": action})
    return MappingProxyType(urls)


REVIEW_FORMS = ("reveal", "answer", "undo", "report")
CARD_ACTIONS = ("bury", "suspend", "mark", "unmark", "flag")
