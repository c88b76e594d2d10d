"""A topic exported as an .apkg, opened with the real Anki library."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cards.exports.apkg import export_topic
from tests.cards.exports.anki_open import imported_into_anki, notes_by_key
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    topic = TopicFactory(slug="aws", title="AWS Dev")
    domain = DomainFactory(topic=topic, number=1, title="Development")
    section = SectionFactory(domain=domain, position=1, title="Lambda")
    CardFactory(section=section, trap=True, key="trap-1", prompt="Lambda runs forever")
    CardFactory(section=section, table_cell=True, key="table-1")
    CardFactory(
        section=section,
        key="scenario-1",
        prompt="Decouple <services>?",
        answer="SQS",
        tags="messaging sqs",
    )
    CardFactory(section=section, key="retired-1", is_active=False)
    return topic


def test_every_active_card_is_a_note_of_its_kind_in_the_deck_tree(topic, tmp_path):
    with imported_into_anki([export_topic(topic)], tmp_path) as collection:
        notes = notes_by_key(collection)

    assert set(notes) == {"trap-1", "table-1", "scenario-1"}
    assert {key: note["note type"] for key, note in notes.items()} == {
        "trap-1": "spacecards trap",
        "table-1": "spacecards table",
        "scenario-1": "spacecards scenario",
    }
    assert {note["deck"] for note in notes.values()} == {"AWS Dev::1. Development::Lambda"}
    assert notes["trap-1"]["tags"] == ["domain::1_Development", "kind::trap"]
    assert notes["scenario-1"]["tags"] == [
        "domain::1_Development",
        "kind::scenario",
        "messaging",
        "sqs",
    ]


def test_fields_carry_the_card_text_escaped(topic, tmp_path):
    with imported_into_anki([export_topic(topic)], tmp_path) as collection:
        notes = notes_by_key(collection)

    trap, table, scenario = notes["trap-1"], notes["table-1"], notes["scenario-1"]
    assert (trap["Statement"], trap["Verdict"]) == ("Lambda runs forever", "FALSE")
    assert trap["Explanation"] == "It depends on the configuration."
    assert scenario["Prompt"] == "Decouple &lt;services&gt;?"
    assert scenario["Answer"] == "SQS"
    assert table["Answer"] == "~70% cheaper"
    assert '<td class="hidden">?</td>' in table["Table"]
    assert "~70% cheaper" not in table["Table"]
    assert "<td>~70% cheaper</td>" in table["Row"]


def test_card_faces_render_in_anki(topic, tmp_path):
    with imported_into_anki([export_topic(topic)], tmp_path) as collection:
        cards = {
            collection.get_card(card_id).note()["Key"]: collection.get_card(card_id)
            for card_id in collection.find_cards("")
        }
        question, answer = cards["trap-1"].question(), cards["trap-1"].answer()
    assert "True or false?" in question and "Lambda runs forever" in question
    assert "FALSE" not in question
    assert "FALSE" in answer and "It depends on the configuration." in answer


def test_re_export_updates_notes_instead_of_duplicating(topic, tmp_path):
    first = export_topic(topic)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        card = topic.cards.get(key="scenario-1")
        card.answer = "Amazon SQS"
        card.save()
        second = export_topic(topic)

    with imported_into_anki([first, second], tmp_path) as collection:
        notes = notes_by_key(collection)
    assert len(notes) == 3
    assert notes["scenario-1"]["Answer"] == "Amazon SQS"


def test_guids_are_the_same_across_exports(topic, tmp_path):
    with imported_into_anki([export_topic(topic)], tmp_path / "a") as collection:
        first = {key: note["guid"] for key, note in notes_by_key(collection).items()}
    with imported_into_anki([export_topic(topic)], tmp_path / "b") as collection:
        second = {key: note["guid"] for key, note in notes_by_key(collection).items()}
    assert first == second
    assert len(set(first.values())) == 3
