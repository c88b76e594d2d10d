"""deck_report's measure: flags recomputed from the text, and what the faces show."""

from cards.sources.deck_report import DeckCard, measure_deck
from cards.sources.quality import CardText

OLD_TABLE = CardText(
    key="table-a",
    kind="table",
    prompt="Latency — Eventually Consistent?",
    answer="Lower",
    header=("", "Eventually Consistent", "Strongly Consistent"),
    row=("Latency", "Lower", "Slightly higher"),
    hidden=1,
)
OLD_TRAP = CardText(
    key="trap-b",
    kind="trap",
    prompt="Lambda retries everything??",
    answer="FALSE",
    explanation="only async calls; sam deploycreates a stack.",
)
OLD_SCENARIO = CardText(key="scenario-c", kind="scenario", prompt="Decouple", answer="SQS")
DEPLOY = CardText(
    "trap-d", "trap", "Deploying", "TRUE", explanation="Run sam deploy first; it creates a stack."
)


def test_an_old_deck_is_measured_by_the_same_rules_as_a_new_one():
    cards = [
        DeckCard(OLD_TABLE, "| Latency | Lower | Slightly higher |", visible=True),
        DeckCard(OLD_TRAP, '"Lambda retries everything" — FALSE; ...', visible=True),
        DeckCard(OLD_SCENARIO, '"Decouple" → SQS. "Fan out" → SNS.', visible=True),
        DeckCard(DEPLOY, "", visible=False),
    ]

    report = measure_deck("demo", cards)

    assert (report.total, report.visible) == (4, 3)
    assert report.flags["no-subject"] == (1, 1)
    assert report.flags["glued-words"] == (1, 1)
    assert report.flags["duplicate-cell"] == (0, 0)
    assert report.damage == {
        "prompts ending in '??'": 1,
        "explanations or answers starting in lower case": 1,
        "scenario backs quoting another card's cue": 1,
        "table cards without a subject": 1,
    }
    lines = report.lines()
    assert lines[0] == "demo: 4 cards, the learner sees 3."
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:9]}
    assert rows["no-subject"] == ["1", "1", "dropped"]
    assert rows["glued-words"] == ["1", "1", "kept", "for", "an", "editor"]
