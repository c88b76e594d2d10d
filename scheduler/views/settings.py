"""The learner's study settings: time zone, day start, limits, grading scale, exam date.

The page also offers "delete my account and data" (scheduler.views.account_data).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from scheduler.algorithms import fsrs_optimiser
from scheduler.models import ReviewLog, StudyProfile
from scheduler.scheduling import optimise_parameters, switch_scheduler
from scheduler.services import account_data
from scheduler.settings_forms import DeleteAccountForm, StudyProfileForm
from scheduler.views.common import HtmxHttpRequest

SWITCHED = {
    "fsrs": (
        "FSRS now schedules your answers. Every card kept its progress: its memory was "
        "computed from your answers so far; due dates stay until you next answer each card."
    ),
    "sm2": (
        "SM-2 now schedules your answers, from the SM-2 progress every answer under FSRS "
        "kept updating; due dates stay until you next answer each card."
    ),
}


def render_settings(
    request: HtmxHttpRequest,
    *,
    form: StudyProfileForm,
    delete_form: DeleteAccountForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "profile": StudyProfile.for_user(request.user),
        "scheduled_answers": ReviewLog.objects.for_user(request.user).counted().scheduled().count(),
        "min_answers": fsrs_optimiser.MIN_ANSWERS,
        "delete_form": delete_form,
        # What deleting the account would delete, counted now.
        "account_data": account_data(request.user),
    }
    return render(request, "scheduler/settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def study_settings(request: HtmxHttpRequest) -> HttpResponse:
    profile = StudyProfile.for_user(request.user)
    now = timezone.now()
    today = profile.today(now)
    if request.method == "POST":
        previous_scheduler = profile.scheduler  # the form writes the new one on the instance
        form = StudyProfileForm(request.POST, instance=profile, today=today)
        if form.is_valid():
            if {"time_zone", "day_starts_at"} & set(form.changed_data):
                # The day in progress goes on: no card answered today falls due again.
                profile.keep_day_across_change(day_before=today, now=now)
            chosen = form.cleaned_data["scheduler"]
            switching = chosen != previous_scheduler
            with transaction.atomic():
                form.save()
                if switching:
                    # Replays the history into FSRS memory when switching to FSRS.
                    switch_scheduler(user=request.user, scheduler=chosen)
            messages.success(request, "Study settings saved.")
            if switching:
                messages.success(request, SWITCHED[chosen])
            return redirect("study-settings")
    else:
        form = StudyProfileForm(instance=profile, today=today)
    return render_settings(request, form=form, delete_form=DeleteAccountForm(user=request.user))


@require_POST
@login_required
def optimise(request: HtmxHttpRequest) -> HttpResponse:
    """Fit FSRS parameters to the learner's answers, and say what that changes."""
    result = optimise_parameters(user=request.user)
    if result.refusal:
        messages.error(request, result.refusal)
    else:
        messages.success(
            request,
            f"Parameters fitted to your {result.answers} scheduled answers and in use; every "
            f"card's memory was recomputed with them. Predicted reviews a day over the next "
            f"{result.after.days} days: {result.before.reviews_per_day:.0f} with the old "
            f"parameters, {result.after.reviews_per_day:.0f} with the new.",
        )
    return redirect(reverse("study-settings") + "#fsrs-parameters")
