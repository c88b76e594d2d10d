"""Topics I study: a topic's page (enrol, or its own plan and leave), and the enrol and leave
actions. They write only through scheduler.enrolment_services.

The page's forms name the topic by its slug in the URL and carry the enrolment's version, never
an enrolment id: every lookup starts from the signed-in learner, so no form can reach another
learner's enrolment, and a stale or repeated submission is refused with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cards.models import Topic
from scheduler import enrolment_services
from scheduler.enrolment import Enrolment, StudyPlan
from scheduler.enrolment_forms import EnrolForm, LeaveForm, PlanForm
from scheduler.models import ReviewState, StudyProfile
from scheduler.views.common import HtmxHttpRequest, today_for

# Where "Start studying" leads once enrolled: the page it was offered on.
AFTER_ENROL = {"dashboard": "dashboard", "review": "review"}


def _plan_initial(enrolment: Enrolment | None) -> dict:
    if enrolment is None:
        return {"version": 0}
    return {
        "exam_date": enrolment.exam_date,
        "new_cards_per_day": enrolment.new_cards_per_day,
        "reviews_per_day": enrolment.reviews_per_day,
        "leech_threshold": enrolment.leech_threshold,
        "version": enrolment.version,
    }


def render_topic(
    request: HtmxHttpRequest,
    topic: Topic,
    *,
    enrol_form: EnrolForm | None = None,
    plan_form: PlanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The topic's page: enrol in it, or (enrolled) its own plan and the way out."""
    user = request.user
    profile = StudyProfile.for_user(user)
    today = today_for(profile)
    enrolment = Enrolment.objects.for_user(user).filter(topic=topic).first()
    version = enrolment.version if enrolment else 0
    context = {
        "topic": topic,
        "profile": profile,
        "enrolment": enrolment,
        "enrolled": enrolment is not None and enrolment.active,
        "plan": StudyPlan.of_enrolment(profile, enrolment) if enrolment else None,
        # What leaving keeps (and enrolling again takes back up): the cards in progress.
        "cards_in_progress": ReviewState.objects.for_user(user)
        .filter(topic=topic)
        .aggregate(n=Count("pk"))["n"],
        "enrol_form": enrol_form or EnrolForm(initial={"version": version}, today=today),
        "plan_form": plan_form or PlanForm(initial=_plan_initial(enrolment), today=today),
        "leave_form": LeaveForm(initial={"version": version}, today=today),
    }
    return render(request, "scheduler/topic.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def topic_page(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """GET: the page. POST: the topic's own plan (exam date, limits, leech threshold)."""
    topic = get_object_or_404(Topic, slug=topic_slug)
    if request.method == "GET":
        return render_topic(request, topic)
    user = request.user
    today = today_for(StudyProfile.for_user(user))
    form = PlanForm(request.POST, initial=_plan_initial(_enrolment_of(user, topic)), today=today)
    if not form.is_valid():
        return render_topic(request, topic, plan_form=form, status=400)
    result = enrolment_services.change_plan(
        user=user,
        topic=topic,
        expected_version=form.cleaned_data["version"],
        exam_date=form.cleaned_data["exam_date"],
        new_cards_per_day=form.cleaned_data["new_cards_per_day"],
        reviews_per_day=form.cleaned_data["reviews_per_day"],
        leech_threshold=form.cleaned_data["leech_threshold"],
    )
    if not result.applied:
        messages.warning(request, result.refusal)
        return render_topic(request, topic, status=409)
    messages.success(request, f"Saved your plan for {topic.title}.")
    return redirect("topic", topic_slug=topic.slug)


def _enrolment_of(user, topic: Topic) -> Enrolment | None:
    return Enrolment.objects.for_user(user).filter(topic=topic).first()


@require_POST
@login_required
def enrol(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    user = request.user
    form = EnrolForm(request.POST, today=today_for(StudyProfile.for_user(user)))
    if not form.is_valid():
        return render_topic(request, topic, enrol_form=form, status=400)
    result = enrolment_services.enrol(
        user=user,
        topic=topic,
        expected_version=form.cleaned_data["version"],
        exam_date=form.cleaned_data["exam_date"],
        now=timezone.now(),
    )
    if not result.applied:
        messages.warning(request, result.refusal)
        return redirect("topic", topic_slug=topic.slug)
    exam = result.enrolment.exam_date
    messages.success(
        request,
        f"You now study {topic.title}"
        + (f", for an exam on {exam:%d %B %Y}." if exam else ".")
        + (" Your earlier progress is back." if result.enrolment.version > 1 else ""),
    )
    then = AFTER_ENROL.get(request.POST.get("then", ""), "dashboard")
    return redirect(then, topic_slug=topic.slug) if then == "review" else redirect(then)


@require_POST
@login_required
def leave(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    user = request.user
    form = LeaveForm(request.POST, today=today_for(StudyProfile.for_user(user)))
    if not form.is_valid():
        messages.warning(request, form.first_error())
        return render_topic(request, topic, status=400)
    result = enrolment_services.leave(
        user=user, topic=topic, expected_version=form.cleaned_data["version"], now=timezone.now()
    )
    if not result.applied:
        messages.warning(request, result.refusal)
        return redirect("topic", topic_slug=topic.slug)
    messages.success(
        request,
        f"You no longer study {topic.title}. Your answers and progress are kept: start "
        "studying it again any time and you carry on where you left off.",
    )
    return redirect("dashboard")
