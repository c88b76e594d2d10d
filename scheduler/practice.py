"""Practice-exam questions from a topic's cards: pure, no Django, deterministic for a seed.

A question is multiple choice (one right option of four) or multiple response (two right of
five). The wrong options come from the deck itself, the way real exams pick them:
- a table cell: the same column of the other rows of that table (a row with the same label is
  skipped, since its cell would be a second right answer);
- a scenario cue: the answers of the other cues of its domain;
- traps: "Which statement is FALSE?" against three true statements of the same section, and
  "Select TWO that are true" against three false ones when the exam has multiple response.
  The true statements are TRUE traps and the corrections (explanations) of FALSE traps; a
  PARTIALLY TRUE or CONTEXT-DEPENDENT trap is neither, so it is never an option.
A card that cannot get three distinct, non-blank wrong options gives no question, and every
question names the card it came from (its review brings the card back when it is missed).
"""

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

DISTRACTORS = 3
# Shorter than this, or opening with a pronoun ("It goes to DLQ only…"), a trap's explanation
# leans on its statement and does not stand alone as a true statement.
MIN_STATEMENT_WORDS = 4
LEANING_WORDS = {"it", "this", "that", "they", "these", "those", "only", "no", "yes"}


@dataclass(frozen=True)
class CardFacts:
    """What question generation needs to know about a card (cards.Card, without Django)."""

    id: int
    kind: str
    domain: int
    section: int
    prompt: str
    answer: str
    explanation: str = ""
    verdict: str = ""
    table: Mapping | None = None


@dataclass(frozen=True)
class Question:
    card_id: int
    domain: int
    section: int
    prompt: str
    options: tuple[str, ...]
    correct: tuple[int, ...]  # indexes into options, ascending

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1


