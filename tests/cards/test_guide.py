"""The study-guide parser: each quirk of the seed on a small sample, the whole seed, Markdown."""

import hashlib
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.guide import (
    KINDS,
    VERDICTS,
    GuideError,
    ParsedCard,
    ParsedGuide,
    parse_document,
    parse_guide,
    parse_markdown_guide,
)

# The committed copy of ../shared/seed/aws-dva-c02-study-guide.txt, so a bare clone tests too.
SEED = Path(__file__).resolve().parents[2] / "fixtures/sources/aws-dva-c02.txt"

# The top of a seed-shaped domain: overview, weight line with the first task statement glued
# on, its description and a skill. Samples below append their lines to it.
DOMAIN_TOP = """\
Domain 1 Overview
Develop, test, and maintain applications on AWS. Covers architectural patterns.
⚡ 32% of scored content — Highest weighted domainDevelop Code for Applications Hosted on AWS
Architectural patterns, SDK usage, API design.
- Describe architectural patterns
"""


def seed_guide(body: str) -> ParsedGuide:
    return parse_guide(DOMAIN_TOP + body)


def only(cards: list[ParsedCard], kind: str) -> list[ParsedCard]:
    return [card for card in cards if card.kind == kind]


def by_prompt(guide: ParsedGuide) -> dict[str, ParsedCard]:
    return {card.prompt: card for card in guide.cards()}


# --- Domains and sections in the seed's shape -----------------------------------------------


def test_domain_title_is_the_overviews_first_sentence_and_weight_comes_from_weight_line():
    guide = seed_guide("")

    (domain,) = guide.domains
    assert (domain.number, domain.title, domain.weight) == (
        1,
        "Develop, test, and maintain applications on AWS",
        32,
    )


def test_section_title_glued_to_weight_tagline_starts_the_first_section():
    guide = seed_guide("")

    assert [s.title for s in guide.domains[0].sections] == [
        "Develop Code for Applications Hosted on AWS"
    ]


def test_section_title_glued_to_weight_without_separator_starts_the_first_section():
    guide = parse_guide(
        "Domain 2 Overview\n"
        "Secure applications and data on AWS. Covers authentication.\n"
        "⚡ 26% of scored contentImplement Authentication and/or Authorization\n"
        "IAM roles, Cognito User & Identity Pools.\n"
        "- Use an identity provider\n"
    )

    (domain,) = guide.domains
    assert (domain.number, domain.weight) == (2, 26)
    assert [s.title for s in domain.sections] == ["Implement Authentication and/or Authorization"]


def test_short_title_then_description_then_skills_list_starts_a_section():
    guide = seed_guide(
        "Common traps:\n"
        '- "Caching is free" — FALSE; it costs.\n'
        "Develop Code for AWS Lambda\n"
        "Lambda fundamentals, configuration, event sources.\n"
        "- Describe access to private resources\n"
        "Lambda is the core of serverless development.\n"
        '"Share common library" → Lambda Layer.\n'
    )

    sections = guide.domains[0].sections
    assert [(s.position, s.title) for s in sections] == [
        (1, "Develop Code for Applications Hosted on AWS"),
        (2, "Develop Code for AWS Lambda"),
    ]
    assert [c.prompt for c in sections[0].cards] == ["Caching is free"]
    assert [c.prompt for c in sections[1].cards] == ["Share common library"]


def test_short_line_not_followed_by_description_and_skills_is_not_a_section():
    guide = seed_guide("Auth Choice\n| A | B |\n|---|---|\n| x | y |\nShort Note\n- a bullet\n")

    assert len(guide.domains[0].sections) == 1


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


# --- Lines broken where inline code was stripped -------------------------------------------


def test_list_item_broken_at_inline_code_is_joined_back_with_glued_items_kept():
    # Prose lines make no cards, so the joining is checked on the helper itself.
    from cards.guide import _join_broken_lines

    lines = _join_broken_lines(
        [
            "- 1. Explicit in code — hardcoded",
            "- 2. Environment variables —",
            "AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY - 3. AWS credentials file —",
            "~/.aws/credentials(default profile) - 4. AWS config file —",
            "~/.aws/config - 5. Container credentials — ECS task role",
            "- Decryption: Call",
            "Decryptwith the encrypted DEK → get plaintext DEK → decrypt data locally",
            "The exam tests your ability to choose the right pattern.",
        ]
    )

    assert [(line.number, line.text) for line in lines] == [
        (1, "- 1. Explicit in code — hardcoded"),
        (
            2,
            "- 2. Environment variables — AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY - 3. AWS "
            "credentials file — ~/.aws/credentials(default profile) - 4. AWS config file — "
            "~/.aws/config - 5. Container credentials — ECS task role",
        ),
        (
            6,
            "- Decryption: Call Decryptwith the encrypted DEK → get plaintext DEK → decrypt data"
            " locally",
        ),
        (8, "The exam tests your ability to choose the right pattern."),
    ]


