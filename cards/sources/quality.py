"""Why a card is weak: quality flags computed from its content, each with a reason.

Pure Python, no Django. The generator runs these checks on every card it builds (see
cards.sources.review) and deck_report runs them on a topic's cards in the database, so the
numbers before and after a rebuild are counted the same way.

Some flags drop the card: a learner should never meet it (it gives its answer away, or asks
what another card asks). The generator still writes it to the fixture, flagged, and the
importer retires it, so the reason is on record and an editor can overrule it. The rest keep the
card in the deck and put it on the editors' worklist.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cards.sources.parsed import QualityFlag

# name -> (drops the card, what it means)
FLAGS: dict[str, tuple[bool, str]] = {
    "duplicate-cell": (True, "the hidden cell repeats a cell the front shows"),
    "answer-in-prompt": (True, "the answer is written in the question"),
    "near-duplicate": (True, "asks what an earlier card asks"),
    "no-subject": (True, "the question does not say what it is about"),
    "label-gives-answer": (False, "the row label spells out the answer"),
    "binary-by-elimination": (False, "the other cell's yes/no gives the answer away"),
    "glued-words": (False, "words are glued together where code was stripped"),
}
DROPPING = frozenset(name for name, (drops, _) in FLAGS.items() if drops)

# How alike two prompts must be (shared distinctive words, weighted by rarity) to be one question.
NEAR_DUPLICATE_SIMILARITY = 0.62
# ... or, a little less alike, when their answers agree too ("API Keys authenticate users" and
# "API Keys provide strong authentication", both explained by "API keys are for throttling").
SAME_FACT_PROMPT_SIMILARITY = 0.55
SAME_FACT_ANSWER_SIMILARITY = 0.3
_STOP_WORDS = frozenset(
    {
        *("a", "an", "the", "to", "of", "is", "are", "and", "or", "for", "in", "on", "with"),
        *("by", "from", "be", "can", "it", "its", "as", "at", "that", "this", "your", "you"),
        *("not", "no", "use", "using", "when", "than", "into", "via", "only", "all", "any"),
        "each",
    }
)
_YES = ("yes", "✅", "✓", "always")
_NO = ("no", "❌", "✗", "never", "none")


@dataclass(frozen=True)
class CardText:
    """What the checks read of a card, whether it comes from the generator or the database."""

    key: str
    kind: str
    prompt: str
    answer: str
    explanation: str = ""
    header: tuple[str, ...] = ()
    row: tuple[str, ...] = ()
    hidden: int | None = None
    subject: str = ""
    unresolved_glue: tuple[str, ...] = ()


def drops(flags: Sequence[QualityFlag]) -> bool:
    return any(flag.name in DROPPING for flag in flags)


def flag_cards(cards: Sequence[CardText]) -> dict[str, tuple[QualityFlag, ...]]:
    """Every card's flags by key, in a fixed order; cards are given in document order."""
    flags: dict[str, list[QualityFlag]] = {card.key: [] for card in cards}
    for card in cards:
        flags[card.key].extend(_own_flags(card))
    for key, flag in _near_duplicates(cards):
        flags[key].append(flag)
    order = list(FLAGS)
    return {
        key: tuple(sorted(found, key=lambda flag: order.index(flag.name)))
        for key, found in flags.items()
    }


def _own_flags(card: CardText) -> list[QualityFlag]:
    found = []
    if card.kind == "table" and card.hidden is not None:
        found += _table_flags(card)
    elif card.kind == "scenario" and _contains(card.prompt, card.answer):
        found.append(QualityFlag("answer-in-prompt", f"the cue already says {card.answer!r}"))
    if card.unresolved_glue:
        glued = ", ".join(repr(token) for token in card.unresolved_glue)
        found.append(QualityFlag("glued-words", f"no safe place to split {glued}"))
    return found


def _table_flags(card: CardText) -> list[QualityFlag]:
    found = []
    answer = _normal(card.answer)
    label = card.row[0]
    visible = [
        (card.header[column] or f"column {column + 1}", cell)
        for column, cell in enumerate(card.row)
        if column not in (0, card.hidden)
    ]
    repeats = [name for name, cell in visible if _normal(cell) == answer]
    if repeats:
        found.append(
            QualityFlag(
                "duplicate-cell", f"the hidden {card.answer!r} is also shown under {repeats[0]!r}"
            )
        )
    if _contains(card.prompt, card.answer):
        found.append(QualityFlag("answer-in-prompt", f"the question already says {card.answer!r}"))
    elif _label_spells(label, card.answer):
        found.append(QualityFlag("label-gives-answer", f"{label!r} spells out {card.answer!r}"))
    if len(visible) == 1 and _opposite(_polarity(card.answer), _polarity(visible[0][1])):
        name, cell = visible[0]
        found.append(
            QualityFlag(
                "binary-by-elimination", f"{name!r} shows {cell!r}; the answer is its opposite"
            )
        )
    if not card.subject and not card.header[0]:
        found.append(
            QualityFlag("no-subject", "neither the guide nor the table's corner names the subject")
        )
    return found


def _near_duplicates(cards: Sequence[CardText]):
    """(key, flag) for every card that asks what an earlier card of its kind asks."""
    by_kind: dict[str, list[CardText]] = {}
    for card in cards:
        by_kind.setdefault(card.kind, []).append(card)
    for kind, group in by_kind.items():
        if kind == "table":
            yield from _repeated_table_questions(group)
        else:
            yield from _similar_prompts(group)


