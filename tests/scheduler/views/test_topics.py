"""Topics I study, as a learner meets it: the dashboard's offers, a topic's page, enrolling,
leaving, the topic's own plan, and the review page of a topic they do not study."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from scheduler.models import Enrolment, ReviewLog, ReviewState
from tests.factories import CardFactory, EnrolmentFactory, SectionFactory, StudyProfileFactory
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
def topic(db):
    section = SectionFactory(domain__topic__title="Developer Associate")
    for position in range(3):
        CardFactory(section=section, position=position)
    return section.domain.topic


def text(response) -> str:
    return " ".join(response.content.decode().split())


def post(client, name, topic, **data):
    return client.post(reverse(name, kwargs={"topic_slug": topic.slug}), data)


def enrolment_of(user, topic) -> Enrolment | None:
    return Enrolment.objects.for_user(user).filter(topic=topic).first()


# --- The dashboard ---------------------------------------------------------------------


def test_a_new_learner_is_offered_every_topic_to_start(client, student, topic):
    response = client.get(reverse("dashboard"))

    assert response.context["rows"] == []
    assert [offer.pk for offer, _ in response.context["offered"]] == [topic.pk]
    page = text(response)
    assert "What do you study?" in page
    assert "Start studying Developer Associate" in page


def test_the_dashboard_shows_enrolled_topics_and_offers_the_others(client, student, topic):
    other = SectionFactory(domain__topic__title="Other Exam").domain.topic
    EnrolmentFactory(user=student, topic=topic, exam_date=date(2027, 1, 15))

    response = client.get(reverse("dashboard"))

    assert [row.topic for row in response.context["rows"]] == [topic]
    assert [offer for offer, _ in response.context["offered"]] == [other]
    page = text(response)
    assert "exam 15 Jan 2027" in page
    assert "Start studying Other Exam" in page
    assert "Start studying Developer Associate" not in page


def test_starting_a_topic_from_the_dashboard_enrols_and_lists_it(client, student, topic):
    response = post(client, "topic-enrol", topic, version=0, then="dashboard")

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    dashboard = client.get(response["Location"])
    assert [row.topic for row in dashboard.context["rows"]] == [topic]
    assert "You now study Developer Associate." in text(dashboard)


def test_a_topic_left_is_offered_again_with_its_progress_kept(client, student, topic):
    EnrolmentFactory(user=student, topic=topic, left_at=NOON, version=2)

    page = text(client.get(reverse("dashboard")))

    assert "Start studying Developer Associate" in page
    assert "you studied it before; your progress is kept" in page


# --- Enrol and leave -------------------------------------------------------------------


def test_enrolling_from_the_topic_page_sets_the_exam_date_and_opens_the_review(
    client, student, topic
):
    response = post(client, "topic-enrol", topic, version=0, exam_date="2027-03-31", then="review")

    assert response["Location"] == reverse("review", kwargs={"topic_slug": topic.slug})
    assert enrolment_of(student, topic).exam_date == date(2027, 3, 31)
    review = client.get(response["Location"])
    assert review.context["card"] is not None
    assert "You now study Developer Associate, for an exam on 31 March 2027." in text(review)


def test_a_double_submitted_enrolment_says_so_and_changes_nothing(client, student, topic):
    post(client, "topic-enrol", topic, version=0)

    again = post(client, "topic-enrol", topic, version=0)

    assert again.status_code == 302
    page = text(client.get(again["Location"]))
    assert "You already study Developer Associate; nothing changed." in page
    assert enrolment_of(student, topic).version == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"version": "0", "exam_date": "2020-01-01"},
            "The exam date 01 January 2020 is in the past",
        ),
        (
            {"version": "0", "exam_date": "next week"},
            "Exam date must be a date such as 2027-03-31.",
        ),
        ({"exam_date": ""}, "did not say which version of your enrolment it saw"),
        ({"version": "x"}, "The enrolment version must be a whole number"),
    ],
)
def test_a_bad_enrolment_is_refused_naming_the_field_and_enrols_nobody(
    client, student, topic, data, error
):
    response = post(client, "topic-enrol", topic, **data)

    assert response.status_code == 400
    assert error in text(response)
    assert not Enrolment.objects.exists()


def test_leaving_keeps_the_history_and_takes_the_topic_off_the_dashboard(client, student, topic):
    EnrolmentFactory(user=student, topic=topic)
    card = topic.cards.first()
    answer(student, card, 4)

    response = post(client, "topic-leave", topic, version=1)

    assert response["Location"] == reverse("dashboard")
    dashboard = client.get(response["Location"])
    assert dashboard.context["rows"] == []
    assert "Your answers and progress are kept" in text(dashboard)
    assert ReviewState.objects.for_user(student).count() == 1
    assert ReviewLog.objects.for_user(student).count() == 1


def test_enrolling_again_brings_the_progress_back(client, student, topic):
    EnrolmentFactory(user=student, topic=topic, left_at=NOON, version=2)
    answer(student, topic.cards.first(), 4)

    post(client, "topic-enrol", topic, version=2, then="dashboard")

    row = client.get(reverse("dashboard")).context["rows"][0]
    assert row.topic == topic and row.seen == 1
    assert enrolment_of(student, topic).active


def test_a_replayed_leave_is_refused_with_a_message(client, student, topic):
    EnrolmentFactory(user=student, topic=topic)
    post(client, "topic-leave", topic, version=1)

    again = post(client, "topic-leave", topic, version=1)

    assert "You do not study Developer Associate; nothing changed." in text(
        client.get(again["Location"])
    )
    assert enrolment_of(student, topic).version == 2


def test_leaving_a_topic_only_someone_else_studies_changes_nothing(client, student, topic):
    someone = StudyProfileFactory().user
    EnrolmentFactory(user=someone, topic=topic)

    response = post(client, "topic-leave", topic, version=1)

    assert response.status_code == 302
    assert enrolment_of(someone, topic).active
    assert enrolment_of(student, topic) is None


def test_enrol_and_leave_need_a_login_and_a_post(client, topic):
    for name in ("topic-enrol", "topic-leave"):
        url = reverse(name, kwargs={"topic_slug": topic.slug})
        assert "/login" in client.post(url, {"version": 0})["Location"]
    assert not Enrolment.objects.exists()


def test_opening_enrol_or_leave_changes_nothing_and_shows_the_topic(client, student, topic):
    page = reverse("topic", kwargs={"topic_slug": topic.slug})
    before = list(Enrolment.objects.values())
    for name in ("topic-enrol", "topic-leave"):
        response = client.get(reverse(name, kwargs={"topic_slug": topic.slug}))

        assert response.status_code == 303 and response["Location"] == page
    assert list(Enrolment.objects.values()) == before


def test_enrolling_needs_the_csrf_token(student, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    response = post(client, "topic-enrol", topic, version=0)

    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_an_unknown_topic_is_not_found(client, student):
    response = client.post(reverse("topic-enrol", kwargs={"topic_slug": "nope"}), {"version": 0})

    assert response.status_code == 404


# --- The topic's own plan --------------------------------------------------------------


def test_the_plan_form_saves_the_topics_own_date_and_limits(client, student, topic):
    EnrolmentFactory(user=student, topic=topic)

    response = post(
        client,
        "topic",
        topic,
        version=1,
        exam_date="2027-02-01",
        new_cards_per_day="5",
        reviews_per_day="",
        leech_threshold="4",
    )

    assert response.status_code == 302
    enrolment = enrolment_of(student, topic)
    assert (enrolment.exam_date, enrolment.new_cards_per_day) == (date(2027, 2, 1), 5)
    assert (enrolment.reviews_per_day, enrolment.leech_threshold) == (None, 4)
    assert "Saved your plan for Developer Associate." in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("new_cards_per_day", "1001", "New cards per day must be a whole number from 0 to 1000"),
        ("new_cards_per_day", "-1", "New cards per day must be a whole number from 0 to 1000"),
        ("reviews_per_day", "0", "Reviews per day must be a whole number from 1 to 10000"),
        ("reviews_per_day", "many", "Reviews per day must be a whole number from 1 to 10000"),
        ("leech_threshold", "101", "Leech after this many failures must be a whole number"),
        ("exam_date", "2026-11-01", "The exam date 01 November 2026 is in the past"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field_and_saves_nothing(
    client, student, topic, field, value, error
):
    EnrolmentFactory(user=student, topic=topic)

    response = post(client, "topic", topic, version=1, **{field: value})

    assert response.status_code == 400
    assert error in text(response)
    assert response.context["plan_form"].errors[field]
    assert enrolment_of(student, topic).version == 1


def test_a_plan_from_a_stale_page_is_refused(client, student, topic):
    EnrolmentFactory(user=student, topic=topic, version=3)

    response = post(client, "topic", topic, version=2, new_cards_per_day="9")

    assert response.status_code == 409
    assert "changed since this page was shown" in text(response)
    assert enrolment_of(student, topic).new_cards_per_day is None


def test_the_topic_page_offers_to_enrol_or_shows_the_plan(client, student, topic):
    url = reverse("topic", kwargs={"topic_slug": topic.slug})
    before = text(client.get(url))
    EnrolmentFactory(user=student, topic=topic)
    after = text(client.get(url))

    assert "You do not study Developer Associate yet." in before
    assert "Start studying Developer Associate" in before
    assert "Your plan for Developer Associate" in after
    assert "Stop studying Developer Associate" in after


# --- The review page of a topic not studied -------------------------------------------


def test_the_review_page_of_a_topic_not_studied_offers_to_start_it(client, student, topic):
    response = client.get(reverse("review", kwargs={"topic_slug": topic.slug}))

    assert response["Location"] == reverse("topic", kwargs={"topic_slug": topic.slug})
    page = text(client.get(response["Location"]))
    assert "You do not study Developer Associate. Start studying it here" in page
    assert not Enrolment.objects.exists()


def test_an_answer_from_a_tab_left_open_after_leaving_is_not_counted(client, student, topic):
    EnrolmentFactory(user=student, topic=topic, left_at=NOON, version=2)
    card = topic.cards.first()

    response = client.post(
        reverse("review-answer", kwargs={"topic_slug": topic.slug}),
        {"card": card.pk, "version": 0, "quality": 4},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("topic", kwargs={"topic_slug": topic.slug})
    assert not ReviewState.objects.exists()
