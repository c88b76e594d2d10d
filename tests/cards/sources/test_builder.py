"""Card keys, siblings and positions, given in document order."""

import hashlib

from cards.sources import (
    parse_guide,
)
from tests.cards.sources.samples import DOMAIN_TOP, seed_guide

# --- Keys and positions ---------------------------------------------------------------------


def test_key_is_kind_and_hash_of_identity_with_whitespace_and_case_ignored():
    guide = seed_guide(
        'Common traps:\n- "Caching  is FREE" — FALSE; costs.\n"Decouple  producer" → SQS.\n'
        "| Feature | SQS |\n|---|---|\n| Model | Pull |\n"
    )

    trap, scenario, table = guide.cards()
    assert trap.key == "trap-" + hashlib.sha1(b"caching is free").hexdigest()[:10]
    assert scenario.key == "scenario-" + hashlib.sha1(b"decouple producer").hexdigest()[:10]
    assert table.key == "table-" + hashlib.sha1(b"feature|sqs|model|sqs").hexdigest()[:10]


def test_card_keeps_its_key_when_only_its_answer_or_explanation_changes():
    before = seed_guide(
        'Common traps:\n- "Caching is free" — FALSE; it costs.\n"Decouple" → SQS.\n'
        "| Feature | SQS |\n|---|---|\n| Model | Pull |\n"
    )
    after = seed_guide(
        'Common traps:\n- "Caching is free" — TRUE; it is now.\n"Decouple" → SQS FIFO.\n'
        "| Feature | SQS |\n|---|---|\n| Model | Pull (long polling) |\n"
    )

    assert [c.key for c in before.cards()] == [c.key for c in after.cards()]
    assert [c.answer for c in before.cards()] != [c.answer for c in after.cards()]
    assert [c.sibling for c in before.cards()] == [c.sibling for c in after.cards()]


def test_repeated_identity_gets_numbered_suffixes_in_document_order():
    guide = seed_guide(
        '"Decouple" → SQS.\n"Decouple" → SNS.\n"Decouple" → EventBridge.\n'
        "| A | B |\n|---|---|\n| r | 1 |\n| r | 2 |\n"
    )

    first, second, third, row, repeated_row = guide.cards()
    assert second.key == first.key + "-2"
    assert third.key == first.key + "-3"
    assert repeated_row.key == row.key + "-2"
    assert repeated_row.sibling == row.sibling + "-2"


def test_positions_count_cards_across_the_whole_guide_without_gaps():
    guide = parse_guide(
        DOMAIN_TOP
        + '"One" → 1.\n"Two" → 2.\n'
        + "Domain 2 Overview\nSecure applications. More.\n⚡ 26% of scored contentAuth Things\n"
        + "Description.\n- Skill\n"
        + '"Three" → 3.\n'
    )

    assert [(c.prompt, c.position) for c in guide.cards()] == [("One", 0), ("Two", 1), ("Three", 2)]
    assert guide.domains[1].sections[0].cards[0].position == 2
