from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    """Send an htmx request whose session has expired to the sign-in page, whole.

    login_required answers with a redirect, which the browser follows inside the XHR; htmx
    would then swap the sign-in page into the card. HX-Redirect makes it a full navigation.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].split("?")[0] == login_url
        ):
            return HttpResponseClientRedirect(response["Location"])
        return response
