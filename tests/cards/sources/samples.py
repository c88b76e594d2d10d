"""Small seed-shaped samples the source readers' tests build on."""

from pathlib import Path

from cards.sources import ParsedCard, ParsedGuide, parse_guide

# The committed copy of ../shared/seed/aws-dva-c02-study-guide.txt, so a bare clone tests too.
SEED = Path(__file__).resolve().parents[3] / "fixtures/sources/aws-dva-c02.txt"

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
