"""Editors weight the domains of notes that gave no exam weights; re-imports keep the weights."""

import datetime as dt

import pytest
from django.urls import reverse

from cards.documents import fixture_from_document
from cards.importer import import_topic
from cards.models import Domain, Topic

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)

NOTES = """\
# Queues

- SQS: a pull-based message queue

# Topics

- SNS: a push-based pub/sub service
"""


def import_notes(text: str = NOTES) -> Topic:
    built = fixture_from_document("messaging.md", text.encode())
    import_topic(built.fixture, now=NOW)
    return Topic.objects.get(slug="messaging")


def set_weight(client, domain: Domain, weight: int):
    url = reverse("admin:cards_domain_change", args=[domain.pk])
    return client.post(url, {"weight": weight})


def test_notes_without_weights_import_unweighted_with_equal_shares():
    topic = import_notes()

    assert topic.weighted is False
    assert list(topic.domains.values_list("weight", "weight_edited")) == [
        (50, False),
        (50, False),
    ]


def test_an_editor_weights_every_domain_and_the_topic_counts_as_weighted(client, editor):
    topic = import_notes()
    queues, topics = topic.domains.order_by("number")

    assert set_weight(client, queues, 70).status_code == 302
    topic.refresh_from_db()
    assert topic.weighted is False  # one domain still has the notes' equal share

    set_weight(client, topics, 30)

    topic.refresh_from_db()
    assert topic.weighted is True
    assert list(topic.domains.values_list("weight", "weight_edited")) == [(70, True), (30, True)]


def test_a_re_import_keeps_the_editors_weights(client, editor):
    topic = import_notes()
    for domain, weight in zip(topic.domains.order_by("number"), (70, 30), strict=True):
        set_weight(client, domain, weight)

    import_notes(NOTES + "- SES: sends email\n")

    topic.refresh_from_db()
    assert topic.weighted is True
    assert list(topic.domains.values_list("weight", flat=True)) == [70, 30]
    assert topic.cards.count() == 3


def test_an_out_of_range_weight_is_refused_and_changes_nothing(client, editor):
    domain = import_notes().domains.first()

    response = set_weight(client, domain, 101)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100" in response.content.decode()
    domain.refresh_from_db()
    assert (domain.weight, domain.weight_edited) == (50, False)


def test_the_weights_of_a_weighted_guide_stay_the_fixtures(client, editor):
    built = fixture_from_document(
        "guide.md", b'# Domain 1: Cold (60%)\n\n## S\n\n"cue" \xe2\x86\x92 answer\n'
    )
    import_topic(built.fixture, now=NOW)
    domain = Domain.objects.get()

    response = set_weight(client, domain, 10)

    assert response.status_code == 403
    domain.refresh_from_db()
    assert domain.weight == 60


def test_the_topic_page_links_each_domain_to_set_its_weight(client, editor):
    topic = import_notes()
    queues = topic.domains.get(number=1)

    page = client.get(reverse("admin:cards_topic_change", args=[topic.pk])).content.decode()

    assert reverse("admin:cards_domain_change", args=[queues.pk]) in page
    assert "Unweighted: the notes gave no exam weights" in page
