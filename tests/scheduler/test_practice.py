"""Question generation on its own: no database, any deck the strategies can make."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from scheduler.practice import (
    CardFacts,
    build_exam,
    questions_for,
    same_text,
    scaled_score,
    shares,
)

WORDS = st.sampled_from(["Lambda", "S3", "SQS", "SNS", "yes", "No", "no.", " ", "", "DAX", "KMS"])
CELL = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


def table_cards(start: int, domain: int, section: int, rows: list[list[str]], header, subject):
    cards = []
    for row in rows:
        for hidden in range(1, len(header)):
            table = {"header": header, "row": row, "hidden": hidden, "subject": subject}
            cards.append(
                CardFacts(
                    start + len(cards), "table", domain, section, "?", row[hidden], table=table
                )
            )
    return cards


@st.composite
def decks(draw):
    cards: list[CardFacts] = []
    for domain in range(1, draw(st.integers(1, 4)) + 1):
        section = domain * 10
        width = draw(st.integers(2, 4))
        header = [f"col{i}" for i in range(width)]
        rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=7))
        subject = draw(st.sampled_from(["Queues", ""]))
        cards += table_cards(len(cards), domain, section, rows, header, subject)
        for answer in draw(st.lists(CELL, max_size=8)):
            cards.append(CardFacts(len(cards), "scenario", domain, section, "cue", answer))
        for statement, verdict, explanation in draw(
            st.lists(
                st.tuples(CELL, st.sampled_from(["TRUE", "FALSE", "PARTIALLY TRUE"]), CELL),
                max_size=10,
            )
        ):
            cards.append(
                CardFacts(
                    len(cards), "trap", domain, section, statement, verdict, explanation, verdict
                )
            )
    return cards


@given(decks(), st.integers(0, 2**32), st.booleans())
def test_every_question_has_distinct_non_blank_options_and_one_source_card(
    cards, seed, multiple_response
):
    by_id = {card.id: card for card in cards}
    questions = questions_for(cards, seed=seed, multiple_response=multiple_response)
    assert len({q.card_id for q in questions}) == len(questions)
    for question in questions:
        card = by_id[question.card_id]
        keys = [same_text(option) for option in question.options]
        assert all(keys), question
        assert len(set(keys)) == len(keys), question
        assert question.domain == card.domain
        if question.multiple:
            assert multiple_response
            assert len(question.options) == 5 and len(question.correct) == 2
            assert card.prompt in [question.options[i] for i in question.correct]
        else:
            assert len(question.options) == 4 and len(question.correct) == 1
            right = question.options[question.correct[0]]
            expected = {"table": card.answer, "scenario": card.answer, "trap": card.prompt}
            assert same_text(right) == same_text(expected[card.kind])
            if card.kind == "trap":
                assert card.verdict == "FALSE"


@given(decks(), st.integers(0, 2**32), st.booleans())
def test_same_seed_same_exam(cards, seed, multiple_response):
    weights = dict.fromkeys(range(1, 5), 25)

    def exam():
        return build_exam(
            cards, weights=weights, count=20, seed=seed, multiple_response=multiple_response
        )

    assert exam() == exam()
    assert (
        build_exam(
            list(reversed(cards)),
            weights=weights,
            count=20,
            seed=seed,
            multiple_response=multiple_response,
        )
        == exam()
    )


@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=6).filter(any),
    st.integers(1, 80),
)
def test_domain_shares_are_within_one_question_of_the_weights(weight_list, count):
    weights = dict(enumerate(weight_list, start=1))
    given_shares = shares(weights, dict.fromkeys(weights, count), count)
    assert sum(given_shares.values()) == count
    for domain, weight in weights.items():
        assert abs(given_shares[domain] - count * weight / sum(weight_list)) < 1


@given(
    st.lists(st.tuples(st.integers(1, 100), st.integers(0, 30)), min_size=1, max_size=5),
    st.integers(1, 80),
)
def test_a_short_domain_gives_its_questions_to_the_others(domains, count):
    weights = {i: weight for i, (weight, _) in enumerate(domains, start=1)}
    available = {i: n for i, (_, n) in enumerate(domains, start=1)}
    given_shares = shares(weights, available, count)
    assert sum(given_shares.values()) == min(count, sum(available.values()))
    assert all(given_shares[d] <= available[d] for d in weights)


def scenarios(domain: int, answers: list[str], start: int = 0) -> list[CardFacts]:
    return [
        CardFacts(start + i, "scenario", domain, domain * 10, f"cue {i}", answer)
        for i, answer in enumerate(answers)
    ]


def test_a_dva_c02_sized_exam_follows_the_weights():
    weights = {1: 32, 2: 26, 3: 24, 4: 18}
    cards = []
    for domain in weights:
        cards += scenarios(domain, [f"Service {domain}-{i}" for i in range(40)], start=len(cards))
    exam = build_exam(cards, weights=weights, count=65, seed=7, multiple_response=True)
    assert len(exam) == 65
    for domain, n in Counter(q.domain for q in exam).items():
        assert abs(n - 65 * weights[domain] / 100) < 1


def test_a_card_without_three_good_distractors_gives_no_question():
    # Two other answers, one of them the same text as the answer: only one good distractor.
    cards = scenarios(1, ["SQS", "sqs.", "SNS", "  "])
    assert questions_for(cards, seed=1, multiple_response=False) == []


def test_table_cell_question_names_subject_column_and_row_from_the_same_column():
    header = ["Queue", "Ordering", "Throughput"]
    rows = [
        ["Standard", "Best effort", "Unlimited"],
        ["FIFO", "Strict", "300/s"],
        ["Kinesis", "Per shard", "1 MB/s per shard"],
        ["SNS", "None", "Very high"],
    ]
    cards = table_cards(0, 1, 10, rows, header, "SQS queues")
    questions = questions_for(cards, seed=3, multiple_response=False)
    ordering = next(q for q in questions if q.card_id == 2)  # FIFO, Ordering
    assert ordering.prompt == "In SQS queues, what is Ordering for FIFO?"
    assert ordering.options[ordering.correct[0]] == "Strict"
    assert sorted(ordering.options) == ["Best effort", "None", "Per shard", "Strict"]


def test_a_row_label_given_twice_with_different_cells_asks_neither_row():
    header = ["Service", "Limit"]
    rows = [["Lambda", "15 min"], ["Lambda", "10 GB"], ["SQS", "14 days"], ["SNS", "256 KB"]]
    rows += [["KMS", "4 KB"]]
    questions = questions_for(
        table_cards(0, 1, 10, rows, header, "Limits"), seed=1, multiple_response=False
    )
    # Either Lambda cell would be right for "Limit for Lambda"; other rows still ask.
    assert {q.card_id for q in questions} == {2, 3, 4}


def test_same_text_in_another_row_is_never_a_distractor():
    header = ["Service", "Managed"]
    rows = [["A", "Yes"], ["B", "yes"], ["C", "No"], ["D", "Partly"], ["E", "Never"]]
    questions = questions_for(
        table_cards(0, 1, 10, rows, header, "Managed"), seed=2, multiple_response=False
    )
    first = next(q for q in questions if q.card_id == 0)
    assert [same_text(o) for o in first.options].count("yes") == 1


def traps(section_cards: list[tuple[str, str, str]]) -> list[CardFacts]:
    return [
        CardFacts(i, "trap", 1, 10, statement, verdict, explanation, verdict)
        for i, (statement, verdict, explanation) in enumerate(section_cards)
    ]


FALSE_AND_TRUE = [
    ("SQS FIFO is unlimited", "FALSE", "FIFO queues allow 300 messages per second."),
    ("SNS stores messages", "FALSE", "SNS delivers and keeps nothing for later."),
    ("Lambda runs for a day", "FALSE", "Lambda functions time out after 15 minutes."),
    ("KMS keys rotate yearly when enabled", "TRUE", ""),
    ("DAX caches every operation", "FALSE", "It only caches reads."),
    ("S3 is eventually consistent", "PARTIALLY TRUE", "S3 is strongly consistent now."),
]


def test_which_is_false_sets_one_false_statement_against_three_true_ones_of_its_section():
    questions = questions_for(traps(FALSE_AND_TRUE), seed=5, multiple_response=False)
    assert {q.card_id for q in questions} == {0, 1, 2, 4}
    true_statements = {
        "FIFO queues allow 300 messages per second.",
        "SNS delivers and keeps nothing for later.",
        "Lambda functions time out after 15 minutes.",
        "KMS keys rotate yearly when enabled",
    }
    for question in questions:
        assert question.prompt == "Which statement is FALSE?"
        wrong = {o for i, o in enumerate(question.options) if i not in question.correct}
        assert wrong <= true_statements
        # Never its own correction beside it, never the ambiguous PARTIALLY TRUE trap.
        assert FALSE_AND_TRUE[question.card_id][2] not in wrong


def test_select_two_appears_only_when_the_format_allows_it():
    cards = traps(FALSE_AND_TRUE)
    assert not any(q.multiple for q in questions_for(cards, seed=5, multiple_response=False))
    two = [q for q in questions_for(cards, seed=5, multiple_response=True) if q.multiple]
    assert [q.card_id for q in two] == [3]
    chosen = {two[0].options[i] for i in two[0].correct}
    assert "KMS keys rotate yearly when enabled" in chosen


def test_scaled_score_maps_raw_onto_the_range():
    assert scaled_score(65, 65, low=100, high=1000) == 1000
    assert scaled_score(0, 65, low=100, high=1000) == 100
    assert scaled_score(45, 65, low=100, high=1000) == 723
    assert scaled_score(0, 0, low=100, high=1000) == 100
