"""The seed's shape: a plain-text dump of the study-guide web page.

Its quirks: section titles glued to the weight line, table rows that lost their leading pipe,
lines broken where inline code was stripped, several list items glued onto one line.
"""

import re
from collections.abc import Sequence

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import (
    OPEN_QUOTE,
    TRAP_BULLET,
    TRAPS_MARKER_RE,
    Line,
    add_scenarios,
    add_table,
    add_trap,
    is_separator_row,
    read_domain_number,
    read_table,
    strip_sentence_end,
)
from cards.sources.parsed import GuideError, ParsedGuide

_SEED_DOMAIN_RE = re.compile(r"^Domain (?P<number>\d+) Overview$")
_SEED_WEIGHT_RE = re.compile(r"(?P<weight>\d{1,3})\s*% of scored content(?P<rest>.*)$")
# (?<!\s): a match starts only where a run of spaces does; tried from every space of a long run,
# each attempt would scan the rest of the run again (a 60 kB line took 27 s).
_GLUED_TRAP_RE = re.compile(r"(?<!\s)\s+-\s+(?=[\"“])")
# The page's first task statement follows the weight with a tagline glued on: "— Highest
# weighted domainDevelop Code ..."; the title starts at the lower-to-upper case seam.
_GLUED_WORDS_SEAM_RE = re.compile(r"[a-z](?=[A-Z])")

# Where inline code was stripped, the dump broke the line; these tell that a line goes on.
_DANGLING_ENDINGS = ("—", "–", ":", "(", "[", "{", ",", "→", "=")
_DANGLING_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "via"),
        *("into", "onto", "like", "after", "before", "than", "as", "and", "or", "but", "nor"),
        *("has", "have", "is", "are", "was", "were", "be"),
    }
)
_CODE_CHARACTERS = frozenset("_:(){}[]→=$@,")
_NOT_CONTINUATIONS = ("- ", "|", "#", "//", "⚡", *OPEN_QUOTE)
_TITLE_MAX_WORDS = 12
# A page of the guide opens with a sentence naming its subject: "DynamoDB is a fully managed
# NoSQL database." Its tables are about that subject until the page's "Common traps:" end it.
_INTRODUCTION_RE = re.compile(
    r"^(?:Understanding when to use |Choosing between )?"
    r"(?P<subject>[A-Z][\w*/&.-]*(?: (?!(?:is|are)\b)[\w*/&.-]+){0,5}) "
    r"(?:is|are|provides|enables|forms?|reduces|offers)\b"
)
_NOT_SUBJECTS = ("A ", "An ", "You", "Your ", "Every ", "This ", "It ")


def parse_guide(text: str) -> ParsedGuide:
    """Parse the seed's shape: "Domain N Overview" pages with task statements, tables,
    "Common traps:" lists and quoted scenario cues."""
    lines = _join_broken_lines(text.removeprefix("\ufeff").splitlines())
    texts = [line.text for line in lines]
    builder = GuideBuilder()
    index = 0
    subject = ""  # what the current page is about, from its opening sentence
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
        elif domain := _SEED_DOMAIN_RE.match(line.text):
            number = read_domain_number(domain["number"], line.number)
            index = _read_seed_domain(lines, index, number, builder)
            subject = ""
        elif _is_section_title(texts, index):
            builder.start_section(line.number, line.text)
            index += 1
            subject = ""
        elif _is_seed_table_header(texts, index):
            table, index = read_table(
                lines, index, is_row=_is_seed_row, repair_header=_unshift_comparison_header
            )
            add_table(builder, table, subject=subject)
        elif TRAPS_MARKER_RE.match(line.text):
            index = _read_seed_traps(lines, index, builder)
            subject = ""
        else:
            subject = _introduced_subject(line.text) or subject
            add_scenarios(builder, line)
            index += 1
    return builder.build(no_domain_message="no 'Domain N Overview' line found: not a guide")


def _introduced_subject(text: str) -> str:
    """ "DynamoDB" from "DynamoDB is a fully managed NoSQL database. ..." ("" for other prose)."""
    if text.startswith(("- ", "#", "//", *OPEN_QUOTE)) or "→" in text:
        return ""
    introduction = _INTRODUCTION_RE.match(text)
    if introduction is None or introduction["subject"].startswith(_NOT_SUBJECTS):
        return ""
    # "Caching at the right layer dramatically reduces ...": the adverb is not the subject.
    return re.sub(r" [a-z]+ly$", "", introduction["subject"])


def _join_broken_lines(physical: Sequence[str]) -> list[Line]:
    """Join lines that continue a list item back onto it (the seed broke lines at inline code).

    Several list items may end up on one line ("... - 3. AWS credentials file — ..."); that is
    how the page glued them, and the trap reader splits trap items apart again.
    """
    stripped = [line.strip() for line in physical]
    # Each line as (its first physical line's number, its pieces), joined once at the end:
    # joining piece by piece would copy the growing line again for every piece (quadratic).
    joined: list[tuple[int, list[str]]] = []
    pieces: list[str] = []
    # How the last line ends, which is all that _continues asks of it; re-reading the whole
    # growing line for every piece would be quadratic again.
    ending = ""
    for index, text in enumerate(stripped):
        if pieces and pieces[0].startswith("- ") and _continues(ending, text, stripped, index):
            separator = "" if ending.endswith(("(", "[", "{")) else " "
            pieces.append(separator + text)
            ending = ending[-1] + separator + text
        else:
            pieces = [text]
            joined.append((index + 1, pieces))
            ending = text
    return [Line(number, "".join(pieces)) for number, pieces in joined]