def same_text(text: str) -> str:
    """Two options that differ only in case, spacing or a final full stop say the same thing."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def _pick_distinct(rng: random.Random, candidates: Iterable[str], exclude: Iterable[str]) -> list:
    """Up to DISTRACTORS texts, none blank, none alike each other or anything in `exclude`."""
    seen = {same_text(text) for text in exclude}
    unique = []
    for text in sorted(candidates):
        key = same_text(text)
        if key and key not in seen:
            seen.add(key)
            unique.append(text.strip())
    return rng.sample(unique, DISTRACTORS) if len(unique) >= DISTRACTORS else []


def _question(rng, card: CardFacts, prompt: str, right: Sequence[str], wrong: Sequence[str]):
    options = [*right, *wrong]
    rng.shuffle(options)
    correct = tuple(sorted(options.index(text) for text in right))
    return Question(card.id, card.domain, card.section, prompt, tuple(options), correct)


def _table_questions(rng: random.Random, cards: Sequence[CardFacts]) -> list[Question]:
    # One table = one subject and header; its rows are known from any of its cards.
    tables: dict[tuple, dict[str, set[tuple]]] = defaultdict(lambda: defaultdict(set))
    for card in cards:
        table = card.table
        key = (table.get("subject") or "", tuple(table["header"]))
        tables[key][same_text(table["row"][0])].add(tuple(table["row"]))
    questions = []
    for card in cards:
        table = card.table
        header, row, hidden = table["header"], table["row"], table["hidden"]
        subject = table.get("subject") or ""
        label = same_text(row[0])
        answer = row[hidden]
        rows = tables[(subject, tuple(header))]
        # Two different rows with one label: the other's cell would be a second right answer.
        if len(rows[label]) != 1 or not same_text(answer):
            continue
        column = [
            other[hidden]
            for other_label, others in rows.items()
            if other_label != label
            for other in others
            if len(other) > hidden
        ]
        wrong = _pick_distinct(rng, column, [answer])
        if not wrong:
            continue
        place = f"In {subject}, what" if subject else "What"
        prompt = f"{place} is {header[hidden]} for {row[0]}?"
        questions.append(_question(rng, card, prompt, [answer], wrong))
    return questions


def _scenario_questions(rng: random.Random, cards: Sequence[CardFacts]) -> list[Question]:
    answers_by_domain: dict[int, list[str]] = defaultdict(list)
    for card in cards:
        answers_by_domain[card.domain].append(card.answer)
    questions = []
    for card in cards:
        wrong = _pick_distinct(rng, answers_by_domain[card.domain], [card.answer])
        if wrong and same_text(card.answer):
            questions.append(_question(rng, card, card.prompt, [card.answer], wrong))
    return questions


@dataclass(frozen=True)
class _Statement:
    card_id: int
    text: str


def _statements(cards: Sequence[CardFacts]) -> tuple[list[_Statement], list[_Statement]]:
    true, false = [], []
    for card in cards:
        if not same_text(card.prompt):
            continue
        if card.verdict == "TRUE":
            true.append(_Statement(card.id, card.prompt))
        elif card.verdict == "FALSE":
            false.append(_Statement(card.id, card.prompt))
            words = card.explanation.split()
            if (
                len(words) >= MIN_STATEMENT_WORDS
                and words[0].strip(",.").lower() not in LEANING_WORDS
            ):
                true.append(_Statement(card.id, card.explanation))
    return true, false


def _trap_questions(
    rng: random.Random, cards: Sequence[CardFacts], multiple_response: bool
) -> list[Question]:
    by_section: dict[int, list[CardFacts]] = defaultdict(list)
    for card in cards:
        by_section[card.section].append(card)
    questions = []
    for section_cards in by_section.values():
        true, false = _statements(section_cards)
        for card in section_cards:
            if card.verdict != "FALSE" or not same_text(card.prompt):
                continue
            # Its own correction beside the statement would give the answer away.
            others = [s.text for s in true if s.card_id != card.id]
            wrong = _pick_distinct(rng, others, [card.prompt])
            if wrong:
                prompt = "Which statement is FALSE?"
                questions.append(_question(rng, card, prompt, [card.prompt], wrong))
        if not multiple_response:
            continue
        for card in section_cards:
            if card.verdict != "TRUE" or not same_text(card.prompt):
                continue
            partners = sorted(s.text for s in true if s.card_id != card.id)
            partners = [t for t in partners if same_text(t) != same_text(card.prompt)]
            if not partners:
                continue
            partner = rng.choice(partners)
            partner_ids = {s.card_id for s in true if s.text == partner}
            lies = [s.text for s in false if s.card_id not in partner_ids | {card.id}]
            wrong = _pick_distinct(rng, lies, [card.prompt, partner])
            if wrong:
                prompt = "Which TWO statements are true? (Select TWO.)"
                questions.append(_question(rng, card, prompt, [card.prompt, partner], wrong))
    return questions


def questions_for(
    cards: Iterable[CardFacts], *, seed: int, multiple_response: bool
) -> list[Question]:
    """Every question the cards can give, at most one per card, in a seeded order."""
    rng = random.Random(seed)
    cards = sorted(cards, key=lambda card: card.id)
    tables = [c for c in cards if c.kind == "table" and c.table and c.table.get("header")]
    questions = [
        *_table_questions(rng, tables),
        *_scenario_questions(rng, [c for c in cards if c.kind == "scenario"]),
        *_trap_questions(rng, [c for c in cards if c.kind == "trap"], multiple_response),
    ]
    rng.shuffle(questions)
    return questions


def shares(weights: Mapping[int, int], available: Mapping[int, int], count: int) -> dict:
    """How many questions each domain gets: proportional to its weight (largest remainder).

    A domain with fewer questions than its share gives the rest to the others, again by
    weight, so the exam has `count` questions whenever the deck has that many.
    """
    result = dict.fromkeys(weights, 0)
    open_domains = {d for d in weights if available.get(d, 0) > 0}
    remaining = min(count, sum(available.get(d, 0) for d in weights))
    while remaining > 0 and open_domains:
        # Domains without weight share equally once no weighted domain has questions left.
        weighted = any(weights[d] for d in open_domains)
        weight = {d: weights[d] if weighted else 1 for d in open_domains}
        total = sum(weight.values())
        exact = {d: remaining * weight[d] / total for d in open_domains}
        given = {d: int(exact[d]) for d in open_domains}
        by_remainder = sorted(open_domains, key=lambda d: (given[d] - exact[d], d))
        for d in by_remainder[: remaining - sum(given.values())]:
            given[d] += 1
        for d in sorted(open_domains):
            room = available[d] - result[d]
            take = min(given[d], room)
            result[d] += take
            remaining -= take
            if result[d] >= available[d]:
                open_domains.discard(d)
    return result


def build_exam(
    cards: Iterable[CardFacts],
    *,
    weights: Mapping[int, int],
    count: int,
    seed: int,
    multiple_response: bool,
) -> list[Question]:
    """`count` questions drawn to the domain weights; the same seed gives the same exam."""
    pool = questions_for(cards, seed=seed, multiple_response=multiple_response)
    by_domain: dict[int, list[Question]] = defaultdict(list)
    for question in pool:
        if question.domain in weights:
            by_domain[question.domain].append(question)
    available = {domain: len(qs) for domain, qs in by_domain.items()}
    allotted = shares(weights, available, count)
    exam = [q for domain in sorted(allotted) for q in by_domain[domain][: allotted[domain]]]
    random.Random(seed).shuffle(exam)
    return exam


def scaled_score(correct: int, total: int, *, low: int, high: int) -> int:
    """The raw score mapped linearly onto the exam's reported range."""
    if total == 0:
        return low
    return low + round((high - low) * correct / total)
