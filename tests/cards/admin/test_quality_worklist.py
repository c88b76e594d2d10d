"""The editors' worklist: filter cards by quality flag, see why beside the preview, fix (edit)
or dismiss ("This is fine"), and the counts per flag on the topic's page."""

import datetime as dt

import pytest
from django.urls import reverse

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card, Topic
from tests.cards.fixture_data import as_text, card, topic_fixture

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
CHANGELIST = reverse("admin:cards_card_changelist")
DUPLICATE = {"name": "near-duplicate", "why": "asks what scenario-a asks: 'Cue for scenario-a'"}
BINARY = {"name": "binary-by-elimination", "why": "'SQS' shows 'No'; the answer is its opposite"}


@pytest.fixture
def flagged():
    cards = [
        card("scenario-a", position=0),
        card("scenario-b", position=1, flags=[DUPLICATE]),
        card("scenario-c", position=2, flags=[BINARY]),
    ]
    import_topic(load_fixture(as_text(topic_fixture(*cards)), "demo.json"), now=NOW)
    return {c.key: c for c in Card.objects.all()}


def change_url(card: Card) -> str:
    return reverse("admin:cards_card_change", args=[card.pk])


def listed(client, **query) -> set[str]:
    page = client.get(CHANGELIST, query).content.decode()
    return {key for key in ("scenario-a", "scenario-b", "scenario-c") if f">{key}<" in page}


def test_the_card_list_filters_by_each_flag_and_by_any_flag(editor, client, flagged):
    assert listed(client, flag="near-duplicate") == {"scenario-b"}
    assert listed(client, flag="binary-by-elimination") == {"scenario-c"}
    assert listed(client, flag="any") == {"scenario-b", "scenario-c"}
    assert listed(client, flag="duplicate-cell") == set()
    page = client.get(CHANGELIST).content.decode()
    assert "near-duplicate (dropped)" in page and "binary-by-elimination (kept)" in page


def test_the_change_page_says_why_beside_the_preview_and_offers_this_is_fine(
    editor, client, flagged
):
    page = client.get(change_url(flagged["scenario-b"])).content.decode()

    preview_at = page.index("Preview, as the review page shows it")
    why_at = page.index("asks what scenario-a asks: &#x27;Cue for scenario-a&#x27;")
    assert preview_at < why_at < page.index('<iframe class="card-preview-frame"')
    assert "keeps it from learners" in page
    assert 'name="_dismiss_flags"' in page
    plain = client.get(change_url(flagged["scenario-a"])).content.decode()
    assert "No open flags." in plain and 'name="_dismiss_flags"' not in plain


def test_this_is_fine_dismisses_for_good_and_brings_a_dropped_card_back(editor, client, flagged):
    dropped = flagged["scenario-b"]
    form = {
        "prompt": dropped.prompt,
        "answer": dropped.answer,
        "explanation": "",
        "seen_version": dropped.version,
    }

    response = client.post(change_url(dropped), form | {"_dismiss_flags": "1"})

    assert response.status_code == 302
    dropped.refresh_from_db()
    assert (dropped.open_flags, dropped.is_active, dropped.locally_edited) == ("", True, False)
    assert listed(client, flag="any") == {"scenario-c"}


def test_an_edit_from_the_change_page_clears_the_flag(editor, client, flagged):
    kept = flagged["scenario-c"]

    client.post(
        change_url(kept),
        {
            "prompt": kept.prompt,
            "answer": "Clearer",
            "explanation": "",
            "seen_version": kept.version,
        },
    )

    kept.refresh_from_db()
    assert (kept.answer, kept.open_flags, kept.dismissed_flags) == (
        "Clearer",
        "",
        ["binary-by-elimination"],
    )


def test_this_is_fine_in_bulk_from_the_list(editor, client, flagged):
    keys = [flagged["scenario-b"].pk, flagged["scenario-c"].pk]

    client.post(
        CHANGELIST, {"action": "dismiss_quality_flags", "_selected_action": keys}, follow=True
    )

    assert not Card.objects.exclude(open_flags="").exists()
    assert Card.objects.active().count() == 3


def test_the_topic_page_counts_open_flags_per_flag_linked_to_the_worklist(editor, client, flagged):
    topic = Topic.objects.get()

    page = client.get(reverse("admin:cards_topic_change", args=[topic.pk])).content.decode()
    listing = client.get(reverse("admin:cards_topic_changelist")).content.decode()

    worklist = f"{CHANGELIST}?topic__id__exact={topic.pk}&amp;flag="
    assert f'<a href="{worklist}near-duplicate">near-duplicate</a>' in page
    assert "<td>dropped: learners do not see these</td><td>1</td>" in page
    assert "<td>kept in the deck</td><td>1</td>" in page
    assert f'<a href="{worklist}any">2</a>' in listing
