"""Browser test fixtures: Chromium through Playwright against a live server.

- `live_server`: pytest-django's, built with plain-HTTP settings.
- `browser`: one headless Chromium for the browser tests (Debian's /usr/bin/chromium, never a
  downloaded one). Under CI the tests must run, so a missing Chromium fails them; elsewhere
  they are skipped with a message.
- `page`: a fresh browser context (cookies, storage) per test, at desktop size, with
  `base_url` set to the live server, so `page.goto("/")` works.
- `sign_in(page, user=None, enrol=True)`: signs a user in through the real login form; with
  `enrol`, the learner studies every topic there is then (enrol=False: one who picked none).
- `study_topic`: a small topic with trap, table and scenario cards over two domains.
- `screenshot(page, name)`: saves test-artifacts/<name>.png (git-ignored) and returns its path.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cards.models import Card, Topic
from tests.factories import (
    DomainFactory,
    EnrolmentFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests (and
    # the database teardown) make between browser steps are still plain synchronous code.
    # Package-scoped, like `browser`: the variable and the loop end with the browser tests
    # and leak into no other test (`check --deploy` warns about the variable).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator:
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    # SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server builds its handler:
    # a per-test `settings` change would come too late to stop the redirect to HTTPS.
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Chromium (bash .ci/chromium.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run under CI, but {message}.", pytrace=False)
        pytest.skip(f"Browser tests skipped: {message}.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings) -> Iterator:
    # The live server speaks plain HTTP: cookies must not require HTTPS.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(transactional_db) -> Callable:
    """sign_in(page, user=None, enrol=True) -> user: signs in through the login form."""

    def sign_in(page, user=None, *, enrol: bool = True):
        user = user or UserFactory()
        if enrol:
            for topic in Topic.objects.all():
                EnrolmentFactory(user=user, topic=topic)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return user

    return sign_in


@pytest.fixture
def screenshot() -> Callable:
    def screenshot(page, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return screenshot


# Document order of the seeded topic: every kind turns up within the first few cards.
SEED = [
    ("scenario", "Which service decouples producers from consumers with a queue?", "Amazon SQS"),
    (
        "trap",
        "DynamoDB strongly consistent reads are available on global secondary indexes.",
        "FALSE",
    ),
    ("table", "row-api", 2),
    ("scenario", "Which CLI command packages a SAM application for deployment?", "sam package"),
    ("trap", "Lambda functions can run for up to 15 minutes.", "TRUE"),
    ("table", "row-cache", 1),
    (
        "scenario",
        "Where should a Lambda function keep a database connection between calls?",
        "Outside the handler, in the execution environment",
    ),
    ("scenario", "Which header carries a request's X-Ray trace id?", "X-Amzn-Trace-Id"),
    ("trap", "SQS FIFO queues support unlimited throughput in every mode.", "PARTIALLY TRUE"),
    ("table", "row-auth", 2),
    (
        "scenario",
        "Which service stores parameters with versioning for free?",
        "SSM Parameter Store (standard tier)",
    ),
    ("scenario", "What rotates database credentials automatically?", "AWS Secrets Manager"),
]
TABLE_HEADER = ["Feature", "REST API", "HTTP API"]
TABLE_ROWS = {
    "row-api": ["Cost", "Higher", "About 70% cheaper"],
    "row-cache": ["Caching", "Built-in cache", "Not available"],
    "row-auth": ["Authorizers", "IAM, Cognito, Lambda", "IAM, JWT, Lambda"],
}
EXPLANATIONS = {
    "FALSE": "Global secondary indexes only offer eventually consistent reads.",
    "TRUE": "The maximum timeout is 900 seconds.",
    "PARTIALLY TRUE": "High-throughput mode raises the limit, but it is not unlimited.",
}


@pytest.fixture
def study_topic(transactional_db) -> Topic:
    """A topic of twelve cards (three traps, three table cells of different rows, six
    scenarios) in two weighted domains."""
    topic = TopicFactory(slug="developer-basics", title="Developer basics")
    sections = [
        SectionFactory(
            domain=DomainFactory(
                topic=topic, number=1, title="Development with AWS Services", weight=32
            ),
            position=1,
            title="Develop code for applications hosted on AWS",
        ),
        SectionFactory(
            domain=DomainFactory(topic=topic, number=2, title="Security", weight=26),
            position=1,
            title="Implement authentication and authorization",
        ),
    ]
    for position, (kind, first, second) in enumerate(SEED):
        section = sections[position % 2]
        fields = {
            "topic": topic,
            "section": section,
            "position": position,
            "kind": kind,
            "key": f"{kind}-{position}",
        }
        if kind == "trap":
            fields |= {
                "prompt": first,
                "answer": second,
                "verdict": second,
                "explanation": EXPLANATIONS[second],
                "source": f'"{first}" — {second}',
            }
        elif kind == "table":
            row, hidden = TABLE_ROWS[first], second
            fields |= {
                "prompt": f"Feature: {row[0]} — {TABLE_HEADER[hidden]}?",
                "answer": row[hidden],
                "sibling": first,
                "table": {"header": TABLE_HEADER, "row": row, "hidden": hidden},
                "source": "| " + " | ".join(row) + " |",
            }
        else:
            fields |= {"prompt": first, "answer": second, "source": f'"{first}" → {second}'}
        Card.objects.create(**fields)
    return topic
