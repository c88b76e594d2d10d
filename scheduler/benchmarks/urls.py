"""The site's URLs plus the benchmark's floor: the cheapest page a signed-in learner can get."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """Session, user and middleware, nothing else: every other request is a multiple of this."""
    return HttpResponse("ok")


urlpatterns = [
    path("benchmark/floor/", floor, name="benchmark-floor"),
    path("", include("config.urls")),
]
