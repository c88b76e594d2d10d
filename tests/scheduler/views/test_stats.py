import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduler import rollup
from scheduler.models import Enrolment, ReviewLog, StudyProfile
from scheduler.views.stats import grade_bars
from tests.factories import (
    CardFactory,
    DomainFactory,
    EnrolmentFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)
from tests.scheduler.answering import answer

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
# session, user with study profile, topic, topic list, heatmap, forecast, grades, the domains
# with the learner's standing in each (scheduler.stats.summary, shared by readiness and the
# predicted exam score), readiness's answers by day, the mock exams: the same whatever the
# history, once the standings are stored (the first view counts the states and stores them,
# two queries more, or three where rows are replaced).
PAGE_QUERIES = 10
FIRST_VIEW_QUERIES = PAGE_QUERIES + 3


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def learner(db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC", day_starts_at=4)
    return user


@pytest.fixture
def topic(db):
    topic = TopicFactory(slug="dva", title="DVA-C02")
    for number, weight in ((1, 32), (2, 26), (3, 24), (4, 18)):
        section = SectionFactory(domain=DomainFactory(topic=topic, number=number, weight=weight))
        for position in range(5):
            CardFactory(section=section, position=number * 100 + position)
    return topic


@pytest.fixture
def client_for(learner):
    client = Client()
    client.force_login(learner)
    return client


def page_url(topic) -> str:
    return reverse("stats", kwargs={"topic_slug": topic.slug})


def test_the_page_needs_a_signed_in_learner(db, topic):
    response = Client().get(page_url(topic))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unknown_topic_is_404(client_for):
    assert client_for.get(reverse("stats", kwargs={"topic_slug": "nope"})).status_code == 404


def test_stats_index_opens_the_topic_last_studied(client_for, learner, topic):
    other = TopicFactory(slug="aaa", title="AAA first by title")
    assert client_for.get(reverse("stats_index"))["Location"] == page_url(other)

    answer(learner, topic.cards.first(), 4, NOW)

    assert client_for.get(reverse("stats_index"))["Location"] == page_url(topic)


def test_stats_index_without_topics_says_so(client_for):
    response = client_for.get(reverse("stats_index"))
    assert response.status_code == 200
    assert "no topics yet" in response.text


def test_the_page_shows_each_chart_with_a_title_and_a_table(client_for, learner, topic):
    cards = list(topic.cards.order_by("position"))
    for card in cards[:4]:
        answer(learner, card, 5, NOW - timedelta(days=1))
    answer(learner, cards[0], 4, NOW)

    response = client_for.get(page_url(topic))

    assert response.status_code == 200
    html = response.text
    for chart_id in ("heatmap", "forecast", "grades", "trend"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
        assert f'<title id="{chart_id}-title">' in html
    assert html.count("<details>") == 4
    assert 'viewBox="0 0 ' in html and 'width="100%"' in html
    assert 'data-count="4"' in html and 'data-count="1"' in html  # yesterday and today
    assert "every answer you did not undo" in html
    assert "<script" not in html.split("</head>")[1]  # no chart library


def test_the_activity_table_says_when_there_are_no_answers_yet(client_for, learner, topic):
    html = client_for.get(page_url(topic)).text

    assert '<td colspan="2">No answers yet.</td>' in html


def test_query_count_is_the_same_for_ten_answers_and_twenty_thousand(client_for, learner, topic):
    cards = list(topic.cards.order_by("position"))
    for n, card in enumerate(cards[:10]):
        answer(learner, card, 3 + n % 3, NOW - timedelta(days=n))
    with CaptureQueriesContext(connection) as first:
        assert client_for.get(page_url(topic)).status_code == 200
    assert len(first) <= FIRST_VIEW_QUERIES
    with CaptureQueriesContext(connection) as small:
        assert client_for.get(page_url(topic)).status_code == 200

    seed_history(learner, cards, answers=20_000)
    assert ReviewLog.objects.for_user(learner).count() == 20_010
    with CaptureQueriesContext(connection) as large:
        response = client_for.get(page_url(topic))

    assert response.status_code == 200
    assert len(small) == len(large) == PAGE_QUERIES, [q["sql"][:80] for q in large]


def seed_history(user, cards, *, answers: int) -> None:
    """Test data: a long history inserted directly, as if years of answers had been logged."""
    rng = random.Random(6)
    logs = []
    for n in range(answers):
        card = cards[n % len(cards)]
        day = TODAY - timedelta(days=n // 40)
        repetitions = rng.randint(0, 6)
        interval = rng.choice([1, 6, 15, 40, 100])
        quality = rng.randint(0, 5)
        logs.append(
            ReviewLog(
                user=user,
                card=card,
                topic_id=card.topic_id,
                quality=quality,
                answered_at=datetime.combine(day, time(12), tzinfo=UTC),
                study_day=day,
                kind=rng.choice(["scheduled", "scheduled", "redrill"]),
                repetitions_before=repetitions,
                repetitions_after=repetitions + 1 if quality >= 3 else 0,
                interval_before=interval,
                interval_after=interval,
                undone=n % 50 == 0,
            )
        )
    ReviewLog.objects.bulk_create(logs, batch_size=2000)
    rollup.rebuild(user_ids=[user.pk])  # as the backfill does for logs from before the roll-up


def test_pace_warning_and_one_click_raise(client_for, learner, topic):
    profile = StudyProfile.objects.get(user=learner)
    profile.exam_date = TODAY + timedelta(days=12)  # 5 days to see 20 cards: 4 a day
    profile.new_cards_per_day = 2
    profile.save()

    page = client_for.get(page_url(topic)).text
    assert 'data-testid="pace-warning"' in page
    assert "<strong>4 new cards a day</strong>" in page
    assert 'name="new_cards_per_day" value="4"' in page

    response = client_for.post(
        reverse("stats_pace", kwargs={"topic_slug": topic.slug}), {"new_cards_per_day": "4"}
    )

    assert response.status_code == 302
    assert response["Location"] == page_url(topic) + "#pacing"
    profile.refresh_from_db()
    assert profile.new_cards_per_day == 4
    assert 'data-testid="pace-warning"' not in client_for.get(page_url(topic)).text


def test_pacing_uses_the_topics_own_exam_date_and_raises_its_own_limit(client_for, learner, topic):
    # The settings say no exam and 2 a day; the topic's plan: an exam in 12 days, 2 a day.
    StudyProfile.objects.filter(user=learner).update(exam_date=None, new_cards_per_day=20)
    EnrolmentFactory(
        user=learner, topic=topic, exam_date=TODAY + timedelta(days=12), new_cards_per_day=2
    )

    page = client_for.get(page_url(topic)).text
    assert 'data-testid="pace-warning"' in page
    assert "You study 2 new cards a day, fewer than the 4 needed." in page

    client_for.post(
        reverse("stats_pace", kwargs={"topic_slug": topic.slug}), {"new_cards_per_day": "4"}
    )

    assert Enrolment.objects.get(user=learner, topic=topic).new_cards_per_day == 4
    assert StudyProfile.objects.get(user=learner).new_cards_per_day == 20
    assert 'data-testid="pace-warning"' not in client_for.get(page_url(topic)).text


def test_pace_raise_over_htmx_returns_the_pacing_block(client_for, learner, topic):
    StudyProfile.objects.filter(user=learner).update(
        exam_date=TODAY + timedelta(days=12), new_cards_per_day=2
    )

    response = client_for.post(
        reverse("stats_pace", kwargs={"topic_slug": topic.slug}),
        {"new_cards_per_day": "4"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="stats-card"')
    assert "Saved. You study 4 new cards a day: on pace." in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize("value", ["0", "1001", "-3", "four", ""])
def test_pace_raise_refuses_a_value_out_of_range(client_for, learner, topic, value):
    response = client_for.post(
        reverse("stats_pace", kwargs={"topic_slug": topic.slug}), {"new_cards_per_day": value}
    )

    assert response.status_code == 400
    assert StudyProfile.objects.get(user=learner).new_cards_per_day == 20


def test_pace_raise_is_post_only_signed_in_and_csrf_protected(learner, topic):
    url = reverse("stats_pace", kwargs={"topic_slug": topic.slug})
    anonymous = Client().post(url, {"new_cards_per_day": "5"})
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(url)["Location"] == reverse("stats", kwargs={"topic_slug": topic.slug})
    assert client.post(url, {"new_cards_per_day": "5"}).status_code == 403
    assert StudyProfile.objects.get(user=learner).new_cards_per_day == 20


def test_other_learners_history_never_shows(client_for, learner, topic):
    other = UserFactory()
    for card in topic.cards.all():
        answer(other, card, 5, NOW)

    html = client_for.get(page_url(topic)).text

    assert 'data-count="0"' in html and 'data-count="1"' not in html
    assert "0 answers on 0 days" in html


def test_dashboard_shows_readiness_and_days_left(client_for, learner, topic):
    EnrolmentFactory(user=learner, topic=topic)
    StudyProfile.objects.filter(user=learner).update(exam_date=TODAY + timedelta(days=12))
    first = topic.cards.get(position=100)  # domain 1, weight 32
    answer(learner, first, 5, NOW - timedelta(days=7))
    answer(learner, first, 5, NOW - timedelta(days=6))

    html = client_for.get(reverse("dashboard")).text

    # Domain 1: 1 of 5 learned × retention 2/2 = 1/5; overall 32 × 1/5 / 100 = 6.4 %.
    assert "Exam readiness <strong>6&thinsp;%</strong>" in html
    assert "<strong>12</strong> days left" in html
    assert f'href="{page_url(topic)}"' in html


def test_an_exam_too_close_gets_what_can_still_be_seen_and_a_capped_raise(client_for, learner):
    big = TopicFactory(slug="big", title="Big deck")
    for number, weight in ((1, 60), (2, 40)):
        section = SectionFactory(domain=DomainFactory(topic=big, number=number, weight=weight))
        CardFactory.create_batch(150, section=section)
    StudyProfile.objects.filter(user=learner).update(
        exam_date=TODAY + timedelta(days=2), new_cards_per_day=20
    )

    page = " ".join(client_for.get(page_url(big)).text.split())
    raised = client_for.post(
        reverse("stats_pace", kwargs={"topic_slug": big.slug}),
        {"new_cards_per_day": "100"},
        headers={"HX-Request": "true"},
    )

    assert "300 new cards a day" not in page and "Raise to 300" not in page
    assert "At your 20 new cards a day you can still see <strong>40</strong> of them." in page
    assert "At 100 a day you would see 200, with about 100 reviews a day on top." in page
    assert 'name="new_cards_per_day" value="100"' in page
    assert "Raise to 100 new cards a day" in page
    assert "(60 %) — about 120 of its 150 unseen cards" in page
    assert "(40 %) — about 80 of its 150 unseen cards" in page
    after = " ".join(raised.text.split())
    assert "Saved. At your 100 new cards a day you can still see <strong>200</strong>" in after
    assert 'data-testid="pace-warning"' not in after


def test_grades_are_named_after_the_learners_buttons(learner):
    profile = StudyProfile.objects.get(user=learner)
    answered = [1, 0, 3, 0, 5, 2]  # one 0 from a time the learner used the six-grade scale

    four = grade_bars(profile, answered)
    profile.grading_scale = StudyProfile.GradingScale.SIX
    six = grade_bars(profile, answered)

    assert four == [("0", 1), ("Again", 3), ("Hard", 0), ("Good", 5), ("Easy", 2)]
    assert six == [("0", 1), ("1", 0), ("2", 3), ("3", 0), ("4", 5), ("5", 2)]


def test_the_page_shows_the_predicted_score_per_domain(client_for, learner, topic):
    StudyProfile.objects.filter(user=learner).update(
        exam_date=TODAY + timedelta(days=14), pass_mark=65
    )
    for card in topic.cards.filter(section__domain__number=1):
        answer(learner, card, 5, NOW)

    response = client_for.get(page_url(topic))

    prediction = response.context["prediction"]
    assert [d.number for d in prediction.domains] == [1, 2, 3, 4]
    assert prediction.domains[0].percent > 0
    assert [d.percent for d in prediction.domains[1:]] == [0, 0, 0]
    html = response.text
    assert "Predicted on 10 Dec 2026" in html and "(pass mark 65&thinsp;%)" in html
    assert html.count('data-testid="domain-prediction"') == 4
    assert "Raises it most: domain 2" in html  # the heaviest domain not yet studied


def test_each_learner_sees_the_topic_with_their_own_plan(client_for, learner, topic):
    other = UserFactory()
    StudyProfile.objects.create(user=other, time_zone="UTC", day_starts_at=4)
    EnrolmentFactory(user=learner, topic=topic, exam_date=TODAY + timedelta(days=12))
    EnrolmentFactory(user=other, topic=topic, exam_date=TODAY + timedelta(days=30))
    other_client = Client()
    other_client.force_login(other)

    mine = client_for.get(page_url(topic)).context
    theirs = other_client.get(page_url(topic)).context

    assert (mine["plan"].exam_date, theirs["plan"].exam_date) == (
        TODAY + timedelta(days=12),
        TODAY + timedelta(days=30),
    )
    assert mine["topic"].title == theirs["topic"].title == "DVA-C02"
    assert [row["slug"] for row in mine["topics"]] == ["dva"]
