"""The whole committed seed, read by the text-dump reader."""

import itertools

import pytest

from cards.sources import (
    KINDS,
    VERDICTS,
    ParsedGuide,
    parse_document,
    parse_guide,
)
from tests.cards.sources.samples import SEED, only

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
    assert {c.kind for c in cards} == {"trap", "table", "scenario"} & set(KINDS)
    assert {c.verdict for c in only(cards, "trap")} == set(VERDICTS)
    assert {c.verdict for c in cards if c.kind != "trap"} == {""}


def test_seed_parses_the_same_every_time(seed):
    again = parse_guide(SEED.read_text(encoding="utf-8"))

    assert again == seed
    assert [c.key for c in again.cards()] == [c.key for c in seed.cards()]


def test_parse_document_reads_the_seed_in_its_own_shape(seed):
    assert parse_document(SEED.read_text(encoding="utf-8")) == seed
