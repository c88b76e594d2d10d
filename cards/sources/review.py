"""The generator's quality pass: tidy every card's text, name every table's subject, flag the
weak cards with their reasons.

Pure Python, no Django. It runs on the parsed topic whatever reader produced it, before the
fixture is written (cards.fixture.build_fixture), and never changes a card's key.
"""

from dataclasses import replace

from cards.sources.parsed import ParsedCard, ParsedGuide
from cards.sources.quality import CardText, flag_cards
from cards.sources.tidy import (
    Vocabulary,
    own_cue_excerpt,
    split_glued_words,
    table_prompt,
    tidy_question,
    tidy_sentence,
)


def review_guide(guide: ParsedGuide) -> ParsedGuide:
    vocabulary = Vocabulary(_texts(guide))
    tidied: dict[str, tuple[ParsedCard, tuple[str, ...]]] = {}
    for domain in guide.domains:
        for section in domain.sections:
            for card in section.cards:
                tidied[card.key] = _tidy(card, section.title, vocabulary)
    flags = flag_cards([_as_text(card, glue) for card, glue in tidied.values()])
    # replace(), not new objects: whatever else a reader put on the guide (weights, warnings,
    # its title) and on its sections passes through untouched.
    return replace(
        guide,
        domains=tuple(
            replace(
                domain,
                sections=tuple(
                    replace(
                        section,
                        cards=tuple(
                            replace(tidied[card.key][0], quality_flags=flags[card.key])
                            for card in section.cards
                        ),
                    )
                    for section in domain.sections
                ),
            )
            for domain in guide.domains
        ),
    )


def table_subject(card: ParsedCard, section_title: str) -> str:
    """What the table is about: the guide's own introduction of it, else the names it compares
    when its corner cell is blank ("Query vs Scan"), else the section it sits in."""
    if card.table_subject:
        return card.table_subject
    if card.table_header and not card.table_header[0]:
        return " vs ".join(name for name in card.table_header[1:] if name)
    return section_title


def _tidy(
    card: ParsedCard, section_title: str, vocabulary: Vocabulary
) -> tuple[ParsedCard, tuple[str, ...]]:
    """The card with its text repaired, and the glued tokens no rule could split safely."""
    unresolved: list[str] = []

    def repair(text: str) -> str:
        split, doubtful = split_glued_words(text, vocabulary)
        unresolved.extend(doubtful)
        return split

    if card.kind == "table" and card.hidden_column is not None:
        header = tuple(repair(cell) for cell in card.table_header)
        row = tuple(repair(cell) for cell in card.table_row)
        subject = table_subject(card, section_title)
        tidy = replace(
            card,
            table_header=header,
            table_row=row,
            table_subject=subject,
            prompt=table_prompt(subject, header, row, card.hidden_column),
            answer=row[card.hidden_column],
        )
    elif card.kind == "scenario":
        tidy = replace(
            card,
            prompt=tidy_question(repair(card.prompt)),
            answer=tidy_sentence(repair(card.answer)),
            source=own_cue_excerpt(card.source, card.prompt),
        )
    else:
        tidy = replace(
            card,
            prompt=tidy_question(repair(card.prompt)),
            answer=repair(card.answer),
            explanation=tidy_sentence(repair(card.explanation)),
        )
    return tidy, tuple(dict.fromkeys(unresolved))


def _as_text(card: ParsedCard, unresolved_glue: tuple[str, ...]) -> CardText:
    return CardText(
        key=card.key,
        kind=card.kind,
        prompt=card.prompt,
        answer=card.answer,
        explanation=card.explanation,
        header=card.table_header,
        row=card.table_row,
        hidden=card.hidden_column,
        subject=card.table_subject,
        unresolved_glue=unresolved_glue,
    )


def _texts(guide: ParsedGuide):
    # Not the sources: they repeat the other fields, and a one-off glued token would look
    # like a name the guide writes twice.
    for card in guide.cards():
        yield from (card.prompt, card.answer, card.explanation)
        yield from card.table_header
        yield from card.table_row
