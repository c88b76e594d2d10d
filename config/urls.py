from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from cards.views import card_image
from scheduler.views.accounts import SignOutView, signup, when_password_reset_is_open

# Django's password reset views, switched off with PASSWORD_RESET_OPEN (no mail goes out).
password_reset = [
    path(
        "password_reset/",
        when_password_reset_is_open(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        when_password_reset_is_open(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        when_password_reset_is_open(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        when_password_reset_is_open(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's, say).
    path("favicon.ico", lambda request: redirect(static("icons/icon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("card-images/<str:name>", card_image, name="card-image"),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/", include(password_reset)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("scheduler.urls")),
]
