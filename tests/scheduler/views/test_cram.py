"""The extra-study page and cram sessions in the browser's requests (htmx and plain)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from scheduler.models import CramSession, ReviewDay, ReviewLog, ReviewState
from scheduler.views.extra_study import latest_cram_session
from tests.factories import (
    CardFactory,
    EnrolmentFactory,
    SectionFactory,
    StudyProfileFactory,
    UserFactory,
)
from tests.scheduler.answering import answer

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def student(client, db):
    profile = StudyProfileFactory()
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
def cards(section):
    return [CardFactory(section=section, position=n) for n in range(3)]


def start(client, topic, **scope):
    latest = CramSession.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return client.post(
        reverse("cram-start", kwargs={"topic_slug": topic.slug}), {"latest": latest, **scope}
    )


def session_of(user) -> CramSession:
    return CramSession.objects.for_user(user).latest("pk")


def post(client, session, name, data, htmx=True):
    return client.post(
        reverse(f"cram-{name}", kwargs={"session_id": session.pk}),
        data,
        headers=HTMX if htmx else {},
    )


def test_the_extra_study_page_offers_the_weakest_domain(client, student, topic, cards):
    page = client.get(reverse("extra-study", kwargs={"topic_slug": topic.slug}))

    assert page.status_code == 200
    domain = cards[0].section.domain
    assert f"Cram my weakest domain: {domain.number}. {domain.title}" in page.content.decode()


def test_starting_a_cram_session_goes_to_its_first_card(client, student, topic, cards):
    response = start(client, topic, domain=cards[0].section.domain_id)

    session = session_of(student)
    assert response.status_code == 302
    assert response.url == reverse("cram", kwargs={"session_id": session.pk})
    page = client.get(response.url)
    assert page.context["card"] == cards[0] and page.context["left"] == 3
    assert "your schedule stays as it is" in page.content.decode()


def test_a_cram_session_runs_reveal_answer_and_undo_without_moving_the_schedule(
    client, student, topic, cards
):
    answer(student, cards[0], 4)
    state_before = ReviewState.objects.for_user(student).get(card=cards[0]).version
    start(client, topic, section=cards[0].section_id)
    session = session_of(student)
    first = session.cards[0]

    back = post(client, session, "reveal", {"card": first, "version": 0})
    assert back.status_code == 200 and back.context["face"] == "back"
    answered = post(client, session, "answer", {"card": first, "quality": 2, "version": 0})
    assert answered.status_code == 200 and answered.context["left"] == 3  # it comes again

    log = ReviewLog.objects.for_user(student).get(kind="cram")
    assert answered.context["undo_answer"] == log.pk
    undone = post(client, session, "undo", {"answer": log.pk})
    assert undone.context["notice"] == "Cram answer undone."
    assert ReviewLog.objects.get(pk=log.pk).undone
    assert ReviewState.objects.for_user(student).get(card=cards[0]).version == state_before
    assert ReviewDay.objects.for_user(student).get().cram == 0


def test_without_javascript_an_answer_redirects_to_the_session(client, student, topic, cards):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)

    response = post(
        client, session, "answer", {"card": session.cards[0], "quality": 4, "version": 0}, False
    )

    assert response.status_code == 302
    assert response.url == reverse("cram", kwargs={"session_id": session.pk})
    assert client.get(response.url).context["left"] == 2


def test_a_repeated_cram_answer_is_refused_with_the_current_card(client, student, topic, cards):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    data = {"card": session.cards[0], "quality": 4, "version": 0}
    post(client, session, "answer", data)

    again = post(client, session, "answer", data)

    assert again.context["notice"].startswith("That answer was already recorded")
    assert again.context["card"].pk == session.cards[1]
    assert ReviewLog.objects.for_user(student).filter(kind="cram").count() == 1


def test_the_session_ends_with_a_summary(client, student, topic, cards):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    for version, card_id in enumerate(session.cards):
        post(client, session, "answer", {"card": card_id, "quality": 5, "version": version})

    page = client.get(reverse("cram", kwargs={"session_id": session.pk}))

    assert page.context["card"] is None
    assert page.context["summary"]["answered"] == 3
    assert "Cramming did not change when any card is due." in page.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"card": "x", "quality": 4, "version": 0}, "card: The card id must be a whole number"),
        (
            {"card": "first", "quality": 9, "version": 0},
            "quality: quality must be one of 2, 3, 4, 5",
        ),
        ({"quality": 4, "version": 0}, "card: Which card? The card id is missing."),
    ],
)
def test_bad_cram_answers_are_refused_with_400_and_change_nothing(
    client, student, topic, cards, data, error
):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    if data.get("card") == "first":
        data = data | {"card": session.cards[0]}

    response = post(client, session, "answer", data)

    assert response.status_code == 400
    assert response.context["error"].startswith(error)
    assert not ReviewLog.objects.exists()


def test_a_card_of_another_topic_is_refused(client, student, topic, cards):
    start(client, topic, domain=cards[0].section.domain_id)
    elsewhere = CardFactory()

    response = post(
        client, session_of(student), "answer", {"card": elsewhere.pk, "quality": 4, "version": 0}
    )

    assert response.status_code == 400
    assert response.context["error"] == f"card: There is no card {elsewhere.pk} in this topic."


def test_another_learners_session_is_not_found(client, student, topic, cards):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    other = UserFactory()
    client.force_login(other)

    assert client.get(reverse("cram", kwargs={"session_id": session.pk})).status_code == 404
    for name, data in (
        ("reveal", {"card": session.cards[0], "version": 0}),
        ("answer", {"card": session.cards[0], "quality": 4, "version": 0}),
        ("undo", {"answer": 1}),
    ):
        assert post(client, session, name, data).status_code == 404
    assert not ReviewLog.objects.exists()


def test_starting_with_another_topics_domain_is_refused(client, student, topic, cards):
    foreign = SectionFactory()

    response = start(client, topic, domain=foreign.domain_id)

    assert response.status_code == 400
    assert response.context["error"] == "domain: There is no such domain in this topic."
    assert not CramSession.objects.exists()


def test_starting_without_a_scope_says_so(client, student, topic, cards):
    response = start(client, topic)

    assert response.status_code == 400
    assert response.context["error"] == "Pick a domain or a section to study now."


def test_a_repeated_start_goes_to_the_session_already_started(client, student, topic, cards):
    url = reverse("cram-start", kwargs={"topic_slug": topic.slug})
    data = {"latest": 0, "domain": cards[0].section.domain_id}
    client.post(url, data)

    again = client.post(url, data)

    assert CramSession.objects.count() == 1
    assert again.url == reverse("cram", kwargs={"session_id": session_of(student).pk})


def test_extra_study_needs_a_login(db, topic, cards):
    anonymous = Client()
    for url in (
        reverse("extra-study", kwargs={"topic_slug": topic.slug}),
        reverse("cram", kwargs={"session_id": 1}),
        reverse("ahead", kwargs={"topic_slug": topic.slug}) + "?days=3",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = anonymous.post(reverse("cram-start", kwargs={"topic_slug": topic.slug}))
    assert response.status_code == 302 and not CramSession.objects.exists()


def test_a_cram_answer_takes_at_most_twelve_queries(
    client, student, topic, cards, django_assert_max_num_queries
):
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    post(client, session, "answer", {"card": session.cards[0], "quality": 4, "version": 0})

    # Counted: session, user with profile, the cram session, card, savepoint, lock, state,
    # log, the day's roll-up row, session write, release, the next card.
    with django_assert_max_num_queries(12):
        response = post(
            client, session, "answer", {"card": session.cards[1], "quality": 4, "version": 1}
        )

    assert response.status_code == 200 and response.context["card"].pk == session.cards[2]


def test_the_dashboard_offers_cramming_the_weakest_domain(client, student, topic, cards):
    strong = SectionFactory(domain__topic=topic, domain__weight=40)
    for n in range(2):
        card = CardFactory(section=strong, position=10 + n)
        answer(student, card, 5, now=NOON - timedelta(days=3))
        answer(student, card, 5)
    weak = cards[0].section.domain

    page = client.get(reverse("dashboard"))

    assert page.context["rows"][0].weakest.domain_id == weak.pk
    html = page.content.decode()
    assert "Cram my weakest domain" in html and f"{weak.number}. {weak.title}" in html
    response = client.post(
        reverse("cram-start", kwargs={"topic_slug": topic.slug}),
        {"latest": page.context["latest_cram"], "domain": weak.pk},
    )
    assert response.status_code == 302
    assert sorted(session_of(student).cards) == sorted(card.pk for card in cards)


def test_the_dashboard_carries_the_latest_cram_session_so_its_form_starts_no_second(
    client, student, topic, cards
):
    start(client, topic, domain=cards[0].section.domain_id)
    started = session_of(student)

    page = client.get(reverse("dashboard"))

    assert page.context["latest_cram"] == started.pk
    form = {"latest": page.context["latest_cram"], "domain": cards[0].section.domain_id}
    url = reverse("cram-start", kwargs={"topic_slug": topic.slug})
    client.post(url, form)
    client.post(url, form)  # the same form again: a double click
    assert CramSession.objects.filter(user=student).count() == 2


def test_the_statistics_page_counts_cram_answers_apart(client, student, topic, cards):
    answer(student, cards[0], 4)
    start(client, topic, domain=cards[0].section.domain_id)
    session = session_of(student)
    for version, card_id in enumerate(session.cards):
        post(client, session, "answer", {"card": card_id, "quality": 2, "version": version})

    page = client.get(reverse("stats", kwargs={"topic_slug": topic.slug}))

    grades = page.context["grades"]
    assert (grades.cram, grades.answered, grades.by_quality[2]) == (3, 1, 0)
    assert "cram answers (not in the grades)" in page.content.decode()


def test_the_latest_cram_session_a_form_carries_is_each_learners_own(client, student, topic, cards):
    other = StudyProfileFactory().user
    EnrolmentFactory(user=other, topic=topic)
    start(client, topic, domain=cards[0].section.domain_id)
    mine = session_of(student).pk
    other_client = Client()
    other_client.force_login(other)
    other_client.post(  # their first session: no latest of their own
        reverse("cram-start", kwargs={"topic_slug": topic.slug}),
        {"latest": 0, "domain": cards[0].section.domain_id},
    )

    assert latest_cram_session(student) == mine
    assert latest_cram_session(other) == session_of(other).pk != mine
    assert latest_cram_session(UserFactory()) == 0
