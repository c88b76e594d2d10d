"""Review ahead and extra new cards today, through their pages (htmx and plain)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from scheduler.enrolment import Enrolment
from scheduler.models import ExtraNewCards, ReviewLog, ReviewState
from tests.factories import (
    CardFactory,
    EnrolmentFactory,
    SectionFactory,
    StudyProfileFactory,
    UserFactory,
)
from tests.scheduler.answering import answer

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TODAY = NOON.date()
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def student(client, db):
    profile = StudyProfileFactory(new_cards_per_day=2)
    client.force_login(profile.user)
    return profile.user


@pytest.fixture
def section(db):
    return SectionFactory()


@pytest.fixture
def topic(section, student):
    """The section's topic, which the student studies (scheduler.enrolment)."""
    EnrolmentFactory(user=student, topic=section.domain.topic)
    return section.domain.topic


@pytest.fixture
def learned(student, section):
    """Two cards answered Good a week ago and five days ago: due tomorrow (interval 6)."""
    cards = [CardFactory(section=section, position=n) for n in range(2)]
    for card in cards:
        answer(student, card, 4, now=NOON - timedelta(days=7))
        answer(student, card, 4, now=NOON - timedelta(days=5))
    return cards


def url(name, topic) -> str:
    return reverse(name, kwargs={"topic_slug": topic.slug})


# --- Review ahead ---------------------------------------------------------------------------


def test_review_ahead_shows_cards_due_in_the_chosen_days(client, student, topic, learned):
    page = client.get(url("ahead", topic) + "?days=3")

    assert page.status_code == 200
    assert page.context["card"] == learned[0] and page.context["left"] == 2
    assert "scheduled as usual" in page.content.decode()


def test_a_review_ahead_answer_is_scheduled_and_logged_as_ahead(client, student, topic, learned):
    state = ReviewState.objects.for_user(student).get(card=learned[0])
    client.post(
        url("ahead-reveal", topic),
        {"card": learned[0].pk, "version": state.version, "days": 3},
        headers=HTMX,
    )

    response = client.post(
        url("ahead-answer", topic),
        {"card": learned[0].pk, "quality": 4, "version": state.version, "days": 3},
        headers=HTMX,
    )

    assert response.status_code == 200 and response.context["card"] == learned[1]
    state.refresh_from_db()
    assert (state.repetitions, state.interval, state.due) == (3, 15, TODAY + timedelta(days=15))
    log = ReviewLog.objects.for_user(student).latest("pk")
    assert log.kind == ReviewLog.Kind.AHEAD
    assert response.context["undo_answer"] == log.pk


def test_review_ahead_undo_takes_the_answer_back(client, student, topic, learned):
    state = ReviewState.objects.for_user(student).get(card=learned[0])
    client.post(
        url("ahead-answer", topic),
        {"card": learned[0].pk, "quality": 4, "version": state.version, "days": 3},
    )
    log = ReviewLog.objects.for_user(student).latest("pk")

    response = client.post(url("ahead-undo", topic), {"answer": log.pk, "days": 3})

    assert response.status_code == 302 and response.url == url("ahead", topic) + "?days=3"
    assert ReviewLog.objects.get(pk=log.pk).undone
    assert ReviewState.objects.for_user(student).get(card=learned[0]).interval == 6


def test_a_stale_review_ahead_answer_is_refused(client, student, topic, learned):
    data = {"card": learned[0].pk, "quality": 4, "version": 2, "days": 3}
    client.post(url("ahead-answer", topic), data, headers=HTMX)

    again = client.post(url("ahead-answer", topic), data, headers=HTMX)

    assert again.context["notice"].startswith("That answer was already recorded")
    assert ReviewLog.objects.for_user(student).filter(kind="ahead").count() == 1


def test_another_learners_card_is_not_reviewed_ahead(client, topic, learned):
    other = UserFactory()
    client.force_login(other)

    response = client.post(
        url("ahead-answer", topic),
        {"card": learned[0].pk, "quality": 4, "version": 2, "days": 3},
        headers=HTMX,
    )

    assert response.context["notice"].startswith("That answer was already recorded")
    assert not ReviewLog.objects.for_user(other).exists()
    assert not ReviewState.objects.for_user(other).exists()


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ("0", "days: days must be from 1 to 30."),
        ("31", "days: days must be from 1 to 30."),
        ("soon", "days: days must be a whole number."),
        ("", "days: How many days ahead? Give a number of days."),
    ],
)
def test_days_outside_the_range_go_back_with_the_reason(client, student, topic, days, error):
    response = client.get(url("ahead", topic) + f"?days={days}", follow=True)

    assert response.redirect_chain[-1][0] == url("extra-study", topic)
    assert [str(m) for m in response.context["messages"]] == [error]


def test_a_tampered_days_on_an_answer_changes_nothing(client, student, topic, learned):
    response = client.post(
        url("ahead-answer", topic),
        {"card": learned[0].pk, "quality": 4, "version": 2, "days": 99},
    )

    assert response.status_code == 302
    assert not ReviewLog.objects.filter(kind="ahead").exists()


# --- Extra new cards today ------------------------------------------------------------------


def test_extra_new_cards_raise_todays_limit_with_htmx(client, student, topic, section):
    for n in range(6):
        CardFactory(section=section, position=n)

    response = client.post(url("extra-new", topic), {"extra": 3, "expected": 0}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "3 more new cards today" in html
    assert response.context["new_today_limit"] == 5
    review = client.get(url("review", topic))
    assert review.context["counts"].new == 5


def test_the_limit_is_told_from_the_topics_own_plan(client, student, topic, section):
    Enrolment.objects.filter(user=student, topic=topic).update(new_cards_per_day=7)

    response = client.post(url("extra-new", topic), {"extra": 1, "expected": 0}, headers=HTMX)

    html = re.sub(r"\s+", " ", response.content.decode())
    assert "1 more new card today" in html
    assert "up to <strong>8</strong> new cards" in html
    assert "(7 a day + 1 extra today)" in html


def test_a_repeated_raise_is_refused_and_changes_nothing(client, student, topic):
    client.post(url("extra-new", topic), {"extra": 3, "expected": 0})

    response = client.post(url("extra-new", topic), {"extra": 3, "expected": 0}, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages[-1].startswith("That was already done")
    assert ExtraNewCards.objects.for_user(student).get().extra == 3


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ("0", "extra: extra must be from 1 to 200."),
        ("201", "extra: extra must be from 1 to 200."),
        ("many", "extra: extra must be a whole number."),
    ],
)
def test_a_bad_extra_is_refused_with_400(client, student, topic, extra, error):
    response = client.post(url("extra-new", topic), {"extra": extra, "expected": 0}, headers=HTMX)

    assert response.status_code == 400
    assert response.context["extra_error"] == error
    assert not ExtraNewCards.objects.exists()


def test_the_extra_only_lasts_for_today(client, student, topic, section, noon):
    for n in range(6):
        CardFactory(section=section, position=n)
    client.post(url("extra-new", topic), {"extra": 3, "expected": 0})

    noon.shift(timedelta(days=1))

    assert client.get(url("review", topic)).context["counts"].new == 2


def test_the_end_of_a_review_session_offers_extra_study(client, student, topic, learned):
    page = client.get(url("review", topic))

    assert page.context["card"] is None
    assert f'href="{url("extra-study", topic)}"' in page.content.decode()
