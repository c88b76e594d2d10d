"""Pieces both guide shapes share: tables, trap items and verdicts, scenario cues."""

import hashlib

import pytest

from cards.sources import (
    GuideError,
)
from cards.sources.guide_parts import MAX_TABLE_COLUMNS
from tests.cards.sources.samples import only, seed_guide

# --- Tables -----------------------------------------------------------------------------------


def test_table_card_hides_one_cell_and_asks_with_header_row_and_column():
    guide = seed_guide(
        "| Feature | REST API | HTTP API | WebSocket API |\n"
        "|---|---|---|---|\n"
        "| Cost | Higher | ~70% cheaper | Per message/connection |\n"
    )

    card = only(guide.cards(), "table")[1]
    assert card.prompt == "Feature: Cost — HTTP API?"
    assert card.answer == "~70% cheaper"
    assert card.explanation == ""
    assert card.table_header == ("Feature", "REST API", "HTTP API", "WebSocket API")
    assert card.table_row == ("Cost", "Higher", "~70% cheaper", "Per message/connection")
    assert card.hidden_column == 2
    assert card.source == "| Cost | Higher | ~70% cheaper | Per message/connection |"
    assert card.verdict == ""


def test_one_card_per_body_cell_outside_the_first_column():
    guide = seed_guide("| A | B | C |\n|---|---|---|\n| r1 | 1 | 2 |\n| r2 | 3 | 4 |\n")

    cards = only(guide.cards(), "table")
    assert [(c.table_row[0], c.hidden_column, c.answer) for c in cards] == [
        ("r1", 1, "1"),
        ("r1", 2, "2"),
        ("r2", 1, "3"),
        ("r2", 2, "4"),
    ]


def test_rows_that_lost_their_leading_pipe_still_belong_to_the_table():
    guide = seed_guide(
        "| API | Use Case |\n"
        "|---|---|\n"
        "AssumeRole | Cross-account or service-to-service, Lambda assume role |\n"
        "!Ref | Reference parameter or resource |\n"
        "- Default = implicit Deny\n"
    )

    cards = only(guide.cards(), "table")
    assert [(c.prompt, c.answer) for c in cards] == [
        ("API: AssumeRole — Use Case?", "Cross-account or service-to-service, Lambda assume role"),
        ("API: !Ref — Use Case?", "Reference parameter or resource"),
    ]


def test_a_table_can_start_on_the_line_after_the_previous_tables_last_row():
    guide = seed_guide(
        "| Pattern | Best For |\n"
        "|---|---|\n"
        "| Fanout | Parallel processing |\n"
        "| Synchronous | Asynchronous |\n"
        "|---|---|\n"
        "| Caller waits | Caller continues |\n"
    )

    cards = only(guide.cards(), "table")
    assert [(c.table_header, c.table_row) for c in cards] == [
        (("Pattern", "Best For"), ("Fanout", "Parallel processing")),
        (("Synchronous", "Asynchronous"), ("Caller waits", "Caller continues")),
    ]


def test_comparison_header_that_lost_its_blank_corner_is_shifted_over_its_columns():
    guide = seed_guide(
        "| Choreography | Orchestration | |\n"
        "|---|---|---|\n"
        "| Control | Decentralized — each service reacts | Centralized — one service directs |\n"
    )

    cards = only(guide.cards(), "table")
    assert cards[0].table_header == ("", "Choreography", "Orchestration")
    assert [(c.prompt, c.answer) for c in cards] == [
        ("Control — Choreography?", "Decentralized — each service reacts"),
        ("Control — Orchestration?", "Centralized — one service directs"),
    ]


def test_empty_cell_gets_no_card():
    guide = seed_guide("| Type | Sync | Async |\n|---|---|---|\n| Retries | | Up to 2 |\n")

    cards = only(guide.cards(), "table")
    assert [(c.hidden_column, c.answer) for c in cards] == [(2, "Up to 2")]
    assert cards[0].table_row == ("Retries", "", "Up to 2")


def test_cards_of_one_row_share_a_sibling_and_other_rows_have_their_own():
    guide = seed_guide("| A | B | C |\n|---|---|---|\n| r1 | 1 | 2 |\n| r2 | 3 | 4 |\n")

    first, second, third, fourth = only(guide.cards(), "table")
    assert first.sibling == second.sibling
    assert third.sibling == fourth.sibling
    assert first.sibling != third.sibling
    expected = "row-" + hashlib.sha1(b"a|b|c|r1").hexdigest()[:10]
    assert first.sibling == expected