def test_trap_item_continuing_on_the_next_line_keeps_its_whole_explanation():
    guide = seed_guide(
        "Common traps:\n"
        '- "Lambda always writes logs to CloudWatch automatically" — TRUE only if the execution'
        " role has\n"
        "logs:CreateLogGroup,logs:CreateLogStream, andlogs:PutLogEventspermissions.\n"
        "X-Ray provides end-to-end distributed tracing.\n"
    )

    (trap,) = guide.cards()
    assert trap.explanation == (
        "TRUE only if the execution role has logs:CreateLogGroup,logs:CreateLogStream, "
        "andlogs:PutLogEventspermissions."
    )


def test_paragraph_after_a_trap_item_is_not_joined_to_it():
    guide = seed_guide(
        "Common traps:\n"
        '- "Caching is free" — FALSE; API Gateway caching is an additional charge\n'
        "Understanding when to use SQS vs SNS is a core skill.\n"
    )

    (trap,) = guide.cards()
    assert trap.explanation == "API Gateway caching is an additional charge"


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


# --- Documents that are not a guide ---------------------------------------------------------


def test_document_without_a_domain_is_an_error():
    with pytest.raises(GuideError) as error:
        parse_guide("Just some notes.\n- a bullet\n")

    assert error.value.line == 1
    assert "no 'Domain N Overview'" in error.value.message


def test_domain_without_its_weight_line_is_an_error():
    with pytest.raises(GuideError) as error:
        parse_guide("Domain 3 Overview\nPackage and deploy.\nPrepare Artifacts\nDescription.\n")

    assert error.value.line == 3
    assert error.value.message == "Domain 3 has no 'NN% of scored content' weight line"


def test_card_before_any_section_is_an_error():
    with pytest.raises(GuideError) as error:
        parse_guide(
            "Domain 1 Overview\nDevelop things.\n⚡ 32% of scored content\n"
            "| A | B |\n|---|---|\n| r | 1 |\n"
        )

    assert error.value.line == 6
    assert error.value.message == "card comes before any section"


def test_guide_error_names_the_line_and_is_a_value_error():
    error = GuideError(12, "something is wrong")

    assert isinstance(error, ValueError)
    assert str(error) == "line 12: something is wrong"
    assert (error.line, error.message) == (12, "something is wrong")


# --- The whole seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ParsedGuide:
    return parse_guide(SEED.read_text(encoding="utf-8"))


def section_of(guide: ParsedGuide, prompt: str) -> tuple[int, str]:
    (found,) = [
        (domain.number, section.title)
        for domain in guide.domains
        for section in domain.sections
        for card in section.cards
        if card.prompt == prompt
    ]
    return found


def test_seed_has_four_domains_with_their_weights_and_titles(seed):
    assert [(d.number, d.weight, d.title) for d in seed.domains] == [
        (1, 32, "Develop, test, and maintain applications on AWS"),
        (2, 26, "Secure applications and data on AWS"),
        (3, 24, "Package, deploy, and automate the release of AWS applications"),
        (4, 18, "Debug, monitor, and optimize AWS applications"),
    ]


def test_seed_has_the_thirteen_task_statements_as_sections(seed):
    assert {d.number: [(s.position, s.title) for s in d.sections] for d in seed.domains} == {
        1: [
            (1, "Develop Code for Applications Hosted on AWS"),
            (2, "Develop Code for AWS Lambda"),
            (3, "Use Data Stores in Application Development"),
        ],
        2: [
            (1, "Implement Authentication and/or Authorization"),
            (2, "Implement Encryption by Using AWS Services"),
            (3, "Manage Sensitive Data in Application Code"),
        ],
        3: [
            (1, "Prepare Application Artifacts to be Deployed to AWS"),
            (2, "Test Applications in Development Environments"),
            (3, "Automate Deployment Testing"),
            (4, "Deploy Code by Using AWS CI/CD Services"),
        ],
        4: [
            (1, "Assist in a Root Cause Analysis"),
            (2, "Instrument Code for Observability"),
            (3, "Optimize Applications by Using AWS Services and Features"),
        ],
    }


