"""A learner reports a problem with a card: one open report each, surviving edits and imports."""

import datetime as dt

import pytest

from cards.editing import resolve_reports, retire_cards
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card, CardReport
from scheduler.services import report_card
from tests.cards.fixture_data import as_text, topic_fixture
from tests.factories import UserFactory
from tests.scheduler.answering import NOON


def report(user, card, reason="wrong_answer", note="The answer is SNS, not SQS."):
    return report_card(user=user, card=card, reason=reason, note=note, now=NOON)


def test_a_report_reaches_the_worklist_and_changes_no_card(learner, deck):
    (card,) = deck(1)
    before = Card.objects.values().get(pk=card.pk)

    result = report(learner, card)

    assert result.applied
    assert CardReport.objects.get().reason == "wrong_answer"
    assert Card.objects.values().get(pk=card.pk) == before


def test_a_repeated_report_is_refused_until_the_first_is_resolved(learner, deck):
    (card,) = deck(1)
    report(learner, card)

    again = report(learner, card, reason="typo")
    resolve_reports(CardReport.objects.all(), editor=UserFactory(is_staff=True), now=NOON)
    after_resolution = report(learner, card, reason="typo")

    assert not again.applied and "already reported" in again.refusal
    assert after_resolution.applied
    assert CardReport.objects.count() == 2


def test_other_needs_a_note(learner, deck):
    (card,) = deck(1)

    result = report(learner, card, reason="other", note="  ")

    assert not result.applied and "note" in result.refusal
    assert not CardReport.objects.exists()


def test_an_unknown_reason_is_an_error(learner, deck):
    (card,) = deck(1)

    with pytest.raises(ValueError, match="reason must be one of"):
        report(learner, card, reason="boring")


def test_two_learners_each_report_the_same_card(learner, deck):
    (card,) = deck(1)

    report(learner, card)
    report(UserFactory(), card)

    assert CardReport.objects.filter(card=card).count() == 2


def test_reports_survive_reimporting_and_retiring_their_card(learner, db):
    now = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=now)
    card = Card.objects.get(key="scenario-a")
    report(learner, card)

    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=now)
    retire_cards(Card.objects.filter(pk=card.pk), now=now)

    assert CardReport.objects.get().card_id == card.pk
