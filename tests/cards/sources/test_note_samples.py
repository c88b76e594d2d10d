"""Three realistic note files (samples/): the decks they give, card by card where it matters."""

from collections import Counter
from pathlib import Path

import pytest

from cards.sources import ParsedGuide, read_document

SAMPLES = Path(__file__).parent / "samples"


def read(name: str) -> ParsedGuide:
    return read_document(name, (SAMPLES / name).read_bytes())


def kinds(guide: ParsedGuide) -> Counter:
    return Counter(card.kind for card in guide.cards())


def card(guide: ParsedGuide, prompt: str):
    [found] = [c for c in guide.cards() if c.prompt == prompt]
    return found


def test_serverless_notes_emoji_headings_five_levels_and_an_html_table():
    guide = read("serverless-notes.md")

    assert guide.title == "☁️ DVA-C02 — my serverless notes"
    assert not guide.weighted
    assert [(d.title, d.weight, [s.title for s in d.sections]) for d in guide.domains] == [
        ("🟧 AWS Lambda", 50, ["⚙️ Configuration", "🧪 Testing & debugging"]),
        ("🟦 API Gateway", 50, ["Integration types", "Stages & deployment"]),
    ]
    assert kinds(guide) == {"table": 14, "term": 9, "scenario": 2, "question": 1}
    assert guide.warnings == ()
    # Deeper headings are context; the numbered column is not the row label; <br> is a break.
    assert card(guide, "Reserved concurrency").context == "Limits › Concurrency"
    asynchronous = card(guide, "Type: Asynchronous — Retries?")
    assert asynchronous.answer == "2 retries, then DLQ or\non-failure destination"
    assert asynchronous.context == "Invocation types"
    assert card(guide, "Type: **Synchronous** — Example trigger?").answer == (
        "API Gateway, `Invoke` with `RequestResponse`"
    )
    # Entities are decoded, formatting kept as the stored subset.
    assert card(guide, "Integration: Lambda (custom) — What API Gateway does?").answer == (
        "transforms request 'and' response"
    )
    assert card(guide, "Timeout").answer == "up to 15 minutes (default `3` s)"
    assert card(guide, "Who can invalidate the cache?").answer == (
        "A client with `Cache-Control: max-age=0` **and** the "
        "`execute-api:InvalidateCache` permission"
    )


def test_security_cheatsheet_keeps_weights_spanning_labels_traps_and_skips_parallel_lists():
    guide = read("security-cheatsheet.md")

    assert guide.weighted
    assert [(d.number, d.title, d.weight) for d in guide.domains] == [
        (2, "Security", 26),
        (4, "Troubleshooting and Optimization", 18),
    ]
    assert kinds(guide) == {"table": 12, "term": 3, "scenario": 2, "trap": 2, "question": 1}
    assert guide.warnings == (
        "line 40: a table whose columns are separate lists (their lengths differ and no column "
        "names the rows) gives no cards: skipped rather than pair unrelated cells",
    )
    hosted_ui = [c for c in guide.cards() if c.table_row[:2] == ("User pool", "Hosted UI, MFA")]
    assert len(hosted_ui) == 2  # the empty first cell took the label above it
    assert card(guide, "An explicit Allow overrides an explicit Deny").verdict == "FALSE"
    question = card(
        guide,
        "What is the difference between an identity-based and a resource-based policy?",
    )
    assert question.answer.startswith("An identity-based policy is attached to a user")
    assert question.context == "IAM policies 🔐"
    assert card(guide, "`iam:PassRole`").answer.startswith("needed to hand a role")


def test_networking_flashcards_preamble_six_levels_q_and_a_and_a_warning():
    guide = read("networking-flashcards.md")

    assert [(d.title, [s.title for s in d.sections]) for d in guide.domains] == [
        ("networking-flashcards", ["networking-flashcards"]),
        ("VPC basics", ["Subnets", "Connectivity"]),
        ("Security", ["Network ACLs vs security groups"]),
    ]
    assert kinds(guide) == {"table": 6, "scenario": 5, "term": 2, "question": 2}
    assert card(guide, "A private instance needs to download patches").answer == (
        "a NAT gateway in a public subnet"
    )
    reserved = card(guide, "How many IP addresses does AWS reserve in each subnet?")
    assert reserved.answer == "Five — the first four and the last one."
    assert reserved.context == "(tiny note) subnets never span AZs"
    assert card(guide, "Is a security group stateful?").answer.startswith("Yes: return traffic")
    assert card(guide, "Egress-only internet gateway").context == "Gateways › Internet"
    assert card(guide, "State — Network ACL?").answer == "Stateless"  # empty corner cell
    assert guide.warnings == (
        "line 48: a list of 2 items matched no card shape (Term: definition, Q:/A:, "
        "'\"cue\" → answer', 'X → Y'): lines 48, 49",
    )


@pytest.mark.parametrize(
    "name", ["serverless-notes.md", "security-cheatsheet.md", "networking-flashcards.md"]
)
def test_every_sample_gives_unique_keys_in_document_order(name):
    cards = read(name).cards()

    assert len({c.key for c in cards}) == len(cards)
    assert [c.position for c in cards] == list(range(len(cards)))
