"""Every page is served under an enforced Content-Security-Policy, and no template carries what
that policy would refuse (the browser tests in tests/browser/test_csp.py watch the pages run)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
INLINE_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
SCRIPT_OR_STYLE_TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("url", ["login", "signup", "password_reset", "admin:login"])
def test_public_pages_are_served_under_the_enforced_policy(client, db, url):
    response = client.get(reverse(url))

    policy = policy_of(response)
    assert "Content-Security-Policy-Report-Only" not in response
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]


def test_the_htmx_script_carries_the_nonce_the_policy_names(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("dashboard"))

    nonce = next(v for v in policy_of(response)["script-src"] if v.startswith("'nonce-"))
    assert f'nonce="{nonce[7:-1]}"' in response.content.decode()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.name))
def test_no_template_has_inline_styles_or_handlers_the_policy_refuses(template):
    text = template.read_text()

    assert not INLINE_STYLE_ATTRIBUTE.search(text), "use a class in static/css instead"
    assert not INLINE_HANDLER.search(text), "use a script in static/js instead"
    for tag, attributes in SCRIPT_OR_STYLE_TAG.findall(text):
        assert "src=" in attributes or "csp_nonce" in attributes, f"<{tag}> without a nonce"


def test_pages_leave_out_the_debug_script_that_replaces_the_page_on_a_refusal(client, db, settings):
    # django-htmx's debug script swaps the whole document for any 400 response; a refusal
    # here is a 400 carrying its message for htmx to swap in place (base.html's htmx-config).
    settings.DEBUG = True
    client.force_login(UserFactory())

    page = client.get(reverse("dashboard")).content.decode()

    assert "django_htmx/htmx-2.min.js" in page
    assert "django-htmx.js" not in page
