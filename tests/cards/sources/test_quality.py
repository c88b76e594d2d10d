"""Quality flags: each weak card is flagged with a reason, and the dropping ones are known."""

import json
import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cards.sources import quality
from cards.sources.quality import DROPPING, FLAGS, CardText, drops, flag_cards

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def table_card(key, header, row, hidden, *, subject="Subject", prompt=None) -> CardText:
    return CardText(
        key=key,
        kind="table",
        prompt=prompt or f"{subject} — {row[0]}: {header[hidden]}?",
        answer=row[hidden],
        header=tuple(header),
        row=tuple(row),
        hidden=hidden,
        subject=subject,
    )


def names(flags) -> list[str]:
    return [flag.name for flag in flags]


def flags_of(*cards: CardText) -> dict[str, list[str]]:
    return {key: names(found) for key, found in flag_cards(cards).items()}


def test_a_hidden_cell_that_repeats_a_visible_one_is_a_duplicate_cell_and_drops():
    header = ("Feature", "SQS", "SNS", "EventBridge")
    card = table_card("t", header, ("Message size", "256 KB", "256 KB", "256 KB"), 2)

    (flag,) = flag_cards([card])["t"]

    assert flag.name == "duplicate-cell"
    assert flag.why == "the hidden '256 KB' is also shown under 'SQS'"
    assert drops([flag])


def test_an_answer_written_in_the_question_is_answer_in_prompt():
    header = ("Type", "Examples", "Regulation")
    table = table_card("t", header, ("PCI-DSS", "Credit card numbers", "PCI-DSS"), 2)
    scenario = CardText("s", "scenario", "Pick SQS or SNS for a queue: SQS", "SQS")
    fine = CardText("f", "scenario", "Decouple producer from consumer", "SQS")

    assert flags_of(table, scenario, fine) == {
        "t": ["answer-in-prompt"],
        "s": ["answer-in-prompt"],
        "f": [],
    }


def test_a_row_label_that_spells_out_the_answer_is_kept_for_an_editor():
    header = ("Function", "Purpose", "Example")
    spelled = table_card("a", header, ("!GetAtt", "Get attribute of a resource", "x"), 1)
    quoted = table_card("b", header, ("!Ref", "y", "!Ref MyBucket"), 2)
    unrelated = table_card("c", header, ("Auth", "Lambda authorizer", "z"), 1)

    found = flag_cards([spelled, quoted, unrelated])

    assert names(found["a"]) == ["label-gives-answer"]
    assert found["a"][0].why == "'!GetAtt' spells out 'Get attribute of a resource'"
    assert not drops(found["a"])
    assert found["b"] == found["c"] == ()


def test_a_two_column_yes_no_row_is_binary_by_elimination():
    header = ("", "Cold Start", "Warm Start")
    yes_no = table_card("a", header, ("Init code runs?", "Yes", "No"), 1)
    ticks = table_card("b", ("Type", "On Success", "On Failure"), ("Lambda", "✅", "❌"), 2)
    wider = table_card("c", ("", "A", "B", "C"), ("Row", "Yes", "No", "Maybe"), 1)

    found = flags_of(yes_no, ticks, wider)

    assert found == {"a": ["binary-by-elimination"], "b": ["binary-by-elimination"], "c": []}
    assert "binary-by-elimination" not in DROPPING


def test_a_cue_asking_what_an_earlier_cue_asks_is_a_near_duplicate_of_that_card():
    cards = [
        CardText("first", "scenario", "Multiple services react to same event", "SNS fanout"),
        CardText("other", "scenario", "Decouple producer from consumer", "SQS"),
        CardText("store", "scenario", "Store session data for a web app", "ElastiCache"),
        CardText("again", "scenario", "Multiple services need to react to the same S3 event", "EB"),
    ]

    found = flag_cards(cards)

    (flag,) = found["again"]
    assert flag.name == "near-duplicate"
    assert flag.why == "asks what first asks: 'Multiple services react to same event'"
    assert found["first"] == found["other"] == found["store"] == ()


def test_the_same_row_and_column_in_another_table_is_a_near_duplicate():
    first = table_card("a", ("Strategy", "Downtime?"), ("All-at-once", "Yes (brief)"), 1)
    again = table_card("b", ("Policy", "Downtime", "Best For"), ("All at once", "Yes", "Dev"), 1)
    other_column = table_card(
        "c", ("Policy", "Downtime", "Best For"), ("All at once", "Yes", "Dev"), 2
    )

    found = flags_of(first, again, other_column)

    assert found == {"a": [], "b": ["near-duplicate"], "c": []}


def test_a_table_card_with_no_subject_and_no_corner_cell_has_no_subject():
    header = ("", "Eventually Consistent", "Strongly Consistent")
    bare = table_card("a", header, ("Latency", "Lower", "Slightly higher"), 1, subject="")
    named = table_card("b", header, ("Latency", "Lower", "Slightly higher"), 2)
    cornered = table_card("c", ("Feature", "SQS"), ("Model", "Pull"), 1, subject="")

    assert flags_of(bare, named, cornered) == {"a": ["no-subject"], "b": [], "c": []}


