"""Accounts beyond Django's own sign-in views: sign-up (closed with SIGNUP_OPEN=false), the
password reset by email (offered only where mail goes out, PASSWORD_RESET_OPEN) and the page
a throttled sign-in gets."""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LogoutView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional. Only used to send you a link if you forget your password.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_OPEN:
        raise Http404("Sign-up is closed on this site.")
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Named, because axes' backend comes first and signs nobody in itself.
        login(request, user, backend="scheduler.auth.StudyProfileBackend")
        messages.success(request, f"Welcome, {user.get_username()}. Pick a topic to start.")
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


def when_password_reset_is_open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Django's password reset views, only where their mail reaches someone: telling a learner
    "we have sent you a link" when no mail goes out would leave them stuck and misled."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PASSWORD_RESET_OPEN:
            raise Http404("This site sends no email, so it cannot reset a password.")
        return view(request, *args, **kwargs)

    return wrapped


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers, on the site's and the admin's sign-in, once a username has had
    too many wrong passwords from this address: a page that says so and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"lockout_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class SignOutView(LogoutView):
    """Django's sign-out, then the sign-in page says it happened (it only showed the form,
    which on a shared computer left the learner wondering)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are signed out.")
        return response
