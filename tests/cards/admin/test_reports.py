"""Editors' worklist of learners' reports: count on the index, filters, link, resolve."""

import datetime as dt

import pytest
from django.urls import reverse

from cards.models import CardReport
from tests.factories import CardFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
CHANGELIST = reverse("admin:cards_cardreport_changelist")


def file_report(card, reason="typo", reporter=None):
    return CardReport.objects.create(
        card=card, reporter=reporter or UserFactory(), reason=reason, note="", created_at=NOW
    )


def test_the_admin_index_counts_open_reports(client, editor):
    card = CardFactory()
    file_report(card)
    file_report(card)
    CardReport.objects.filter(pk=file_report(card).pk).update(resolved_at=NOW)

    page = client.get(reverse("admin:index")).content.decode()

    assert "2 open reports from learners" in page


def test_the_worklist_filters_by_topic_and_reason_and_links_to_the_card(client, editor):
    aws = CardFactory(topic=TopicFactory(slug="aws"))
    gcp = CardFactory(topic=TopicFactory(slug="gcp"))
    file_report(aws, "typo")
    file_report(aws, "unclear")
    file_report(gcp, "typo")

    page = client.get(
        CHANGELIST, {"card__topic__id__exact": aws.topic_id, "reason": "typo"}
    ).content.decode()

    assert page.count(reverse("admin:cards_card_change", args=[aws.pk])) == 1
    assert reverse("admin:cards_card_change", args=[gcp.pk]) not in page


def test_resolving_tells_the_reporter_on_their_dashboard(client, editor):
    reporter = UserFactory()
    card = CardFactory(prompt="Which service fans out messages?")
    report = file_report(card, reporter=reporter)

    client.post(CHANGELIST, {"action": "resolve", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.resolved_by == editor and report.resolved_at is not None
    client.force_login(reporter)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "An editor resolved your report on “Which service fans out messages?”" in dashboard


def test_another_learner_is_not_told_of_my_resolved_report(client, editor):
    report = file_report(CardFactory(prompt="Which service fans out messages?"))
    client.post(CHANGELIST, {"action": "resolve", "_selected_action": [report.pk]})

    client.force_login(UserFactory())
    assert "resolved your report" not in client.get(reverse("dashboard")).content.decode()