def _repeated_table_questions(cards: Sequence[CardText]):
    # The same row and column in another table ("Rolling — Downtime?" in two deployment tables).
    first: dict[tuple[str, str], CardText] = {}
    for card in cards:
        if card.hidden is None or not card.row[0]:
            continue
        question = (_bare_words(card.row[0]), _bare_words(card.header[card.hidden]))
        earlier = first.setdefault(question, card)
        if earlier is not card and earlier.header != card.header:
            yield (
                card.key,
                QualityFlag("near-duplicate", f"asks what {earlier.key} asks: {earlier.prompt!r}"),
            )


def _similar_prompts(cards: Sequence[CardText]):
    """Prompts sharing most of their rare words ask one question; somewhat alike prompts whose
    answers (a trap's explanation) also agree teach one fact."""
    prompts = [_content_words(card.prompt) for card in cards]
    answers = [_content_words(card.explanation or card.answer) for card in cards]
    prompt_rarity, answer_rarity = _rarity(prompts), _rarity(answers)
    for later, earlier_ones in enumerate(_alike_candidates(prompts, prompt_rarity)):
        for earlier in earlier_ones:
            asked = _similarity(prompts[earlier], prompts[later], prompt_rarity)
            if asked >= NEAR_DUPLICATE_SIMILARITY or (
                asked >= SAME_FACT_PROMPT_SIMILARITY
                and _similarity(answers[earlier], answers[later], answer_rarity)
                >= SAME_FACT_ANSWER_SIMILARITY
            ):
                original = cards[earlier]
                yield (
                    cards[later].key,
                    QualityFlag(
                        "near-duplicate", f"asks what {original.key} asks: {original.prompt!r}"
                    ),
                )
                break


# The least alike two prompts can be and still be flagged.
_LEAST_ALIKE = min(NEAR_DUPLICATE_SIMILARITY, SAME_FACT_PROMPT_SIMILARITY)


def _alike_candidates(prompts: Sequence[set[str]], rarity: dict[str, float]) -> list[list[int]]:
    """For each prompt, the earlier ones that may be _LEAST_ALIKE to it, in document order.

    Comparing every pair takes minutes for a few thousand cards. This skips only pairs that
    cannot be alike, so what is flagged stays the same: alike prompts share _LEAST_ALIKE of the
    lighter one's weight, so they share one of its rarest words that together weigh more than
    the rest of it (its prefix). Rare words are in few prompts, so each prompt looks only at
    the few prompts holding its prefix words, not at every prompt.
    """
    holders: dict[str, list[int]] = {}
    for index, words in enumerate(prompts):
        for word in words:
            holders.setdefault(word, []).append(index)
    weights = [sum(rarity[word] for word in words) for words in prompts]
    candidates: list[set[int]] = [set() for _ in prompts]
    for index, words in enumerate(prompts):
        for word in _prefix(words, weights[index], rarity):
            for other in holders[word]:
                # From the lighter side only (both sides when equal): the bound is about it.
                if other != index and weights[other] >= weights[index]:
                    candidates[max(index, other)].add(min(index, other))
    return [sorted(earlier) for earlier in candidates]


def _prefix(words: set[str], weight: float, rarity: dict[str, float]) -> list[str]:
    """The rarest words of a prompt, until what is left weighs less than _LEAST_ALIKE of it."""
    if weight <= 0:
        return []  # a prompt of words every prompt has is alike to none (_similarity is 0)
    # The margin takes a word more rather than miss a pair over a rounding error.
    enough = (_LEAST_ALIKE - 1e-9) * weight
    prefix, left = [], weight
    for word in sorted(words, key=lambda word: (-rarity[word], word)):
        if left < enough:
            break
        prefix.append(word)
        left -= rarity[word]
    return prefix


def _rarity(documents: Sequence[set[str]]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for document in documents:
        for word in document:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(len(documents) / count) for word, count in counts.items()}


def _similarity(one: set[str], other: set[str], rarity: dict[str, float]) -> float:
    """Shared rare words as a share of the smaller prompt's weight (1.0: one holds the other)."""
    smaller = min(sum(rarity[w] for w in one), sum(rarity[w] for w in other))
    return sum(rarity[w] for w in one & other) / smaller if smaller else 0.0


def _content_words(text: str) -> set[str]:
    return {
        _stem(word) for word in re.findall(r"[a-z0-9]+", text.casefold()) if word not in _STOP_WORDS
    }


def _stem(word: str) -> str:
    # Enough to match "authenticate" with "authentication" and "starts" with "start".
    for suffix in ("ations", "ation", "ating", "ates", "ate", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _bare_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+|[^\w\s]", text.casefold()))


def _contains(text: str, part: str) -> bool:
    """Whether `part` appears in `text` as whole words (case and spacing aside)."""
    part = _normal(part)
    if len(part.replace(" ", "")) < 2 or not any(ch.isalnum() for ch in part):
        return False
    return f" {part} " in f" {_normal(text)} "


def _label_spells(label: str, answer: str) -> bool:
    """ "!GetAtt" / "Get attribute of a resource": the answer opens with the label's parts, each
    the start of a word, in order. An answer quoting the label whole ("!Ref MyBucket") is not
    one: it still asks for the rest."""
    parts = [p.casefold() for p in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", label)]
    answer_words = [w.casefold() for w in re.findall(r"[A-Za-z]+", answer)]
    if not parts or sum(map(len, parts)) < 3 or _contains(answer, label):
        return False
    opening = answer_words[: len(parts)]
    return len(opening) == len(parts) and all(
        word.startswith(part) for part, word in zip(parts, opening, strict=True)
    )


def _polarity(cell: str) -> str:
    first = cell.strip().casefold().split(" ")[0].strip(".,;:—-()")
    if first in _YES or cell.strip().startswith(_YES):
        return "yes"
    if first in _NO or cell.strip().startswith(("❌", "✗")):
        return "no"
    return ""


def _opposite(one: str, other: str) -> bool:
    return {one, other} == {"yes", "no"}
