"""Practice exams and quick quizzes: start or resume, one question per screen, results.

The views write only through scheduler.practice_services. With htmx a choice or a flag
returns the page's `question` fragment; without JavaScript the same forms post and redirect
back to the question. The clock in the page only shows the server's deadline.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Section, Topic
from scheduler.practice_models import PracticeAttempt
from scheduler.practice_services import (
    answer_question,
    flag_question,
    open_exam,
    start_exam,
    start_quiz,
    submit_attempt,
)
from scheduler.views.common import HtmxHttpRequest


def _attempt(request, attempt_id: int) -> PracticeAttempt:
    """The learner's own attempt; anyone else's is a 404."""
    return get_object_or_404(
        PracticeAttempt.objects.for_user(request.user).select_related("topic"), pk=attempt_id
    )


def _position(value, default: int = 1) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


@require_GET
@login_required
def practice_home(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    domains = topic.domains.prefetch_related("sections")
    attempts = (
        PracticeAttempt.objects.for_user(request.user)
        .filter(topic=topic)
        .submitted()
        .order_by("-started_at")[:10]
    )
    context = {
        "page": "home",
        "topic": topic,
        "running": open_exam(user=request.user, topic=topic, now=timezone.now()),
        "domains": domains,
        "attempts": attempts,
    }
    return render(request, "scheduler/practice.html", context)


@require_POST
@login_required
def start(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """Start a mock exam, or resume the one still running (a second click starts nothing)."""
    topic = get_object_or_404(Topic, slug=topic_slug)
    now = timezone.now()
    attempt = open_exam(user=request.user, topic=topic, now=now) or start_exam(
        user=request.user, topic=topic, now=now
    )
    return redirect("practice-question", attempt_id=attempt.pk)


@require_POST
@login_required
def quiz(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """A quick quiz on the domain or section picked (`scope` is `d-<id>` or `s-<id>`)."""
    topic = get_object_or_404(Topic, slug=topic_slug)
    scope = request.POST.get("scope", "")
    kind, _, pk = scope.partition("-")
    domain = section = None
    if kind == "d" and pk.isdigit():
        domain = topic.domains.filter(pk=pk).first()
    elif kind == "s" and pk.isdigit():
        section = Section.objects.filter(domain__topic=topic, pk=pk).first()
    if domain is None and section is None:
        messages.error(request, "Pick a domain or a section of this topic for the quiz.")
        return redirect("practice", topic_slug=topic.slug)
    attempt = start_quiz(
        user=request.user, topic=topic, now=timezone.now(), domain=domain, section=section
    )
    if attempt is None:
        messages.error(request, "That part of the deck has too few cards for quiz questions yet.")
        return redirect("practice", topic_slug=topic.slug)
    return redirect("practice-question", attempt_id=attempt.pk)


def _render_question(
    request: HtmxHttpRequest,
    attempt: PracticeAttempt,
    position: int,
    *,
    status=200,
    notice="",
    confirm_submit=False,
) -> HttpResponse:
    questions = list(attempt.questions.all())
    if not questions:
        raise Http404("This attempt has no questions.")
    position = min(position, len(questions))
    question = questions[position - 1]
    answered = sum(1 for q in questions if q.answered)
    context = {
        "page": "question",
        "topic": attempt.topic,
        "attempt": attempt,
        "questions": questions,
        "question": question,
        "answered": answered,
        "unanswered_count": len(questions) - answered,
        "previous": position - 1 if position > 1 else None,
        "next": position + 1 if position < len(questions) else None,
        "notice": notice,
        "confirm_submit": confirm_submit,
    }
    template = "scheduler/practice.html#question" if request.htmx else "scheduler/practice.html"
    return render(request, template, context, status=status)


@require_GET
@login_required
def question(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt(request, attempt_id)
    if not attempt.is_open(timezone.now()):
        # The time ran out (or it was submitted): score it, at its deadline, and show how it went.
        submit_attempt(user=request.user, attempt_id=attempt.pk, now=timezone.now())
        return redirect("practice-results", attempt_id=attempt.pk)
    return _render_question(
        request,
        attempt,
        _position(request.GET.get("q")),
        confirm_submit=request.GET.get("submit") == "confirm",
    )


def _after_write(request, attempt, position: int, refusal: str) -> HttpResponse:
    if refusal and not attempt.is_open(timezone.now()):
        messages.info(request, refusal)
        submit_attempt(user=request.user, attempt_id=attempt.pk, now=timezone.now())
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("practice-results", args=[attempt.pk])
            return response
        return redirect("practice-results", attempt_id=attempt.pk)
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
        return redirect(f"{reverse('practice-question', args=[attempt.pk])}?q={position}")
    return _render_question(
        request, attempt, position, status=400 if refusal else 200, notice=refusal
    )


@require_POST
@login_required
def answer(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt(request, attempt_id)
    position = _position(request.POST.get("position"), default=0)
    try:
        chosen = [int(value) for value in request.POST.getlist("choice")]
    except ValueError:
        chosen = [-1]
    result = answer_question(
        user=request.user,
        attempt_id=attempt.pk,
        position=position,
        chosen=chosen,
        now=timezone.now(),
    )
    # "Save and next" moves on; a choice saved as it is made (htmx, on change) stays.
    go_next = result.applied and request.POST.get("go") == "next"
    return _after_write(request, attempt, position + 1 if go_next else position, result.refusal)


@require_POST
@login_required
def flag(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt(request, attempt_id)
    position = _position(request.POST.get("position"), default=0)
    result = flag_question(
        user=request.user,
        attempt_id=attempt.pk,
        position=position,
        flagged=request.POST.get("flagged") == "1",
        now=timezone.now(),
    )
    return _after_write(request, attempt, position, result.refusal)


@require_POST
@login_required
def submit(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    """Score the attempt. With questions still unanswered (each scores as wrong) and time
    left, the question page first asks again: submitting cannot be taken back."""
    attempt = _attempt(request, attempt_id)
    confirmed = request.POST.get("confirm") == "1"
    unanswered = not confirmed and any(not q.answered for q in attempt.questions.all())
    if unanswered and attempt.is_open(timezone.now()):
        position = _position(request.POST.get("position"), default=1)
        url = reverse("practice-question", args=[attempt.pk])
        return redirect(f"{url}?q={position}&submit=confirm#submit")
    submit_attempt(user=request.user, attempt_id=attempt.pk, now=timezone.now())
    return redirect("practice-results", attempt_id=attempt.pk)


def domain_results(attempt: PracticeAttempt, questions: list) -> list[dict]:
    """Per domain: questions asked, answered right, and the domain's exam weight."""
    by_domain: dict[int, dict] = {}
    for question in questions:
        domain = question.domain
        row = by_domain.setdefault(
            domain.number,
            {"number": domain.number, "title": domain.title, "weight": domain.weight},
        )
        row["asked"] = row.get("asked", 0) + 1
        row["right"] = row.get("right", 0) + question.is_correct
    rows = [by_domain[number] for number in sorted(by_domain)]
    for row in rows:
        row["percent"] = round(100 * row["right"] / row["asked"])
    return rows


@require_GET
@login_required
def results(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt(request, attempt_id)
    if attempt.submitted_at is None:
        if attempt.is_open(timezone.now()):
            return redirect("practice-question", attempt_id=attempt.pk)
        attempt = submit_attempt(user=request.user, attempt_id=attempt.pk, now=timezone.now())
    questions = list(attempt.questions.select_related("card", "domain").order_by("position"))
    used = attempt.submitted_at - attempt.started_at
    context = {
        "page": "results",
        "topic": attempt.topic,
        "attempt": attempt,
        "questions": questions,
        "domains": domain_results(attempt, questions),
        "minutes_used": int(used.total_seconds() // 60),
        "seconds_used": int(used.total_seconds() % 60),
        "missed": sum(1 for q in questions if not q.is_correct),
        "unanswered": sum(1 for q in questions if not q.answered),
    }
    return render(request, "scheduler/practice.html", context)
