from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
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


class NoStoreMiddleware:
    """Every page the app renders is private and kept in no cache, the browser's included.

    They are all either behind the sign-in (a learner's cards, answers and statistics) or the
    sign-in pages themselves: on a shared computer, the back button after signing out must
    ask the server again, and be sent to the sign-in page, rather than show the last
    learner's page. Static files are answered before this middleware and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
