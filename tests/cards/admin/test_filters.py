"""The card list's place filters: narrowed choices, and query strings no filter can read."""

import datetime as dt

import pytest
from django.urls import reverse

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Domain, Section
from tests.cards.fixture_data import as_text, topic_fixture

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
CHANGELIST = reverse("admin:cards_card_changelist")
HUGE = "9" * 23  # past any integer column's range


@pytest.fixture
def imported():
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)


def listed(client, **query) -> set[str]:
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    page = response.content.decode()
    return {key for key in ("scenario-a", "trap-b", "table-c") if f">{key}<" in page}


def test_the_domain_and_section_filters_narrow_the_list(editor, client, imported):
    queues = Section.objects.get(title="Queues")

    assert listed(client, domain=queues.domain_id) == {"scenario-a", "trap-b", "table-c"}
    assert listed(client, section=queues.pk) == {"scenario-a", "trap-b"}


def test_the_section_choices_follow_the_chosen_domain(editor, client, imported):
    other = Domain.objects.get(number=2)

    page = client.get(CHANGELIST, {"domain": other.pk}).content.decode()

    assert "1.1 Queues" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"domain": "abc"},
        {"section": "abc"},
        {"domain": HUGE},
        {"section": HUGE},
        {"domain": "-1"},
        {"domain": "١"},  # an Arabic-Indic digit one: a digit to str.isdigit, not an id
        {"domain": "abc", "topic__id__exact": "abc"},
        {"section": HUGE, "topic__id__exact": HUGE},
    ],
)
def test_a_place_that_can_name_no_row_is_the_admins_invalid_filter(editor, client, imported, query):
    response = client.get(CHANGELIST, query)

    assert (response.status_code, response["Location"]) == (302, f"{CHANGELIST}?e=1")


@pytest.mark.parametrize("topic", ["abc", HUGE])
def test_an_unreadable_topic_narrows_no_choices_and_the_topic_filter_ignores_it(
    editor, client, imported, topic
):
    # Django's own topic filter lists every card for a topic id it cannot read.
    queues = Section.objects.get(title="Queues")

    assert listed(client, topic__id__exact=topic) == {"scenario-a", "trap-b", "table-c"}
    assert listed(client, topic__id__exact=topic, section=queues.pk) == {"scenario-a", "trap-b"}
    page = client.get(CHANGELIST, {"topic__id__exact": topic}).content.decode()
    assert "1.1 Queues" in page and "1. Build things" in page


def test_a_filter_for_an_id_that_names_no_row_lists_nothing(editor, client, imported):
    assert listed(client, domain="99999") == set()
    assert listed(client, section="99999") == set()
