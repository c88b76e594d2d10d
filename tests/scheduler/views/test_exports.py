"""The learner's downloads: a topic with their schedule, and "My data"."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler.my_data import FORMAT
from scheduler.services import report_card, suspend_card
from tests.factories import EnrolmentFactory, UserFactory
from tests.scheduler.answering import answer

pytestmark = pytest.mark.django_db


def test_stats_page_links_the_anki_download(client, learner, deck):
    card = deck(1)[0]
    client.force_login(learner)
    page = client.get(reverse("stats", kwargs={"topic_slug": card.topic.slug}))
    url = reverse("stats_anki_export", kwargs={"topic_slug": card.topic.slug})
    assert f'href="{url}"' in page.content.decode()


def test_anki_download_is_the_learners_own_package(client, learner, deck):
    card = deck(2)[0]
    answer(learner, card, 4, timezone.now())
    client.force_login(learner)
    response = client.get(reverse("stats_anki_export", kwargs={"topic_slug": card.topic.slug}))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-my-schedule.apkg"')
    assert response["Cache-Control"] == "private, no-store"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()[0] == "collection.anki2"


def test_anki_download_needs_a_login_and_a_real_topic(client, learner, deck):
    card = deck(1)[0]
    url = reverse("stats_anki_export", kwargs={"topic_slug": card.topic.slug})
    assert client.get(url).status_code == 302
    client.force_login(learner)
    missing = reverse("stats_anki_export", kwargs={"topic_slug": "no-such-topic"})
    assert client.get(missing).status_code == 404
    assert client.post(url).status_code == 405


def test_my_data_holds_every_answer_and_setting_of_mine_and_nobody_elses(client, learner, deck):
    cards = deck(2)
    now = timezone.now()
    answer(learner, cards[0], 4, now - timedelta(days=1))
    answer(learner, cards[0], 2, now)
    someone = UserFactory()
    answer(someone, cards[1], 5, now)
    client.force_login(learner)

    response = client.get(reverse("my-data"))
    data = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="spacecards-my-data.json"'
    assert (data["format"], data["version"]) == (FORMAT, 2)
    assert data["account"]["username"] == learner.username
    assert data["settings"]["time_zone"] == "UTC"
    assert [(s["card"], s["lapses"], s["easiness"]) for s in data["review_states"]] == [
        (cards[0].key, 1, "2.18")
    ]
    assert [(a["card"], a["quality"]) for a in data["answers"]] == [
        (cards[0].key, 4),
        (cards[0].key, 2),
    ]
    second = data["answers"][1]
    assert (second["repetitions_before"], second["easiness_before"]) == (1, "2.50")
    assert (second["lapses_before"], second["easiness_after"]) == (0, "2.18")
    assert someone.username not in response.content.decode()


def test_my_data_costs_a_fixed_number_of_queries(
    client, learner, deck, django_assert_max_num_queries
):
    for card in deck(20):
        answer(learner, card, 4, timezone.now())
    client.force_login(learner)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("my-data")).status_code == 200


def test_my_data_holds_my_card_actions_and_reports(client, learner, deck):
    (card,) = deck(1)
    now = timezone.now()
    suspend_card(user=learner, card=card, expected_version=0, now=now)
    report_card(user=learner, card=card, reason="typo", note="recieve", now=now)
    client.force_login(learner)

    data = json.loads(client.get(reverse("my-data")).content)

    assert data["review_states"][0]["suspended"] is True
    assert [(a["kind"], a["quality"]) for a in data["answers"]] == [("suspend", None)]
    assert [(r["card"], r["reason"], r["note"]) for r in data["reports"]] == [
        (card.key, "typo", "recieve")
    ]


def test_my_data_holds_the_topics_i_study_and_left_with_their_plans(client, learner, deck):
    (card,) = deck(1)
    EnrolmentFactory(
        user=learner, topic=card.topic, exam_date=date(2027, 1, 2), new_cards_per_day=7
    )
    client.force_login(learner)

    data = json.loads(client.get(reverse("my-data")).content)

    (enrolment,) = data["enrolments"]
    assert enrolment["topic"] == card.topic.slug and enrolment["left_at"] is None
    assert (enrolment["exam_date"], enrolment["new_cards_per_day"]) == ("2027-01-02", 7)
    assert enrolment["reviews_per_day"] is None


def test_settings_page_links_my_data(client, learner):
    client.force_login(learner)
    page = client.get(reverse("study-settings")).content.decode()
    assert f'href="{reverse("my-data")}"' in page


def test_my_data_needs_a_login(client):
    assert client.get(reverse("my-data")).status_code == 302
