"""The statistics page in Chromium, for a learner with a year of history.

The year before the last month is filler inserted directly (test data: re-drill rows, which the
heatmap counts and no other figure does); the last two weeks are answered through answer_card,
so the readiness figures below are worked out by hand from those answers alone.

Deck: four domains weighted 32/26/24/18 as in DVA-C02, five cards each.
    D1: cards 1–4 answered q5 three and two days ago → 4 of 5 learned, retention 8/8
        readiness 4/5 × 1 = 80 %
    D2: cards 1–2 q4 eight and seven days ago → learned; card 3 q2 eight days ago (then a
        re-drill) → 2 of 5 learned, retention 4/5, readiness 2/5 × 4/5 = 32 %
    D3: card 1 q5 yesterday → 0 learned, readiness 0 %
    D4: no answers → not enough data, readiness 0 %
    overall (32 × 80 + 26 × 32) / 100 = 33.92 → 34 %
Pacing: 12 unseen cards, exam in 10 days → 3 days before the last week → 4 new cards a day.
"""

import random
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler import rollup
from scheduler.models import Enrolment, ReviewLog, StudyProfile
from scheduler.study_day import study_day
from tests.browser.conftest import PHONE
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory, UserFactory
from tests.scheduler.answering import answer

pytestmark = pytest.mark.browser


@pytest.fixture
def year_of_history(transactional_db):
    user = UserFactory(username="stats-learner")
    now = timezone.now()
    profile = StudyProfile.objects.create(
        user=user, time_zone="UTC", day_starts_at=4, new_cards_per_day=2
    )
    today = study_day(now, profile.zone, profile.day_starts_at)
    profile.exam_date = today + timedelta(days=10)
    profile.save()

    topic = TopicFactory(slug="dva-c02", title="AWS Certified Developer – Associate (DVA-C02)")
    domains = []
    for number, weight, title in (
        (1, 32, "Development with AWS Services"),
        (2, 26, "Security"),
        (3, 24, "Deployment"),
        (4, 18, "Troubleshooting and Optimization"),
    ):
        section = SectionFactory(
            domain=DomainFactory(topic=topic, number=number, weight=weight, title=title)
        )
        domains.append([CardFactory(section=section, position=number * 10 + i) for i in range(5)])

    # Filler: a year of re-drill rows, most days, busier midweek.
    rng = random.Random(2026)
    cards = [card for domain in domains for card in domain]
    logs = []
    for days_ago in range(31, 365):
        day = today - timedelta(days=days_ago)
        if rng.random() < 0.2:
            continue
        for _ in range(rng.randint(1, 6) + (8 if day.weekday() in (1, 2) else 0)):
            card = rng.choice(cards)
            logs.append(
                ReviewLog(
                    user=user,
                    card=card,
                    topic=topic,
                    quality=rng.randint(0, 5),
                    answered_at=datetime.combine(day, time(12), tzinfo=UTC),
                    study_day=day,
                    kind=ReviewLog.Kind.REDRILL,
                    repetitions_before=0,
                    repetitions_after=0,
                    interval_before=1,
                    interval_after=1,
                )
            )
    ReviewLog.objects.bulk_create(logs)
    rollup.rebuild()  # logs inserted directly, as from before the roll-up: the backfill

    def on(days_ago: int, minute: int = 0) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(12, minute), tzinfo=UTC)

    d1, d2, d3, _ = domains
    for card in d1[:4]:
        answer(user, card, 5, on(3))
        answer(user, card, 5, on(2))
    for card in d2[:2]:
        answer(user, card, 4, on(8))
        answer(user, card, 4, on(7))
    answer(user, d2[2], 2, on(8))
    answer(user, d2[2], 4, on(8, 5))
    answer(user, d3[0], 5, on(1))
    return user, topic


def test_stats_page_shows_a_year_of_progress(year_of_history, page, sign_in, screenshot):
    user, topic = year_of_history
    sign_in(page, user)

    page.goto(reverse("stats", kwargs={"topic_slug": topic.slug}))

    heatmap = page.get_by_role("img", name="Answers per study day, last 365 days")
    assert heatmap.locator("rect").count() == 365
    assert heatmap.locator("rect:not([data-count='0'])").count() > 200
    forecast = page.get_by_role("img", name="Cards due per day, next 30 days")
    assert forecast.locator("rect").count() == 30
    # Today: d2's overdue cards (3) and d3's card; in four days: d1's four cards.
    assert [forecast.locator("rect").nth(n).get_attribute("data-value") for n in (0, 4)] == [
        "4",
        "4",
    ]
    grades = page.get_by_role("img", name="Scheduled answers by grade, last 30 days")
    # The learner grades with four buttons: the bars are named after them.
    assert [
        (bar.get_attribute("data-label"), bar.get_attribute("data-value"))
        for bar in grades.locator("rect").all()
    ] == [("Again", "1"), ("Hard", "0"), ("Good", "4"), ("Easy", "9")]
    assert page.get_by_role("img", name="Overall readiness over the last 30 study days").count()

    assert page.get_by_test_id("overall-readiness").inner_text().startswith("34")
    rows = page.get_by_test_id("domains").locator("tbody tr")
    readiness = [
        rows.nth(n).get_by_test_id("domain-readiness").inner_text().strip() for n in range(4)
    ]
    assert [value.replace("\u2009", " ") for value in readiness] == [
        "80 %",
        "32 %",
        "0 %",
        "0 %",
    ]
    assert "not enough data" in rows.nth(3).inner_text()
    assert page.get_by_test_id("days-left").inner_text().startswith("10")
    warning = page.get_by_test_id("pace-warning")
    assert "fewer than the 4 needed" in warning.inner_text()

    screenshot(page, "stats-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "stats-phone")

    page.get_by_role("button", name="Raise to 4 new cards a day").click()
    page.get_by_text("Saved. You study 4 new cards a day: on pace.").wait_for()
    # The topic's own limit: the settings' default (2) stays for the other topics.
    assert Enrolment.objects.get(user=user, topic=topic).new_cards_per_day == 4
    assert StudyProfile.objects.get(user=user).new_cards_per_day == 2


# Every chart label's size on screen: its font size in the chart's units times the scale the
# chart is drawn at; and anything wider than the window.
MEASURE_PHONE = """
() => {
  const labels = [...document.querySelectorAll("svg text")].map((text) => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(text).fontSize) * scale;
  });
  const wide = [...document.querySelectorAll(".stats table, .stats svg:not(.heatmap)")]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
    .map((element) => element.dataset.testid || element.tagName);
  return {
    smallest: Math.min(...labels),
    wide,
    scrolls: document.documentElement.scrollWidth > window.innerWidth,
  };
}
"""


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_stats_on_a_phone_have_readable_chart_labels_and_nothing_wider_than_the_window(
    year_of_history, page, sign_in, width
):
    user, topic = year_of_history
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, user)

    page.goto(reverse("stats", kwargs={"topic_slug": topic.slug}))
    measured = page.evaluate(MEASURE_PHONE)

    assert measured["smallest"] >= 12
    assert measured["wide"] == [] and not measured["scrolls"]
    # The heatmap scrolls on a phone: a keyboard can reach it.
    heatmap_region = page.get_by_role("region", name="Answers per study day (scrolls sideways)")
    assert heatmap_region.get_attribute("tabindex") == "0"
