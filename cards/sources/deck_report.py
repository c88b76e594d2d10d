"""How good a deck is, measured the same way before and after a rebuild (manage.py deck_report).

Pure Python, no Django: the command hands over the cards' text and which of them learners see.
Flags are recomputed from the text, so a deck imported from an older fixture (with no flags in
it) is measured by the same rules as a new one.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cards.sources.quality import DROPPING, FLAGS, CardText, flag_cards
from cards.sources.tidy import Vocabulary, glued_tokens, tidy_sentence

_OTHER_CUE_RE = re.compile(r"[\"“][^\"“”\n]+[\"”]\s*→")


@dataclass(frozen=True)
class DeckCard:
    text: CardText
    source: str
    visible: bool  # the learner meets it (active)


@dataclass(frozen=True)
class DeckReport:
    slug: str
    total: int
    visible: int
    flags: dict[str, tuple[int, int]]  # name -> (cards carrying it, of them the learner sees)
    damage: dict[str, int]  # what the faces show that they should not, counted on visible cards

    def lines(self) -> list[str]:
        out = [
            f"{self.slug}: {self.total} cards, the learner sees {self.visible}.",
            f"{'flag':<24}{'cards':>7}{'seen':>7}  when flagged",
        ]
        for name, (carried, seen) in self.flags.items():
            action = "dropped" if name in DROPPING else "kept for an editor"
            out.append(f"{name:<24}{carried:>7}{seen:>7}  {action}")
        flagged = sum(1 for carried, _ in self.flags.values() if carried)
        out.append(f"{flagged} of {len(self.flags)} flags occur.")
        out.append("Faces the learner sees:")
        out.extend(f"  {what}: {count}" for what, count in self.damage.items())
        return out


def measure_deck(slug: str, cards: Sequence[DeckCard]) -> DeckReport:
    vocabulary = Vocabulary(_texts(cards))
    texts = [_with_glue(card.text, vocabulary) for card in cards]
    flags = flag_cards(texts)
    visible = {card.text.key for card in cards if card.visible}
    counts = {
        name: (
            sum(1 for key, found in flags.items() if any(f.name == name for f in found)),
            sum(
                1
                for key, found in flags.items()
                if key in visible and any(f.name == name for f in found)
            ),
        )
        for name in FLAGS
    }
    seen = [card for card in cards if card.visible]
    damage = {
        "prompts ending in '??'": sum(1 for c in seen if c.text.prompt.rstrip().endswith("??")),
        "explanations or answers starting in lower case": sum(
            1
            for c in seen
            if _starts_lower(c.text.explanation)
            # A table cell is the guide's wording ("pytest, Jest, JUnit"), not a sentence.
            or (c.text.kind != "table" and _starts_lower(c.text.answer))
        ),
        "scenario backs quoting another card's cue": sum(
            1
            for c in seen
            if c.text.kind == "scenario" and len(_OTHER_CUE_RE.findall(c.source)) > 1
        ),
        "table cards without a subject": sum(
            1 for c in seen if c.text.kind == "table" and not c.text.subject
        ),
    }
    return DeckReport(slug, len(cards), len(visible), counts, damage)


def _with_glue(card: CardText, vocabulary: Vocabulary) -> CardText:
    glued = [
        token
        for text in (card.prompt, card.answer, card.explanation, *card.row)
        for token in glued_tokens(text, vocabulary)
    ]
    return CardText(**{**card.__dict__, "unresolved_glue": tuple(dict.fromkeys(glued))})


def _starts_lower(text: str) -> bool:
    # The generator's own rule: a plain lower-case word would be capitalised, a command not.
    return tidy_sentence(text) != text


def _texts(cards: Sequence[DeckCard]):
    for card in cards:
        yield from (card.text.prompt, card.text.answer, card.text.explanation)
        yield from card.text.header
        yield from card.text.row