def _continues(item_end: str, text: str, lines: Sequence[str], index: int) -> bool:
    """Whether `text` (lines[index]) carries on a list item rather than starting anew.

    `item_end` is the item's first line or, once lines were joined onto it, the last one with
    the character before it. It stands in for the whole item, which would be quadratic to
    re-read for every line: after a space, the item's last word and whether it ends a sentence
    are the last line's own; after a glued-on bracket, the last word holds the bracket (so it
    is never a dangling word) and an all-quotes line ends no sentence, in both.
    """
    if (
        not text
        or text.startswith(_NOT_CONTINUATIONS)
        or text.endswith("|")
        or TRAPS_MARKER_RE.match(text)
        or _SEED_DOMAIN_RE.match(text)
        or _is_section_title(lines, index)
    ):
        return False
    if _ends_dangling(item_end) or _starts_like_code(text):
        return True
    # "- Decryption: Call" / "Decryptwith the encrypted DEK → ...": neither part is a whole
    # sentence on its own (a new paragraph ends with a full stop).
    return not _ends_sentence(item_end) and not _ends_sentence(text)


def _ends_dangling(text: str) -> bool:
    last_word = text.split()[-1].casefold()
    return text.endswith(_DANGLING_ENDINGS) or last_word in _DANGLING_WORDS


def _starts_like_code(text: str) -> bool:
    # Prose starts with a capitalised word; code ("maxReceiveCount", "~/.aws/config",
    # "AWS_ACCESS_KEY_ID,...", "429", "{...}") starts with anything else.
    first = text.split()[0].rstrip(".;!?")
    return bool(first) and (
        not first[0].isalpha()
        or first[0].islower()
        or any(character in _CODE_CHARACTERS for character in first.rstrip(",)"))
    )


def _ends_sentence(text: str) -> bool:
    return text.rstrip('"”').endswith((".", "!", "?"))


def _is_section_title(texts: Sequence[str], index: int) -> bool:
    """A task statement: a short title line, a one-line description, then a "- " skills list."""
    if index + 2 >= len(texts):
        return False
    title, description, first_skill = texts[index : index + 3]
    return (
        _looks_like_title(title)
        and bool(description)
        and not description.startswith(_NOT_CONTINUATIONS)
        and not description.endswith("|")
        and first_skill.startswith("- ")
    )


def _looks_like_title(text: str) -> bool:
    return (
        0 < len(text.split()) <= _TITLE_MAX_WORDS
        and text[0].isupper()
        and not text.endswith((".", ":", ";", ",", "!", "?", "|"))
        and not any(character in text for character in '|→="“”')
    )


def _read_seed_domain(lines: Sequence[Line], index: int, number: int, builder: GuideBuilder) -> int:
    """'Domain N Overview', its overview paragraph, then the weight line (maybe with the first
    task statement's title glued on). Returns the index after the weight line."""
    header = lines[index]
    if index + 1 >= len(lines) or not lines[index + 1].text:
        raise GuideError(header.number, f"Domain {number} has no overview paragraph after it")
    overview = lines[index + 1]
    weight_line = lines[index + 2] if index + 2 < len(lines) else None
    weight = _SEED_WEIGHT_RE.search(weight_line.text) if weight_line else None
    if weight is None:
        where = weight_line.number if weight_line else overview.number
        raise GuideError(where, f"Domain {number} has no 'NN% of scored content' weight line")
    builder.start_domain(number, _first_sentence(overview.text), int(weight["weight"]))
    glued_title = _glued_section_title(weight["rest"])
    if glued_title:
        builder.start_section(weight_line.number, glued_title)
    return index + 3


def _first_sentence(text: str) -> str:
    sentence = re.match(r"^(.+?[.!?])(?:\s|$)", text)
    return strip_sentence_end(sentence[1] if sentence else text)


def _glued_section_title(rest: str) -> str:
    rest = rest.strip()
    if rest.startswith(("—", "–", "-")):
        seam = _GLUED_WORDS_SEAM_RE.search(rest)
        rest = rest[seam.end() :] if seam else ""
    return rest.strip()


def _is_seed_table_header(texts: Sequence[str], index: int) -> bool:
    return (
        index + 1 < len(texts)
        and _is_seed_row(texts[index])
        and not is_separator_row(texts[index])
        and is_separator_row(texts[index + 1])
    )


def _is_seed_row(text: str) -> bool:
    # Some rows lost their leading pipe ("AssumeRole | Cross-account ... |") but kept the rest.
    return text.startswith("|") or (text.endswith("|") and "|" in text[:-1])


def _unshift_comparison_header(header: tuple[str, ...]) -> tuple[str, ...]:
    # "| Choreography | Orchestration | |": the blank corner cell moved to the end; put it back
    # so the names sit over the columns they head.
    if len(header) > 1 and header[0] and not header[-1]:
        return ("", *header[:-1])
    return header


def _read_seed_traps(lines: Sequence[Line], index: int, builder: GuideBuilder) -> int:
    marker = lines[index]
    index += 1
    first_item = index
    while index < len(lines) and lines[index].text.startswith(TRAP_BULLET):
        line = lines[index]
        # Items the page glued onto one line: '... retried first. - "SNS stores ..." — FALSE; ...'
        for item in _GLUED_TRAP_RE.split(line.text[2:]):
            add_trap(builder, item, line.number)
        index += 1
    if index == first_item:
        raise GuideError(marker.number, "'Common traps:' is not followed by any trap item")
    return index