def test_words_still_glued_after_tidying_are_flagged_for_an_editor():
    card = CardText("t", "trap", "Statement", "FALSE", unresolved_glue=("fooBarbaz",))

    (flag,) = flag_cards([card])["t"]

    assert (flag.name, flag.why) == ("glued-words", "no safe place to split 'fooBarbaz'")
    assert not drops([flag])


def test_every_flag_says_whether_it_drops_and_flags_come_in_a_fixed_order():
    assert {"duplicate-cell", "answer-in-prompt", "near-duplicate", "no-subject"} == DROPPING
    header = ("", "A", "B")
    card = table_card("t", header, ("Pub/Sub", "Yes", "No"), 1, subject="")

    assert names(flag_cards([card])["t"]) == ["no-subject", "binary-by-elimination"]
    assert list(FLAGS) == [
        "duplicate-cell",
        "answer-in-prompt",
        "near-duplicate",
        "no-subject",
        "label-gives-answer",
        "binary-by-elimination",
        "glued-words",
    ]


# --- Near-duplicates at scale -----------------------------------------------------------------


def brute_force_near_duplicates(cards: list[CardText]) -> dict[str, str]:
    """The check as first written, every pair compared: what the indexed one must still find."""
    found = {}
    for kind in {card.kind for card in cards} - {"table"}:
        group = [card for card in cards if card.kind == kind]
        prompts = [quality._content_words(card.prompt) for card in group]
        answers = [quality._content_words(card.explanation or card.answer) for card in group]
        prompt_rarity, answer_rarity = quality._rarity(prompts), quality._rarity(answers)
        for later in range(len(group)):
            for earlier in range(later):
                asked = quality._similarity(prompts[earlier], prompts[later], prompt_rarity)
                taught = quality._similarity(answers[earlier], answers[later], answer_rarity)
                if asked >= quality.NEAR_DUPLICATE_SIMILARITY or (
                    asked >= quality.SAME_FACT_PROMPT_SIMILARITY
                    and taught >= quality.SAME_FACT_ANSWER_SIMILARITY
                ):
                    found[group[later].key] = group[earlier].key
                    break
    return found


def near_duplicates(cards: list[CardText]) -> dict[str, str]:
    """Each flagged card's key → the key of the card it repeats."""
    return {
        key: flag.why.split()[2]
        for key, flags in flag_cards(cards).items()
        for flag in flags
        if flag.name == "near-duplicate"
    }


# Few words, so that random prompts share many of them and come out alike in every degree.
_WORDS = st.sampled_from(["sqs", "sns", "queue", "topic", "push", "poll", "fifo", "order", "what"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["scenario", "trap", "term"]),
            st.lists(_WORDS, min_size=1, max_size=6),
            st.lists(_WORDS, min_size=1, max_size=4),
        ),
        max_size=40,
    )
)
def test_the_indexed_check_flags_what_comparing_every_pair_flags(shapes):
    cards = [
        CardText(f"k{i}", kind, " ".join(prompt), " ".join(answer))
        for i, (kind, prompt, answer) in enumerate(shapes)
    ]

    assert near_duplicates(cards) == brute_force_near_duplicates(cards)


def test_a_real_guides_near_duplicates_are_the_same_as_comparing_every_pair():
    fixture = json.loads((FIXTURES / "aws-dva-c02.json").read_text(encoding="utf-8"))
    cards = [
        CardText(c["key"], c["kind"], c["prompt"], c["answer"], c["explanation"])
        for c in fixture["cards"]
        if c["kind"] != "table"
    ]

    assert near_duplicates(cards) == brute_force_near_duplicates(cards)
    assert len(near_duplicates(cards)) >= 5  # the guide does repeat itself


def test_a_large_deck_is_checked_in_a_bounded_number_of_comparisons(monkeypatch):
    # 5,000 questions over a vocabulary whose words are used unevenly, as notes use words:
    # a few everywhere ("what", "service"), most in a handful of cards.
    rng = random.Random(5000)
    common = ["what", "which", "service", "does", "default", "limit", "use"]
    names = [f"name{i}" for i in range(2500)]
    weights = [1 / (rank + 1) for rank in range(len(names))]
    cards = [
        CardText(
            f"k{i}",
            "question",
            " ".join(rng.sample(common, 2) + rng.choices(names, weights, k=rng.randint(2, 5))),
            " ".join(rng.choices(names, weights, k=3)),
        )
        for i in range(5000)
    ]
    comparisons = 0
    similarity = quality._similarity

    def counted(*args):
        nonlocal comparisons
        comparisons += 1
        return similarity(*args)

    monkeypatch.setattr(quality, "_similarity", counted)

    flag_cards(cards)

    # Comparing every pair would be 12.5 million prompts (and as many answers).
    assert comparisons < 50 * len(cards)