def test_seed_card_counts_per_kind_and_per_domain(seed):
    cards = seed.cards()
    assert len(only(cards, "trap")) == 75
    assert len(only(cards, "scenario")) == 71
    assert len(only(cards, "table")) == 446
    assert len(cards) == 592
    per_domain = {d.number: sum(len(s.cards) for s in d.sections) for d in seed.domains}
    assert per_domain == {1: 265, 2: 116, 3: 93, 4: 118}


def test_seed_has_48_tables_with_210_rows_and_a_card_per_non_empty_cell(seed):
    table_cards = only(seed.cards(), "table")
    # A table is a run of cards under one header (no two adjacent seed tables share a header);
    # a row is a sibling group.
    tables = [header for header, _ in itertools.groupby(table_cards, lambda c: c.table_header)]
    rows = {card.sibling: card.table_row for card in table_cards}
    assert len(tables) == 48
    assert len(rows) == 210
    non_empty_cells = sum(1 for row in rows.values() for cell in row[1:] if cell)
    assert len(table_cards) == non_empty_cells == 446


SEED_TRAPS = [
    ("Microservices are always better than monolithic", "FALSE"),
    ("Lambda functions are stateful within their execution", "PARTIALLY TRUE"),
    ("Choreography is better than orchestration because it's", "CONTEXT-DEPENDENT"),
    ("SDK retries all errors automatically", "FALSE"),
    ("Presigned URLs can be used to grant permanent access to S3", "FALSE"),
    ("Environment variable credentials override instance profile", "TRUE"),
    ("API Keys authenticate and authorize users", "FALSE"),
    ("HTTP API supports caching and WAF integration", "FALSE"),
    ("Caching is free", "FALSE"),
    ("SQS Standard guarantees at-most-once delivery", "FALSE"),
    ("If a Lambda function fails to process an SQS message, the", "FALSE"),
    ("SNS stores messages if a subscriber is unavailable", "FALSE"),
    ("Kinesis Firehose delivers data in real-time with sub-second", "FALSE"),
    ("Adding more shards to KDS increases read throughput for all", "FALSE"),
    ("Lambda timeout is 15 minutes by default", "FALSE"),
    ("Increasing Lambda memory only helps memory-bound functions", "FALSE"),
    ("Global variables persist indefinitely between invocations", "FALSE"),
    ("Reserved Concurrency eliminates cold starts", "FALSE"),
    ("S3 event notifications invoke Lambda synchronously", "FALSE"),
    ("SQS FIFO queues support exactly-once Lambda processing", "PARTIALLY TRUE"),
    ("DLQ works for all Lambda invocation types", "FALSE"),
    ("Lambda automatically retries synchronous invocations", "FALSE"),
    ("Putting Lambda in a public subnet gives it internet access", "FALSE"),
    ("Lambda can have unlimited layers", "FALSE"),
    ("Lambda environment variables are always secure", "PARTIALLY TRUE"),
    ("GSIs support strongly consistent reads", "FALSE"),
    ("You can add an LSI to an existing table", "FALSE"),
    ("DynamoDB automatically distributes data evenly across", "PARTIALLY TRUE"),
    ("Scan with FilterExpression only reads filtered items", "FALSE"),
    ("DAX works for all DynamoDB operations including Scan and", "FALSE"),
    ("S3 is eventually consistent for new PUTs", "FALSE"),
    ("Multipart upload can be used for objects less than 5 MB", "PARTIALLY TRUE"),
    ("S3 event notifications can trigger multiple Lambda", "FALSE"),
    ("Memcached supports HA with primary-replica failover", "FALSE"),
    ("DAX and ElastiCache serve the same purpose", "FALSE"),
    ("A Lambda function with an execution role can call any AWS", "FALSE"),
    ("IAM permissions boundaries grant additional permissions", "FALSE"),
    ("ECS task role and EC2 instance role are the same concept", "PARTIALLY TRUE"),
    ("Cognito User Pool tokens grant direct access to AWS", "FALSE"),
    ("Identity Pools require Cognito User Pools as the IdP", "FALSE"),
    ("Lambda authorizer is called for every API request", "FALSE"),
    ("API Keys provide strong security authentication", "FALSE"),
    ("AWS Managed Keys can be disabled or deleted by the customer", "FALSE"),
    ("KMS automatic rotation changes the Key ID", "FALSE"),
    ("Imported key material supports automatic rotation", "FALSE"),
    ("SSE-KMS means AWS cannot read your data", "FALSE"),
    ("ACM certificates can be used in any region for CloudFront", "FALSE"),
    ("SSM Parameter Store SecureString auto-rotates", "FALSE"),
    ("Storing secrets in Lambda environment variables is secure", "PARTIALLY TRUE"),
    ("SAM is a completely separate service from CloudFormation", "FALSE"),
    ("sam local invoke tests the same environment as AWS Lambda", "FALSE"),
    ("CloudFormation can import existing resources into a stack", "TRUE"),
    ("!ImportValue creates a hard dependency", "TRUE"),
    ("Updating an alias to point to a new version causes downtime", "FALSE"),
    ("$LATEST is a publishable version", "FALSE"),
    ("Lambda aliases can point to another alias", "FALSE"),
    ("CodePipeline can only use CodeCommit as source", "FALSE"),
    ("CodeBuild replaces CodeDeploy", "FALSE"),
    ("Rolling deployment maintains 100% capacity", "FALSE"),
    ("Blue/Green deployment is always cheaper than rolling", "FALSE"),
    ("CloudWatch Logs Insights queries run in real-time as logs", "FALSE"),
    ("Lambda always writes logs to CloudWatch automatically", "PARTIALLY TRUE"),
    ("X-Ray traces every single request by default", "FALSE"),
    ("X-Ray metadata is searchable in the console like annotations", "FALSE"),
    ("X-Ray is enabled automatically on Lambda functions", "FALSE"),
    ("An alarm in INSUFFICIENT_DATA state means something is wrong", "FALSE"),
    ("CloudWatch custom metrics are retained indefinitely", "FALSE"),
    ("Setting reserved concurrency to 0 disables the function", "TRUE"),
    ("Provisioned concurrency guarantees no throttling", "FALSE"),
    ("Lambda always scales to handle any load instantly", "FALSE"),
    ("CloudFront caches POST requests", "FALSE"),
    ("Adding more headers to the CloudFront cache key improves", "FALSE"),
    ("SNS filter policies are applied at the publisher", "FALSE"),
    ("Long polling always returns messages faster", "FALSE"),
    ("Increasing Lambda memory always reduces cost", "FALSE"),
]


