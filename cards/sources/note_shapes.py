"""The shapes of a line in people's notes that make a card: terms, questions, arrows.

Pure functions on one item's text (already in the stored Markdown subset); each returns the
card's two sides, or None when the text is not that shape.
"""

import re

_TERM_MAX_WORDS = 8
_DASHES = r"(?:—|–|--|-)"
# "**Term** — definition", "**Term**: definition", "**Term:** definition"
_BOLD_TERM_RE = re.compile(rf"^\*\*(?P<term>[^*]+?):?\*\*\s*(?::|{_DASHES})?\s*(?P<definition>.*)$")
# "Term: definition" (a URL's "https://" is not a colon followed by a space)
# (a colon inside a code span, `s3:GetObject`, is part of the term)
_COLON_TERM_RE = re.compile(r"^(?P<term>(?:`[^`]*`|[^:`])+?):(?:\s+(?P<definition>.+)|\s*)$")
# "Term - definition", "Term — definition": the dash stands between spaces
_DASH_TERM_RE = re.compile(rf"^(?P<term>.+?)\s+{_DASHES}\s+(?P<definition>.+)$")
# A paragraph led by a bold term and a separator: "**Delay queue**: hides new messages …"
# (a short parenthesis may follow the bold: "**Delay queue** (queue-level): …")
_BOLD_LEAD_RE = re.compile(
    r"^\*\*(?P<term>[^*]+?)(?::\*\*|\*\*(?P<note>\s*\([^)]{1,40}\))?\s*(?::|—|–))"
    r"\s+(?P<definition>.+)$"
)
_ARROW_RE = re.compile(r"\s+(?:→|->|=>|⟶)\s+|\s*→\s*")
_QUESTION_RE = re.compile(r"^(?:\*\*)?Q(?:uestion)?\s*[:.]\s*(?:\*\*)?\s*(?P<text>.+)$", re.I)
_ANSWER_RE = re.compile(r"^(?:\*\*)?A(?:nswer)?\s*[:.]\s*(?:\*\*)?\s*(?P<text>.*)$", re.I)


def term_card(text: str) -> tuple[str, str] | None:
    """(term, definition) of a term bullet; the definition may be empty ("Term:" with sub-items)."""
    for pattern in (_BOLD_TERM_RE, _COLON_TERM_RE, _DASH_TERM_RE):
        match = pattern.match(text)
        if match is None:
            continue
        term = match["term"].strip()
        definition = (match["definition"] or "").strip()
        if term and len(term.split()) <= _TERM_MAX_WORDS and not term.endswith("?"):
            return term, definition
    return None


def bold_lead_card(text: str) -> tuple[str, str] | None:
    """(term, definition) of a paragraph that starts "**Term**: definition"."""
    match = _BOLD_LEAD_RE.match(text)
    if match is None or len(match["term"].split()) > _TERM_MAX_WORDS:
        return None
    term = match["term"].strip() + (match["note"] or "")
    return term, match["definition"].strip()


def arrow_card(text: str) -> tuple[str, str] | None:
    """(cue, answer) of an unquoted "X → Y" bullet, split at its first arrow outside code."""
    for arrow in _ARROW_RE.finditer(text):
        if text[: arrow.start()].count("`") % 2:
            continue  # inside a code span, e.g. `a -> b`
        cue, answer = text[: arrow.start()].strip(), text[arrow.end() :].strip()
        return (cue, answer) if cue and answer else None
    return None


def question_text(text: str) -> str | None:
    """The question of a "Q: ..." line."""
    match = _QUESTION_RE.match(text)
    return match["text"].strip() if match else None


def answer_text(text: str) -> str | None:
    """The answer of an "A: ..." line ("" when the answer follows on the next lines)."""
    match = _ANSWER_RE.match(text)
    return match["text"].strip() if match else None


def question_answer_pairs(segments: list[str]) -> list[tuple[str, str]]:
    """Q:/A: pairs among a block's lines; an answer runs until the next "Q:"."""
    pairs: list[tuple[str, list[str]]] = []
    in_answer = False
    for segment in segments:
        question = question_text(segment)
        if question is not None:
            pairs.append((question, []))
            in_answer = False
            continue
        answer = answer_text(segment)
        if pairs and answer is not None and not in_answer:
            in_answer = True
            if answer:
                pairs[-1][1].append(answer)
        elif pairs and in_answer and segment:
            pairs[-1][1].append(segment)
    return [(question, "\n".join(lines)) for question, lines in pairs if lines]


def ends_with_question_mark(text: str) -> bool:
    return text.rstrip("*_ ").endswith("?")
