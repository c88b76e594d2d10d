"""The seed's text-dump reader: domains and sections, broken lines, non-guides."""

import pytest

from cards.sources import (
    GuideError,
    parse_guide,
)
from tests.cards.sources.samples import seed_guide

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


# --- Lines broken where inline code was stripped -------------------------------------------


def test_list_item_broken_at_inline_code_is_joined_back_with_glued_items_kept():
    # Prose lines make no cards, so the joining is checked on the helper itself.
    from cards.sources.seed_text import _join_broken_lines

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


def test_domain_number_too_large_to_be_one_is_an_error():
    # Python refuses to convert 4,300+ digits: that ValueError must not escape as itself.
    with pytest.raises(GuideError) as error:
        parse_guide(
            "Domain " + "9" * 5000 + " Overview\nDevelop things.\n⚡ 32% of scored content\n"
        )

    assert error.value.line == 1
    assert error.value.message.startswith("domain number '99999")
    assert error.value.message.endswith("…' is too large")


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


# --- What a table is about --------------------------------------------------------------------


def test_a_pages_opening_sentence_names_the_subject_of_its_tables_until_its_traps():
    guide = seed_guide(
        "DynamoDB is a fully managed NoSQL database. The exam tests it.\n"
        "| Key Type | Uniqueness |\n|---|---|\n| Simple | PK unique |\n"
        "- A list item in between\n"
        "| | Query | Scan |\n|---|---|---|\n| Cost | Low | High |\n"
        'Common traps:\n- "Scans are cheap" — FALSE; they read everything.\n'
        "| Feature | Redis |\n|---|---|\n| Pub/Sub | Yes |\n"
    )

    subjects = [c.table_subject for c in guide.cards() if c.kind == "table"]
    assert subjects == ["DynamoDB", "DynamoDB", "DynamoDB", ""]


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Understanding when to use SQS vs SNS is a core skill.", "SQS vs SNS"),
        (
            "Choosing between Secrets Manager and Parameter Store is common.",
            "Secrets Manager and Parameter Store",
        ),
        ("Caching at the right layer dramatically reduces latency.", "Caching at the right layer"),
        ("X-Ray provides end-to-end tracing.", "X-Ray"),
        ("An order event is published to an SNS topic.", ""),
        ("The DVA-C02 exam tests your ability to choose.", ""),
        ("Developers interact with IAM through roles.", ""),
    ],
)
def test_only_a_sentence_that_states_what_something_is_introduces_a_subject(sentence, subject):
    guide = seed_guide(f"{sentence}\n| Feature | SQS |\n|---|---|\n| Model | Pull |\n")

    assert guide.cards()[0].table_subject == subject
