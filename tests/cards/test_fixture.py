import json

import pytest

from cards.fixture import FixtureError, content_hash, load_fixture
from tests.cards.fixture_data import as_text, card, topic_fixture


def test_a_whole_fixture_loads_with_its_outline_and_cards():
    fixture = load_fixture(as_text(topic_fixture()), "demo.json")

    assert fixture.slug == "demo"
    assert [(d.number, d.weight) for d in fixture.domains] == [(1, 60), (2, 40)]
    assert [s.title for s in fixture.domains[0].sections] == ["Queues", "APIs"]
    assert [c.key for c in fixture.cards] == ["scenario-a", "trap-b", "table-c"]
    assert fixture.cards[2].table["hidden"] == 2


def test_content_hash_ignores_where_the_card_sits_but_not_what_it_says():
    one = load_fixture(as_text(topic_fixture(card("k", position=0))), "f").cards[0]
    moved = load_fixture(as_text(topic_fixture(card("k", position=9))), "f").cards[0]
    reworded = load_fixture(as_text(topic_fixture(card("k", answer="Other"))), "f").cards[0]

    assert content_hash(one.content()) == content_hash(moved.content())
    assert content_hash(one.content()) != content_hash(reworded.content())


def broken(change) -> str:
    data = topic_fixture()
    change(data)
    return as_text(data)


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("{not json", "line 1, column 2", "not valid JSON"),
        (b"\xff\xfe", "byte 0", "not UTF-8"),
        ("[]", "top level", "must be an object"),
        (broken(lambda d: d.update(format="anki")), "format", "must be 'spacecards-topic'"),
        (broken(lambda d: d.update(version=2)), "version", "unknown format version 2"),
        (broken(lambda d: d.update(version="1")), "version", "must be a whole number"),
        (broken(lambda d: d["topic"].pop("title")), "topic.title", "missing"),
        (broken(lambda d: d["topic"].update(slug="a b")), "topic.slug", "letters, digits"),
        (broken(lambda d: d.update(domains=[])), "domains", "at least one domain"),
        (broken(lambda d: d["domains"][1].update(number=1)), "domains[1].number", "duplicate"),
        (
            broken(lambda d: d["domains"][0].update(weight=140)),
            "domains[0].weight",
            "percentage",
        ),
        (broken(lambda d: d["cards"][1].pop("prompt")), "cards[1].prompt", "missing"),
        (broken(lambda d: d["cards"][1].update(prompt="  ")), "cards[1].prompt", "not be empty"),
        (broken(lambda d: d["cards"][0].update(position=True)), "cards[0].position", "whole"),
        (broken(lambda d: d["cards"][0].update(answer=3)), "cards[0].answer", "must be a string"),
        (broken(lambda d: d["cards"][2].update(key="trap-b")), "cards[2].key", "duplicate key"),
        (broken(lambda d: d["cards"][0].update(kind="cloze")), "cards[0].kind", "unknown kind"),
        (
            broken(lambda d: d["cards"][1].update(verdict="MOSTLY")),
            "cards[1].verdict",
            "unknown verdict 'MOSTLY'",
        ),
        (
            broken(lambda d: d["cards"][0].update(verdict="TRUE")),
            "cards[0].verdict",
            "only trap cards",
        ),
        (
            broken(lambda d: d["cards"][0].update(section=7)),
            "cards[0].section",
            "no section 7 in domain 1",
        ),
        (
            broken(lambda d: d["cards"][2]["table"].update(hidden=0)),
            "cards[2].table.hidden",
            "body column",
        ),
        (
            broken(lambda d: d["cards"][2]["table"]["row"].pop()),
            "cards[2].table",
            "header has 3 cells but row has 2",
        ),
    ],
)
def test_a_broken_fixture_names_the_file_the_place_and_the_problem(text, where, problem):
    with pytest.raises(FixtureError) as raised:
        load_fixture(text, "fixtures/demo.json")

    assert raised.value.name == "fixtures/demo.json"
    assert raised.value.where == where
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"fixtures/demo.json: {where}: ")


def test_a_duplicate_key_names_both_places():
    text = broken(lambda d: d["cards"][2].update(key="scenario-a"))

    with pytest.raises(FixtureError, match=r"first at cards\[0\]\.key"):
        load_fixture(text, "f.json")


def test_fixture_text_round_trips_through_json():
    data = topic_fixture()
    assert json.loads(as_text(data)) == data
