"""The learner's study settings: time zone, day start, limits, grading scale, exam date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from scheduler.forms import StudyProfileForm
from scheduler.models import StudyProfile
from scheduler.views.common import HtmxHttpRequest


@require_http_methods(["GET", "POST"])
@login_required
def study_settings(request: HtmxHttpRequest) -> HttpResponse:
    profile = StudyProfile.for_user(request.user)
    now = timezone.now()
    today = profile.today(now)
    if request.method == "POST":
        form = StudyProfileForm(request.POST, instance=profile, today=today)
        if form.is_valid():
            if {"time_zone", "day_starts_at"} & set(form.changed_data):
                # The day in progress goes on: no card answered today falls due again.
                profile.keep_day_across_change(day_before=today, now=now)
            form.save()
            messages.success(request, "Study settings saved.")
            return redirect("study-settings")
    else:
        form = StudyProfileForm(instance=profile, today=today)
    return render(request, "scheduler/settings.html", {"form": form})