def test_seed_trap_list_is_complete(seed):
    assert len(SEED_TRAPS) == len(only(seed.cards(), "trap"))


@pytest.mark.parametrize(("statement_prefix", "verdict"), SEED_TRAPS)
def test_seed_trap_verdict(seed, statement_prefix, verdict):
    (trap,) = [c for c in only(seed.cards(), "trap") if c.prompt.startswith(statement_prefix)]
    assert trap.verdict == trap.answer == verdict


# A few cards of every domain, by the section they appear under in the seed.
SEED_SECTION_SAMPLES = {
    (1, "Develop Code for Applications Hosted on AWS"): [
        "Microservices are always better than monolithic",
        "Feature: Cost — HTTP API?",
        "Long-running multi-step workflow",
    ],
    (1, "Develop Code for AWS Lambda"): [
        "Lambda timeout is 15 minutes by default",
        "Share common library across 10 Lambda functions",
    ],
    (1, "Use Data Stores in Application Development"): [
        "Partition Key — GSI (Global Secondary Index)?",
        "DAX and ElastiCache serve the same purpose",
    ],
    (2, "Implement Authentication and/or Authorization"): [
        "API: AssumeRole — Use Case?",
        "Lambda authorizer is called for every API request",
    ],
    (2, "Implement Encryption by Using AWS Services"): [
        "KMS automatic rotation changes the Key ID"
    ],
    (2, "Manage Sensitive Data in Application Code"): ["Scan S3 for PII/PHI"],
    (3, "Prepare Application Artifacts to be Deployed to AWS"): [
        "!ImportValue creates a hard dependency",
        "Function: !Ref — Example?",
    ],
    (3, "Test Applications in Development Environments"): [
        "Frontend team needs API without backend"
    ],
    (3, "Automate Deployment Testing"): ["Lambda aliases can point to another alias"],
    (3, "Deploy Code by Using AWS CI/CD Services"): ["CodeBuild replaces CodeDeploy"],
    (4, "Assist in a Root Cause Analysis"): ["X-Ray traces every single request by default"],
    (4, "Instrument Code for Observability"): [
        "CloudWatch custom metrics are retained indefinitely"
    ],
    (4, "Optimize Applications by Using AWS Services and Features"): [
        "Symptom: High Lambda duration — Fix?",
        "Increasing Lambda memory always reduces cost",
    ],
}


