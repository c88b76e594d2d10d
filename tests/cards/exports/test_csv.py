"""A topic exported as CSV."""

import csv
import io

import pytest

from cards.exports.csv import export_topic_csv
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_one_row_per_active_card_in_document_order():
    topic = TopicFactory(slug="aws")
    section = SectionFactory(
        domain=DomainFactory(topic=topic, number=2, title="Security"), title="IAM"
    )
    CardFactory(section=section, key="b", position=2, prompt='Say "least", privilege', answer="Yes")
    CardFactory(section=section, key="a", position=1, trap=True, prompt="Root for daily work")
    CardFactory(section=section, key="gone", position=3, is_active=False)

    rows = list(csv.reader(io.StringIO(export_topic_csv(topic))))

    assert rows == [
        ["front", "back", "domain", "section", "kind", "key"],
        ["Root for daily work", "FALSE", "2. Security", "IAM", "trap", "a"],
        ['Say "least", privilege', "Yes", "2. Security", "IAM", "scenario", "b"],
    ]
