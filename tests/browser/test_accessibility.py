"""axe-core finds nothing wrong on the learner's pages: phone and desktop, light and dark.

Each page is checked in the state a learner sees it: signed out (sign-in, sign-up), and signed
in on the dashboard, the review page (front and back of a card of each kind, the report form),
the statistics, the settings and the card browser (a list and a card's page).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from cards.models import Card
from scheduler.models import StudyProfile
from tests.browser.conftest import DESKTOP, PHONE
from tests.scheduler.answering import answer

pytestmark = pytest.mark.browser

AXE = Axe()
CARD = '[role="region"][aria-label="Card"]'


def violations(page, where: str) -> list[str]:
    results = AXE.run(page)
    return [
        f"{where}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture(params=[PHONE, DESKTOP], ids=["375", "1280"])
def viewport(request):
    return request.param


@pytest.fixture
def learner_page(browser, live_server, settings, viewport, scheme):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_signed_out_pages_have_no_axe_violations(learner_page, transactional_db):
    found = []
    for name in ("login", "signup"):
        learner_page.goto(reverse(name))
        found += violations(learner_page, name)

    assert found == []


def test_study_pages_have_no_axe_violations(learner_page, sign_in, study_topic):
    page = learner_page
    user = sign_in(page)
    # Some history, so the dashboard and the statistics show figures and charts.
    first = Card.objects.filter(topic=study_topic).order_by("position").first()
    answer(user, first, 4)
    StudyProfile.objects.filter(user=user).update(exam_date="2099-01-01")
    found = []

    for name, url in (
        ("dashboard", reverse("dashboard")),
        ("stats", reverse("stats", kwargs={"topic_slug": study_topic.slug})),
        ("settings", reverse("study-settings")),
        ("card browser", reverse("browse", kwargs={"topic_slug": study_topic.slug})),
        (
            "a card's page",
            reverse("browse-card", kwargs={"topic_slug": study_topic.slug, "card_id": first.pk}),
        ),
    ):
        page.goto(url)
        found += violations(page, name)

    page.goto(reverse("review", kwargs={"topic_slug": study_topic.slug}))
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    kinds_checked = set()
    while len(kinds_checked) < 3:
        page.wait_for_selector(f"{CARD}.on-front")
        kind = page.locator(CARD).get_attribute("class").split()[1].removeprefix("card-")
        found += violations(page, f"{kind} front")
        if kind == "trap":
            page.get_by_role("button", name="FALSE", exact=True).click()
        else:
            page.get_by_role("button", name="Show answer").click()
        page.wait_for_selector(f"{CARD}.on-back")
        found += violations(page, f"{kind} back")
        kinds_checked.add(kind)
        # Wait for the answer's response: a request still running when the test ends would
        # hold its transaction while the live server's database is flushed (a deadlock on
        # PostgreSQL).
        with page.expect_response(lambda response: response.url.endswith("/answer")):
            page.get_by_role("button", name="Good", exact=True).click()

    page.wait_for_selector(f"{CARD}.on-front")
    page.locator(".report-problem > summary").click()
    page.wait_for_selector(".report-form", state="visible")
    found += violations(page, "report form")

    assert found == []
