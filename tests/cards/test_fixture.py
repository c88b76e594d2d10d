import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.fixture import FixtureError, content_hash, load_fixture, validate_fixture
from cards.models import Card
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


# -- hostile or odd files: refused with the place and the problem, never another exception


def with_text(change) -> str:
    """A fixture whose JSON text (not its decoded data) was edited."""
    return change(as_text(topic_fixture()))


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("[" * 100_000, "line 1, column 21", "nested more than 20 levels deep"),
        (
            with_text(lambda t: t.replace('"table": {}', '"table": ' + "[" * 50_000, 1)),
            "line 45, column 30",
            "nested more than 20 levels deep",
        ),
        (
            with_text(lambda t: t[:-2] + ',\n "cards": []\n}'),
            "top level",
            "the key 'cards' appears more than once",
        ),
        (
            with_text(lambda t: t.replace('"answer": "FALSE",', '"answer": "FALSE", "answer": 1,')),
            "cards[1]",
            "the key 'answer' appears more than once",
        ),
        (
            broken(lambda d: d["cards"][0].update(prompt="odd \ud800 half")),
            "cards[0].prompt",
            "lone UTF-16 surrogate (\\ud800) at character 5",
        ),
        (
            broken(lambda d: d["topic"].update(title="\udfff")),
            "topic.title",
            "lone UTF-16 surrogate (\\udfff)",
        ),
        (
            broken(lambda d: d["cards"][0].update(prompt="a\x00b")),
            "cards[0].prompt",
            "NUL character (\\u0000) at character 2",
        ),
        (
            broken(lambda d: d["cards"][2]["table"]["row"].__setitem__(1, "\x00")),
            "cards[2].table.row[1]",
            "NUL character",
        ),
        (
            broken(lambda d: d["cards"][0].update({"no\x00te": "ignored field"})),
            "cards[0] (an object key)",
            "NUL character",
        ),
        (
            broken(lambda d: d.update({"comment": ["fine", "\x00"]})),
            "comment[1]",
            "NUL character",
        ),
        (broken(lambda d: d["domains"][0].update(number=-1)), "domains[0].number", "0–32767"),
        (broken(lambda d: d["domains"][0].update(number=40_000)), "domains[0].number", "0–32767"),
        (
            broken(lambda d: d["domains"][0]["sections"][0].update(position=-3)),
            "domains[0].sections[0].position",
            "must be a whole number 0–32767, not -3",
        ),
        (
            broken(lambda d: d["domains"][0]["sections"][1].update(position=2**15)),
            "domains[0].sections[1].position",
            "0–32767, not 32768",
        ),
        (broken(lambda d: d["cards"][0].update(position=-1)), "cards[0].position", "0–2147483647"),
        (
            broken(lambda d: d["cards"][0].update(position=2**31)),
            "cards[0].position",
            "0–2147483647, not 2147483648",
        ),
        (broken(lambda d: d["domains"][0].update(weight=-5)), "domains[0].weight", "0–100"),
        (
            broken(lambda d: d["domains"][0].update(number=10**30)),
            "domains[0].number",
            "a 31-digit number is out of range",
        ),
        (
            with_text(lambda t: t.replace('"weight": 60', '"weight": -' + "9" * 5000)),
            "domains[0].weight",
            "a 5000-digit number is out of range",
        ),
        (
            broken(lambda d: d["cards"][0].update(key="k" * 81)),
            "cards[0].key",
            "is 81 characters long; at most 80 fit",
        ),
        (
            broken(lambda d: d["cards"][2].update(sibling="s" * 300)),
            "cards[2].sibling",
            "is 300 characters long; at most 80 fit",
        ),
        (
            broken(lambda d: d["cards"][1].update(context="c" * 301)),
            "cards[1].context",
            "is 301 characters long; at most 300 fit",
        ),
        (broken(lambda d: d["topic"].update(slug="s" * 51)), "topic.slug", "at most 50 fit"),
        (broken(lambda d: d["topic"].update(title="T" * 201)), "topic.title", "at most 200 fit"),
        (broken(lambda d: d["topic"].update(source="x" * 201)), "topic.source", "at most 200"),
        (
            broken(lambda d: d["domains"][1].update(title="D" * 301)),
            "domains[1].title",
            "at most 300 fit",
        ),
        (
            broken(lambda d: d["domains"][0]["sections"][0].update(title="S" * 301)),
            "domains[0].sections[0].title",
            "at most 300 fit",
        ),
        (
            broken(lambda d: d["cards"][0].update(table={"nested": [float("nan")]})),
            "cards[0].table",
            "only table cards have a table, not scenario",
        ),
        (
            broken(lambda d: d["cards"][2]["table"].update(notes=["anything"])),
            "cards[2].table.notes",
            "unknown field",
        ),
    ],
)
def test_a_hostile_fixture_is_refused_with_the_place_and_the_problem(text, where, problem):
    with pytest.raises(FixtureError) as raised:
        load_fixture(text, "fixtures/demo.json")

    assert (raised.value.name, raised.value.where) == ("fixtures/demo.json", where)
    assert problem in raised.value.problem


def test_the_limits_are_the_models_own():
    assert Card._meta.get_field("key").max_length == 80  # what the key case above relies on
    at_the_limit = topic_fixture(
        card("k" * 80, sibling="s" * 80, position=2**31 - 1, context="c" * 300)
    )
    at_the_limit["topic"].update(title="T" * 200, slug="s" * 50)

    fixture = load_fixture(as_text(at_the_limit), "edge.json")

    assert (len(fixture.cards[0].key), fixture.cards[0].position) == (80, 2**31 - 1)
    assert len(fixture.cards[0].context) == Card._meta.get_field("context").max_length


def test_brackets_and_quotes_inside_strings_do_not_count_as_nesting():
    text = broken(lambda d: d["cards"][0].update(prompt="[{" * 500 + '\\"]' + "}" * 30))

    assert load_fixture(text, "demo.json").cards[0].prompt.startswith("[{[{")


def test_an_unterminated_string_full_of_escaped_quotes_is_refused_in_linear_time():
    text = '{"format": "' + '\\"' * 200_000

    with pytest.raises(FixtureError, match="not valid JSON"):
        load_fixture(text, "demo.json")


def test_a_fixture_built_in_memory_is_checked_the_same_way():
    data = topic_fixture(card("k", prompt="pasted\x00text"))

    with pytest.raises(FixtureError, match=r"^guide\.csv: cards\[0\]\.prompt: contains a NUL"):
        validate_fixture(data, "guide.csv")
    assert validate_fixture(topic_fixture(), "guide.csv").slug == "demo"


@given(st.text(max_size=300))
def test_any_text_loads_or_is_refused_with_a_fixture_error(text):
    with contextlib.suppress(FixtureError):
        load_fixture(text, "any.json")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


@given(
    path=st.sampled_from(
        [
            ("topic", "slug"),
            ("topic", "title"),
            ("domains", 0, "number"),
            ("domains", 0, "weight"),
            ("domains", 0, "sections", 1, "position"),
            ("cards", 0, "key"),
            ("cards", 1, "position"),
            ("cards", 2, "table"),
            ("cards", 2, "table", "hidden"),
            ("cards", 2, "sibling"),
        ]
    ),
    value=JSON_VALUES,
)
def test_any_value_anywhere_loads_or_is_refused_with_a_fixture_error(path, value):
    data = topic_fixture()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value

    with contextlib.suppress(FixtureError):
        load_fixture(as_text(data), "any.json")