def test_table_row_with_wrong_number_of_cells_is_an_error():
    with pytest.raises(GuideError) as error:
        seed_guide("| A | B | C |\n|---|---|---|\n| r1 | 1 | 2 |\n| r2 | 3 |\n")

    assert error.value.line == 9
    assert "2 cells" in error.value.message


def _table_of(columns: int) -> str:
    return "| x " * columns + "|\n" + "|---" * columns + "|\n" + "| 1 " * columns + "|\n"


def test_table_wider_than_a_card_can_show_is_an_error():
    # Each card of a row carries the whole row: a row of k cells would cost k times its length.
    columns = MAX_TABLE_COLUMNS + 1
    with pytest.raises(GuideError) as error:
        seed_guide(_table_of(columns))

    assert error.value.line == 6
    assert error.value.message == (
        f"table has {columns} columns; a table card shows its whole row, "
        f"so at most {MAX_TABLE_COLUMNS} are allowed"
    )


def test_table_as_wide_as_allowed_gives_a_card_per_cell():
    guide = seed_guide(_table_of(MAX_TABLE_COLUMNS))

    assert len(guide.cards()) == MAX_TABLE_COLUMNS - 1


# --- Trap items -----------------------------------------------------------------------------


def test_trap_card_asks_the_statement_and_answers_with_the_verdict():
    guide = seed_guide(
        "Common traps:\n"
        '- "Microservices are always better than monolithic" — FALSE; microservices add'
        " operational complexity.\n"
    )

    (trap,) = guide.cards()
    assert trap.kind == "trap"
    assert trap.prompt == "Microservices are always better than monolithic"
    assert (trap.answer, trap.verdict) == ("FALSE", "FALSE")
    assert trap.explanation == "microservices add operational complexity."
    assert trap.source == (
        '"Microservices are always better than monolithic" — FALSE; microservices add'
        " operational complexity."
    )
    assert (trap.sibling, trap.table_header, trap.table_row, trap.hidden_column) == (
        "",
        (),
        (),
        None,
    )


def test_trap_items_glued_onto_one_line_are_separate_cards():
    guide = seed_guide(
        "Common traps:\n"
        '- "If a Lambda function fails to process an SQS message, the message is automatically'
        ' sent to DLQ" — FALSE; it goes to DLQ only after\n'
        'maxReceiveCountfailures. The message is retried first. - "SNS stores messages if a'
        ' subscriber is unavailable" — FALSE; SNS is fire-and-forget.\n'
    )

    first, second = guide.cards()
    assert first.prompt.startswith("If a Lambda function fails")
    assert first.explanation == (
        "it goes to DLQ only after maxReceiveCountfailures. The message is retried first."
    )
    assert second.prompt == "SNS stores messages if a subscriber is unavailable"
    assert (second.verdict, second.explanation) == ("FALSE", "SNS is fire-and-forget.")


def test_verdict_inside_the_quotes_makes_a_true_statement_with_its_explanation():
    guide = seed_guide(
        "Common traps:\n"
        '- "!ImportValue creates a hard dependency — if the exporting stack tries to delete the'
        ' exported Output, it will fail until all importing stacks are deleted first."\n'
    )

    (trap,) = guide.cards()
    assert trap.prompt == "!ImportValue creates a hard dependency"
    assert trap.verdict == "TRUE"
    assert trap.explanation == (
        "if the exporting stack tries to delete the exported Output, it will fail until all "
        "importing stacks are deleted first."
    )


