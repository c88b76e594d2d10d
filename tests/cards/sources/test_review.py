"""The generator's quality pass over the whole seed: subjects, clean text, flags, coverage."""

import re

import pytest

from cards.sources import ParsedGuide, parse_guide
from cards.sources.guide_parts import split_cells
from cards.sources.quality import DROPPING
from cards.sources.review import review_guide
from tests.cards.sources.samples import SEED, seed_guide


@pytest.fixture(scope="module")
def raw() -> ParsedGuide:
    return parse_guide(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reviewed(raw) -> ParsedGuide:
    return review_guide(raw)


def by_key(guide: ParsedGuide) -> dict:
    return {card.key: card for card in guide.cards()}


def test_the_pass_keeps_every_card_and_its_key_place_and_order(raw, reviewed):
    assert [c.key for c in reviewed.cards()] == [c.key for c in raw.cards()]
    assert [(c.position, c.sibling) for c in reviewed.cards()] == [
        (c.position, c.sibling) for c in raw.cards()
    ]


def test_every_table_card_names_its_subject_on_the_front_and_in_the_prompt(reviewed):
    tables = [card for card in reviewed.cards() if card.kind == "table"]

    assert all(card.table_subject for card in tables)
    assert all(card.prompt.startswith(card.table_subject + " — ") for card in tables)
    prompts = {card.prompt for card in tables}
    assert "Lambda — Latency: Cold Start?" in prompts  # the page opens "Lambda is ..."
    assert "Query vs Scan — Cost: Scan?" in prompts  # no introduction: the corner's names
    assert "Eventually Consistent vs Strongly Consistent — Latency: Eventually Consistent?" in (
        prompts
    )
    assert "API Gateway — Cost: HTTP API?" in prompts


def test_a_table_with_no_introduction_or_corner_is_about_its_section():
    guide = review_guide(seed_guide("| Feature | SQS |\n|---|---|\n| Model | Pull |\n"))

    (card,) = guide.cards()
    assert card.table_subject == "Develop Code for Applications Hosted on AWS"
    assert card.prompt == "Develop Code for Applications Hosted on AWS — Model: SQS?"


def test_no_prompt_ends_in_two_question_marks_and_no_explanation_starts_lower_case(reviewed):
    cards = reviewed.cards()

    assert not [c.prompt for c in cards if c.prompt.endswith("??")]
    assert not [c.explanation for c in cards if c.explanation[:1].islower()]
    assert "Deploy Code by Using AWS CI/CD Services — Canary: Downtime?" in {
        c.prompt for c in cards
    }


def test_the_seeds_glued_words_are_split_and_the_doubtful_one_flagged(reviewed):
    text = " ".join(c.explanation for c in reviewed.cards())

    for repaired in (
        "sam deploy creates",
        "and logs:PutLogEvents permissions",
        "maxReceiveCount failures",
        "GetFunctionConfiguration access",
        "WaitTimeSeconds for",
    ):
        assert repaired in text
    # "Arnin": "Arn in" or "Ar nin"? The guide never writes "Arn" alone, so an editor decides.
    glued = {
        card.prompt: flag.why
        for card in reviewed.cards()
        for flag in card.quality_flags
        if flag.name == "glued-words"
    }
    assert glued == {
        "ECS task role and EC2 instance role are the same concept": (
            "no safe place to split 'taskRoleArnin'"
        )
    }


def test_a_scenario_card_quotes_only_its_own_cue(reviewed):
    for card in reviewed.cards():
        if card.kind == "scenario":
            assert len(re.findall(r"[\"“][^\"“”]+[\"”]\s*→", card.source)) == 1, card.source
            assert card.prompt in card.source


def test_the_issues_give_aways_are_dropped_with_their_reasons(reviewed):
    flags = {
        card.prompt: {flag.name: flag.why for flag in card.quality_flags}
        for card in reviewed.cards()
    }

    assert flags["SQS vs SNS vs EventBridge — Message size: SNS?"] == {
        "duplicate-cell": "the hidden '256 KB' is also shown under 'SQS'"
    }
    assert flags["Manage Sensitive Data in Application Code — PCI-DSS: Regulation?"] == {
        "answer-in-prompt": "the question already says 'PCI-DSS'"
    }
    assert (
        "label-gives-answer"
        in flags["Prepare Application Artifacts to be Deployed to AWS — !GetAtt: Purpose?"]
    )
    assert "near-duplicate" in flags["Lambda connecting to RDS causes too many connections"]
    assert flags["Lambda hammering RDS with connections"] == {}
    # Alike prompts explained alike teach one fact; alike prompts explained apart do not.
    assert flags["API Keys provide strong security authentication"] == {
        "near-duplicate": (
            "asks what trap-8872776a2c asks: 'API Keys authenticate and authorize users'"
        )
    }
    assert flags["Imported key material supports automatic rotation"] == {}
    assert flags["S3 event notifications can trigger multiple Lambda functions directly"] == {}
    binary = [
        c for c in reviewed.cards() if "binary-by-elimination" in [f.name for f in c.quality_flags]
    ]
    assert len(binary) == 24


def test_the_seed_stays_covered_every_trap_cell_and_cue_or_its_reason(raw, reviewed):
    """Every trap statement, table body cell and scenario cue of the seed is a card; a dropped
    card counts as covered only with its reason."""
    text = SEED.read_text(encoding="utf-8")
    cards = reviewed.cards()
    statements = {c.prompt for c in cards if c.kind == "trap"}
    cues = {c.prompt for c in cards if c.kind == "scenario"}
    cells = {(c.table_row[0], c.table_row[c.hidden_column]) for c in cards if c.kind == "table"}

    for trap in re.findall(r"^- [\"“](.+?)[\"”] ?(?:—|–)", text, re.MULTILINE):
        assert " ".join(trap.split()) in statements, trap
    for cue in re.findall(r"[\"“]([^\"“”\n]+)[\"”]\s*→", text):
        assert " ".join(cue.split()) in cues, cue
    for raw_card in raw.cards():
        if raw_card.kind == "table":
            row = raw_card.table_row
            assert (row[0], row[raw_card.hidden_column]) in cells
    table_rows = [line for line in text.splitlines() if line.strip().endswith("|")]
    assert sum(1 for line in table_rows for cell in split_cells(line)[1:] if cell) >= len(cells)
    for card in cards:
        for flag in card.quality_flags:
            if flag.name in DROPPING:
                assert flag.why, card.key
