"""Delete my account and data: the learner's explicit way to remove their review history.

The settings page says what it deletes and asks for the password; the deletion goes through
scheduler.services.delete_account_and_data in one transaction, then the learner is signed out
and told what was deleted.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from scheduler.models import StudyProfile
from scheduler.services import delete_account_and_data
from scheduler.settings_forms import DeleteAccountForm, StudyProfileForm
from scheduler.views.common import HtmxHttpRequest, today_for
from scheduler.views.settings import render_settings


@require_POST
@login_required
def delete_account(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    delete_form = DeleteAccountForm(request.POST, user=user, request=request)
    if not delete_form.is_valid():
        profile = StudyProfile.for_user(user)
        form = StudyProfileForm(instance=profile, today=today_for(profile))
        return render_settings(request, form=form, delete_form=delete_form, status=400)
    username = user.get_username()
    deleted = delete_account_and_data(user=user)
    logout(request)
    messages.success(
        request,
        f"Your account {username} was deleted, with its {deleted.answers} "
        f"answer{pluralize(deleted.answers)} and {deleted.cards_in_progress} "
        f"card{pluralize(deleted.cards_in_progress)} in progress. You are signed out.",
    )
    return redirect("login")
