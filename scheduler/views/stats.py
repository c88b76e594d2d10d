"""The statistics page: activity, forecast, grades, mastery and exam readiness for one topic.

A fixed number of queries whatever the length of the learner's history (see scheduler.stats).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cards.models import Topic
from scheduler import charts, enrolment_services, prepared, stats
from scheduler.enrolment import (
    ENROLMENT_COLUMNS,
    Enrolment,
    StudyPlan,
    plan_for,
    with_enrolment,
)
from scheduler.forms import grades_for
from scheduler.models import ReviewLog, StudyProfile
from scheduler.practice_scores import mock_scores
from scheduler.stats import pacing
from scheduler.stats.prediction import predict
from scheduler.stats.summary import summarise
from scheduler.views.common import HtmxHttpRequest


class PaceForm(forms.Form):
    new_cards_per_day = forms.IntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(stats.MAX_NEW_CARDS_PER_DAY)]
    )


@require_GET
@login_required
def stats_index(request: HtmxHttpRequest) -> HttpResponse:
    """The learner's most recently studied topic, else the first one."""
    latest = ReviewLog.objects.for_user(request.user).order_by("-answered_at").values("topic")[:1]
    topic = Topic.objects.filter(pk__in=latest).first() or Topic.objects.order_by("title").first()
    if topic is None:
        return render(request, "scheduler/stats.html", {"topic": None, "topics": []})
    return redirect("stats", topic_slug=topic.slug)


@require_GET
@login_required
def stats_page(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    # The topic with the learner's enrolment in it (their plan), in one query compiled once.
    topic = prepared.instance(
        ("stats topic",),
        Topic,
        lambda values: with_enrolment(Topic.objects.filter(slug=values.slug), values.user_id),
        prepared.Values(user_id=request.user.pk, slug=topic_slug),
        extra=ENROLMENT_COLUMNS,
    )
    if topic is None:
        raise Http404("No topic has this address.")
    plan = StudyPlan.of(StudyProfile.for_user(request.user), topic.pk, topic)
    return render(request, "scheduler/stats.html", page_context(request.user, topic, plan))


@require_POST
@login_required
def raise_pace(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    """Set new cards per day to the pace the page showed (one click from the warning).

    htmx swaps the pacing block in place; without JavaScript the form posts and the browser
    is sent back to the page. A tampered value is refused with the page and its error.
    """
    topic = get_object_or_404(Topic, slug=topic_slug)
    form = PaceForm(request.POST)
    template = "scheduler/stats.html#pacing" if request.htmx else "scheduler/stats.html"
    if not form.is_valid():
        context = page_context(request.user, topic) | {"pace_form": form}
        return render(request, template, context, status=400)
    # The topic's own limit when the learner studies it (scheduler.enrolment), else the profile's.
    per_day = form.cleaned_data["new_cards_per_day"]
    enrolment = Enrolment.objects.for_user(request.user).current().filter(topic=topic).first()
    if enrolment is not None:
        enrolment_services.change_plan(
            user=request.user,
            topic=topic,
            expected_version=enrolment.version,
            exam_date=enrolment.exam_date,
            new_cards_per_day=per_day,
            reviews_per_day=enrolment.reviews_per_day,
            leech_threshold=enrolment.leech_threshold,
        )
    else:
        profile = StudyProfile.for_user(request.user)
        profile.new_cards_per_day = per_day
        profile.save(update_fields=["new_cards_per_day"])
    if request.htmx:
        return render(request, template, page_context(request.user, topic) | {"pace_saved": True})
    return redirect(reverse("stats", kwargs={"topic_slug": topic.slug}) + "#pacing")


def grade_bars(profile: StudyProfile, by_quality: list[int]) -> list[tuple[str, int]]:
    """Answers per grade, named as the learner grades: Again…Easy on the four-button scale.

    Grades the scale has no button for (0 and 1 on the four-button scale, from a time the
    learner used the six-grade one) show only when they were given.
    """
    names = {quality: name for quality, name, _ in grades_for(profile)}
    return [
        (names.get(quality, str(quality)), count)
        for quality, count in enumerate(by_quality)
        if quality in names or count
    ]


def page_context(user, topic: Topic, plan: StudyPlan | None = None) -> dict:
    profile = StudyProfile.for_user(user)
    today = profile.today(timezone.now())
    activity = stats.activity(user, topic, today)
    forecast = stats.forecast(user, topic, today)
    grades = stats.grades(user, topic, today)
    # The topic's own exam date and new-card limit (the enrolment's, else the profile's).
    plan = plan or plan_for(user, profile, topic.pk)
    exam_dates = {topic.pk: plan.exam_date}
    # Domains and the learner's cards per domain, counted once for readiness and prediction.
    summary = summarise(user, [topic.pk], today, exam_dates)
    readiness = stats.readiness_by_topic(
        user, [topic], today, history=True, exam_dates=exam_dates, summary=summary
    )[topic.pk]
    pace_plan = pacing.plan(readiness, plan.new_cards_per_day)
    return {
        "topic": topic,
        # Every topic for the page's menu, as rows (pk, slug, title).
        "topics": prepared.rows(
            ("stats menu",),
            lambda values: Topic.objects.order_by("title").values("pk", "slug", "title"),
            prepared.Values(),
        ),
        "profile": profile,
        "plan": plan,
        "today": today,
        "activity": activity,
        "heatmap": charts.heatmap([(d.day, d.count) for d in activity.days]),
        "forecast": forecast,
        "forecast_rows": [(day.label, day.count) for day in forecast],
        "forecast_chart": charts.bar_chart(
            [(f"{d.day:%b} {d.day.day}", d.count) for d in forecast], label_every=7
        ),
        "grades": grades,
        "grades_chart": charts.bar_chart(grade_bars(profile, grades.by_quality), height=160),
        "four_grades": profile.grading_scale == StudyProfile.GradingScale.FOUR,
        "readiness": readiness,
        "readiness_rows": [(point.label, point.overall_percent) for point in readiness.history],
        "readiness_chart": charts.percent_line(
            [(f"{p.day:%b} {p.day.day}", p.overall_percent) for p in readiness.history]
        ),
        "prediction": predict(user, [topic.pk], today, exam_dates, summary=summary)[topic.pk],
        "pace_plan": pace_plan,
        "pace_form": PaceForm(initial={"new_cards_per_day": pace_plan and pace_plan.suggestion}),
        "pace_url": reverse("stats_pace", kwargs={"topic_slug": topic.slug}),
        **mock_scores(user, topic),
    }