@pytest.mark.parametrize(
    ("prompt", "where"),
    [(prompt, where) for where, prompts in SEED_SECTION_SAMPLES.items() for prompt in prompts],
)
def test_seed_card_sits_in_the_section_it_appears_under(seed, prompt, where):
    assert section_of(seed, prompt) == where


def test_seed_keys_are_unique_and_positions_run_from_zero_without_gaps(seed):
    cards = seed.cards()
    assert len({c.key for c in cards}) == len(cards)
    assert [c.position for c in cards] == list(range(len(cards)))


def test_seed_cards_use_only_the_known_kinds_and_verdicts(seed):
    cards = seed.cards()
    assert {c.kind for c in cards} == set(KINDS)
    assert {c.verdict for c in only(cards, "trap")} == set(VERDICTS)
    assert {c.verdict for c in cards if c.kind != "trap"} == {""}


def test_seed_parses_the_same_every_time(seed):
    again = parse_guide(SEED.read_text(encoding="utf-8"))

    assert again == seed
    assert [c.key for c in again.cards()] == [c.key for c in seed.cards()]


def test_parse_document_reads_the_seed_in_its_own_shape(seed):
    assert parse_document(SEED.read_text(encoding="utf-8")) == seed


# --- Hand-written Markdown guides -----------------------------------------------------------

MARKDOWN_GUIDE = """\
Notes before the first domain are prose.

# Domain 1: Develop Code for Applications (32%)

## Messaging

SQS is pulled, SNS is pushed. Prose like this is ignored.

| | SQS | SNS |
|---|---|---|
| Model | Pull | Push |
| Ordering | FIFO queues only | |

Common traps:

- "SQS pushes messages to consumers" — FALSE; consumers poll the queue.
- "SNS keeps messages until a subscriber is back" — FALSE without a queue subscribed.
  SNS is fire-and-forget.

"Decouple producer from consumer" → SQS. "One event, many consumers" → SNS fanout.

```text
# a comment in code, not a heading
"not a cue" → in code
```

## Lambda

- A bullet is prose, and so is an unquoted arrow: timeout → 15 min max.

# Domain 2: Security (26%)

## Encryption

| Method | Key Management |
|---|---|
| SSE-C | Customer provides key |
"""


def test_markdown_guide_gives_domains_sections_and_cards():
    guide = parse_markdown_guide(MARKDOWN_GUIDE)

    assert [(d.number, d.title, d.weight) for d in guide.domains] == [
        (1, "Develop Code for Applications", 32),
        (2, "Security", 26),
    ]
    assert [[(s.position, s.title) for s in d.sections] for d in guide.domains] == [
        [(1, "Messaging"), (2, "Lambda")],
        [(1, "Encryption")],
    ]
    cards = guide.cards()
    assert [(c.kind, c.prompt, c.answer) for c in cards] == [
        ("table", "Model — SQS?", "Pull"),
        ("table", "Model — SNS?", "Push"),
        ("table", "Ordering — SQS?", "FIFO queues only"),
        ("trap", "SQS pushes messages to consumers", "FALSE"),
        ("trap", "SNS keeps messages until a subscriber is back", "FALSE"),
        ("scenario", "Decouple producer from consumer", "SQS"),
        ("scenario", "One event, many consumers", "SNS fanout"),
        ("table", "Method: SSE-C — Key Management?", "Customer provides key"),
    ]
    assert [c.position for c in cards] == list(range(8))
    assert guide.domains[0].sections[1].cards == ()


def test_markdown_cards_carry_table_rows_explanations_and_sources():
    cards = parse_markdown_guide(MARKDOWN_GUIDE).cards()

    assert cards[0].table_header == ("", "SQS", "SNS")
    assert cards[0].table_row == ("Model", "Pull", "Push")
    assert cards[0].sibling == cards[1].sibling != cards[2].sibling
    assert cards[0].source == "| Model | Pull | Push |"
    assert cards[3].explanation == "consumers poll the queue."
    assert cards[4].explanation == ("FALSE without a queue subscribed. SNS is fire-and-forget.")
    assert cards[5].source == (
        '"Decouple producer from consumer" → SQS. "One event, many consumers" → SNS fanout.'
    )


