"""One pipeline: notes and decks import directly, from the command line and the admin."""

import json
import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cards.models import Card, Topic
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:cards_topic_import")

NOTES = """\
# Messaging notes 📨

## Queues

- **SQS** — a managed message queue, polled by consumers
- Visibility timeout: how long a received message stays hidden

- just a thought
- another thought

## Topics

### Fan-out

#### Push

- SNS: pushes each message to every subscriber
"""

DECK = "front,back,section\nSQS,A queue,Messaging\nKinesis,A stream,Streaming\n"


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_topic_builds_a_markdown_file_on_the_fly_named_after_it(tmp_path):
    notes = tmp_path / "messaging.md"
    notes.write_text(NOTES)

    output = command("import_topic", str(notes))

    topic = Topic.objects.get()
    assert (topic.slug, topic.title, topic.weighted) == ("messaging", "Messaging notes 📨", False)
    assert sorted(topic.cards.values_list("kind", "prompt")) == [
        ("term", "SNS"),
        ("term", "SQS"),
        ("term", "Visibility timeout"),
    ]
    assert Card.objects.get(prompt="SNS").context == "Push"
    assert "Skipped, line 8: 2 list items matched no card shape" in output
    assert "3 created" in output


def test_cards_under_a_long_heading_chain_import_with_their_context_shortened(tmp_path):
    # PostgreSQL refuses a value longer than the column; SQLite would store it whole.
    notes = tmp_path / "deep.md"
    notes.write_text(
        "# Deep notes\n\n## Queues\n\n"
        + "".join(
            f"{'#' * level} {letter * 200}\n\n"
            for level, letter in zip(range(3, 7), "ABCD", strict=True)
        )
        + "- SQS: a managed message queue\n"
    )

    command("import_topic", str(notes))

    context = Card.objects.get(prompt="SQS").context
    assert context == "… › " + "D" * 200
    assert len(context) <= Card._meta.get_field("context").max_length


def test_a_dry_run_of_a_deck_lists_the_plan_and_writes_nothing(tmp_path):
    deck = tmp_path / "deck.csv"
    deck.write_text(DECK)

    output = command("import_topic", str(deck), "--dry-run", "--slug", "aws", "--title", "AWS")

    assert "Dry run: nothing was written." in output
    assert "2 created" in output
    assert not Topic.objects.exists()


def test_reimporting_an_edited_note_set_keeps_the_keys_of_unchanged_cards(tmp_path):
    notes = tmp_path / "messaging.md"
    notes.write_text(NOTES)
    command("import_topic", str(notes))
    before = dict(Card.objects.values_list("prompt", "key"))

    added = "- Dead-letter queue: where failures go\n\n## Topics"
    notes.write_text(NOTES.replace("## Topics", added))
    output = command("import_topic", str(notes))

    assert "1 created" in output and "0 retired" in output
    after = dict(Card.objects.values_list("prompt", "key"))
    assert before.items() <= after.items()


def test_a_document_with_no_cards_is_refused_and_nothing_is_imported(tmp_path):
    notes = tmp_path / "empty.md"
    notes.write_text("# Notes\n\nJust prose.\n")

    with pytest.raises(CommandError, match=r"empty\.md: no cards found: "):
        command("import_topic", str(notes))
    assert not Topic.objects.exists()


def test_slug_and_title_name_exactly_one_document(tmp_path):
    (tmp_path / "a.md").write_text(NOTES)
    (tmp_path / "b.md").write_text(NOTES)

    with pytest.raises(CommandError, match="exactly one document"):
        command("import_topic", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--slug", "x")


def test_build_topic_writes_a_fixture_from_a_deck_marked_unweighted(tmp_path):
    deck = tmp_path / "deck.tsv"
    deck.write_text("SQS\tA queue\nSNS\tA topic\n")

    command("build_topic", str(deck), "-o", str(tmp_path / "deck.json"))

    fixture = json.loads((tmp_path / "deck.json").read_text())
    assert fixture["topic"] == {
        "slug": "deck",
        "title": "deck",
        "source": "deck.tsv",
        "weighted": False,
    }
    assert [card["kind"] for card in fixture["cards"]] == ["term", "term"]


def test_the_admin_imports_a_csv_deck_and_shows_what_it_skipped(editor, client):
    deck = DECK + "SNS,,Messaging\n"

    plan = client.post(IMPORT, {"document": SimpleUploadedFile("aws.csv", deck.encode())})

    page = plan.content.decode()
    assert "2 created" in page
    assert "line 4: card &#x27;SNS&#x27; has an empty back: skipped" in page
    payload = re.search(r'name="payload" value="([^"]+)"', page)[1]
    client.post(IMPORT, {"payload": payload})
    assert Topic.objects.get(slug="aws").cards.count() == 2


def test_unweighted_topics_say_so_on_the_dashboard_and_statistics(editor, client, tmp_path):
    notes = tmp_path / "messaging.md"
    notes.write_text(NOTES)
    command("import_topic", str(notes))
    EnrolmentFactory(user=editor, topic=Topic.objects.get(slug="messaging"))

    dashboard = client.get(reverse("dashboard")).content.decode()
    stats = client.get(reverse("stats", kwargs={"topic_slug": "messaging"})).content.decode()

    assert "unweighted" in dashboard
    assert "unweighted" in stats
    assert "% of the exam" not in stats
