from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from scheduler.views.accounts import signup

urlpatterns = [
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's, say).
    path("favicon.ico", lambda request: redirect(static("icons/icon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("scheduler.urls")),
]