@pytest.mark.parametrize(
    ("after_the_dash", "verdict", "explanation"),
    [
        ("FALSE; only retryable errors.", "FALSE", "only retryable errors."),
        ("TRUE; checked earlier in the chain.", "TRUE", "checked earlier in the chain."),
        ("PARTIALLY TRUE; context is reused.", "PARTIALLY TRUE", "context is reused."),
        ("CONTEXT-DEPENDENT; it depends.", "CONTEXT-DEPENDENT", "it depends."),
        ("PARTIALLY; env vars are encrypted.", "PARTIALLY TRUE", "env vars are encrypted."),
        (
            "TRUE only if your partition key has high cardinality.",
            "PARTIALLY TRUE",
            "TRUE only if your partition key has high cardinality.",
        ),
        (
            "technically possible but not meaningful. Parts must be 5 MB.",
            "PARTIALLY TRUE",
            "technically possible but not meaningful. Parts must be 5 MB.",
        ),
        (
            "conceptually similar but different configuration.",
            "PARTIALLY TRUE",
            "conceptually similar but different configuration.",
        ),
        (
            "FALSE without Enhanced Fan-Out. Reads are shared.",
            "FALSE",
            "FALSE without Enhanced Fan-Out. Reads are shared.",
        ),
        (
            "FALSE when caching is enabled. The policy is cached.",
            "FALSE",
            "FALSE when caching is enabled. The policy is cached.",
        ),
        (
            "FALSE (post-2020); S3 is strongly consistent.",
            "FALSE",
            "FALSE (post-2020); S3 is strongly consistent.",
        ),
        (
            "TRUE — this is actually a useful technique.",
            "TRUE",
            "this is actually a useful technique.",
        ),
        (
            "TRUE via Resource Import, but only for supported resource types.",
            "TRUE",
            "TRUE via Resource Import, but only for supported resource types.",
        ),
    ],
)
def test_verdicts_normalise_to_the_four_values_keeping_qualified_wording(
    after_the_dash, verdict, explanation
):
    guide = seed_guide(f'Common traps:\n- "Some statement" — {after_the_dash}\n')

    (trap,) = guide.cards()
    assert (trap.verdict, trap.answer, trap.explanation) == (verdict, verdict, explanation)


def test_trap_item_without_a_recognisable_verdict_is_an_error():
    with pytest.raises(GuideError) as error:
        seed_guide('Common traps:\n- "Caching is free" — FALSE; costs.\n- "Maybe so" — perhaps.\n')

    assert error.value.line == 8
    assert str(error.value).startswith("line 8: trap item has no recognisable verdict")


def test_common_traps_without_items_is_an_error():
    with pytest.raises(GuideError) as error:
        seed_guide("Common traps:\nThe exam tests this.\n")

    assert error.value.line == 6


# --- Scenario cues --------------------------------------------------------------------------


def test_several_scenario_cues_on_one_line_each_become_a_card():
    line = (
        '"Long-running multi-step workflow" → Step Functions Standard. "Multiple services react'
        ' to same event" → SNS fanout to SQS. "Decouple producer from consumer" → SQS.'
    )
    guide = seed_guide(line + "\n")

    cards = guide.cards()
    assert [(c.kind, c.prompt, c.answer) for c in cards] == [
        ("scenario", "Long-running multi-step workflow", "Step Functions Standard"),
        ("scenario", "Multiple services react to same event", "SNS fanout to SQS"),
        ("scenario", "Decouple producer from consumer", "SQS"),
    ]
    assert {c.source for c in cards} == {line}
    assert {c.explanation for c in cards} == {""}


def test_scenario_answer_runs_to_the_next_cue_and_keeps_an_abbreviations_period():
    guide = seed_guide(
        '"Multi-tenant app" → Partition key = tenantId. Use IAM conditions. "Route events" →'
        " EventBridge, SNS, etc.\n"
    )

    assert [c.answer for c in guide.cards()] == [
        "Partition key = tenantId. Use IAM conditions",
        "EventBridge, SNS, etc.",
    ]


def test_unquoted_arrows_and_quotes_without_arrows_are_not_cues():
    guide = seed_guide(
        "Never hardcode credentials. On EC2 → use IAM Role. On Lambda → use execution role.\n"
        "Auth choice: Mobile/web app users → Cognito User Pool.\n"
        'Need both for "login with Google then upload to S3."\n'
        "| Pattern | Description |\n|---|---|\n| Fanout | One publisher → multiple subscribers |\n"
        'Java cold starts → use SnapStart. "Function needs more CPU" → increase memory.\n'
    )

    assert [(c.kind, c.prompt) for c in guide.cards()] == [
        ("table", "Pattern: Fanout — Description?"),
        ("scenario", "Function needs more CPU"),
    ]
