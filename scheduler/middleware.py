from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
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


class FormAddressMiddleware:
    """Opening the address of a form (a GET where only a POST is taken) goes to its page.

    Every form here posts to its page's address plus an action ("/review/aws/" → ".../reveal").
    Without JavaScript the browser's address bar keeps the action's address once the form was
    sent, so a reload or the back button opened it, and got an empty 405.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or request.method not in ("GET", "HEAD"):
            return response
        page = request.path.rstrip("/").rpartition("/")[0] + "/"
        try:
            found = resolve(page)
        except Resolver404:
            return response
        if found.url_name in (None, resolve(request.path).url_name):
            return response
        return HttpResponseRedirect(page, status=303)