def test_markdown_and_seed_shapes_give_the_same_keys_for_the_same_cards():
    seed_shaped = seed_guide(
        '"Decouple producer from consumer" → SQS.\n'
        "Common traps:\n"
        '- "SQS pushes messages to consumers" — FALSE; consumers poll the queue.\n'
    )
    markdown = parse_markdown_guide(MARKDOWN_GUIDE)

    markdown_keys = {c.prompt: c.key for c in markdown.cards()}
    for card in seed_shaped.cards():
        assert markdown_keys[card.prompt] == card.key


def test_parse_document_picks_markdown_when_there_is_a_domain_heading():
    assert parse_document(MARKDOWN_GUIDE) == parse_markdown_guide(MARKDOWN_GUIDE)
    assert parse_document(DOMAIN_TOP) == parse_guide(DOMAIN_TOP)


def test_markdown_parses_the_same_every_time():
    assert parse_markdown_guide(MARKDOWN_GUIDE) == parse_markdown_guide(MARKDOWN_GUIDE)


TOP = "# Domain 1: Develop (32%)\n## Messaging\n"  # lines 1 and 2


@pytest.mark.parametrize(
    ("document", "line", "problem"),
    [
        pytest.param(TOP + "# Study notes\n", 3, "is not '# Domain N: Title", id="bad-h1"),
        pytest.param("# Domain 1: Develop\n", 1, "is not '# Domain N: Title", id="no-weight"),
        pytest.param(TOP + "### Details\n", 3, "is neither", id="h3"),
        pytest.param("# Domain 1: Develop (32%)\n##\n", 2, "is neither", id="empty-h2"),
        pytest.param("## Messaging\n", 1, "comes before any domain", id="section-first"),
        pytest.param(
            '# Domain 1: Develop (32%)\n"Decouple" → SQS\n',
            2,
            "card comes before any section",
            id="card-before-section",
        ),
        pytest.param(
            TOP + "| A | B |\n|---|---|\n| x | 1 |\n| y | 2 | 3 |\n",
            6,
            "table row has 3 cells, its header has 2",
            id="row-cells",
        ),
        pytest.param(TOP + "| A | B |\n| x | 1 |\n", 3, "|---|", id="no-separator"),
        pytest.param(
            TOP + 'Common traps:\n- "Caching is free" — FALSE; no.\n- "Maybe so" — who knows\n',
            5,
            "trap item has no recognisable verdict",
            id="no-verdict",
        ),
        pytest.param(
            TOP + "Common traps:\nNothing here.\n",
            3,
            "not followed by any trap item",
            id="empty-traps",
        ),
        pytest.param(
            "Just notes.\n", 1, "no '# Domain N: Title (NN%)' heading found", id="no-domain"
        ),
    ],
)
def test_markdown_error_names_the_line_and_the_problem(document, line, problem):
    with pytest.raises(GuideError) as error:
        parse_markdown_guide(document)

    assert error.value.line == line
    assert problem in error.value.message


# --- Any text -------------------------------------------------------------------------------

# Lines that look like pieces of a guide, broken or whole, mixed with arbitrary text.
GUIDE_LIKE_LINES = st.one_of(
    st.sampled_from(
        [
            "Domain 1 Overview",
            "Develop things. More.",
            "⚡ 32% of scored content — Tag lineTitle Here",
            "⚡ 32% of scored content",
            "Short Title",
            "A description.",
            "- a skill",
            "-",
            "| A | B |",
            "|---|---|",
            "| x | 1 |",
            "x | 1 |",
            "| | |",
            "||",
            "Common traps:",
            '- "s" — FALSE; e',
            '- "s — x"',
            '- "s"',
            '"c" → a',
            '"c" →',
            "# Domain 1: T (3%)",
            "## S",
            "#",
            "```",
            "  continued",
            "",
            "(",
            "→",
            '"',
        ]
    ),
    st.text(max_size=12),
)


@given(st.lists(GUIDE_LIKE_LINES, max_size=14).map("\n".join))
def test_any_text_gives_a_guide_or_a_guide_error(text):
    for parse in (parse_guide, parse_markdown_guide, parse_document):
        try:
            guide = parse(text)
        except GuideError:
            continue
        cards = guide.cards()
        assert parse(text) == guide
        assert len({c.key for c in cards}) == len(cards)
        assert [c.position for c in cards] == list(range(len(cards)))
