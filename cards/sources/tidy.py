"""Repairs to a card's text made at generation: what a careful editor would fix on sight.

Pure Python, no Django. Words glued where the guide's inline code was stripped are split when
the seam is unambiguous; a "??" becomes "?"; a sentence starting in lower case is capitalised;
a scenario card quotes only its own cue from a line that holds several.
"""

import re
from collections.abc import Iterable

# Command-line tools whose sub-commands the guide names ("sam deploy", "aws s3 cp").
_CLIS = frozenset({"sam", "aws", "pip", "npm", "git", "docker", "cdk"})
_WORD_RE = re.compile(r"[A-Za-z]+")
_TOKEN_RE = re.compile(r"\S+")
# The last camelCase segment of a token: "Exceptionfrom" in "ThroughputExceededExceptionfrom".
_LAST_SEGMENT_RE = re.compile(r"(?<=[a-z0-9])(?P<segment>[A-Z][a-z]+)(?P<rest>[^A-Za-z]*)$")
# "us-east-1region": code ending in a digit, then a lower-case word.
_DIGIT_THEN_WORD_RE = re.compile(r"^(?P<code>[\w./:-]*\d)(?P<word>[a-z]{3,})(?P<rest>[^A-Za-z]*)$")
# "andlogs:PutLogEvents": a lower-case run glued in front of a "service:Action" name.
_LOWER_BEFORE_COLON_RE = re.compile(r"^(?P<run>[a-z]{4,})(?P<code>:[A-Za-z].*)$")
_CUE_START_RE = re.compile(r"[\"“][^\"“”\n]+[\"”]\s*→")


class Vocabulary:
    """The plain words a guide uses, and the names it writes more than once.

    Splitting a glued token is safe only into words the guide itself writes on their own; a
    name the guide writes twice ("CloudFormation") is a name, while a glued accident is a one-off.
    """

    def __init__(self, texts: Iterable[str]):
        self.lower: set[str] = set()  # words written in lower case somewhere ("from")
        self.any: set[str] = set()  # casefolded words in any case ("exception", "arn")
        counts: dict[str, int] = {}
        for text in set(texts):
            for token in text.split():
                token = _bare(token)
                counts[token] = counts.get(token, 0) + 1
                if not token.isalpha():
                    continue
                self.any.add(token.casefold())
                if token.islower():
                    self.lower.add(token)
        self.often = frozenset(token for token, count in counts.items() if count > 1)

    def is_name_part(self, segment: str) -> bool:
        """Whether a camelCase part is a word the guide uses ("Count", "Units")."""
        folded = segment.casefold()
        return folded in self.any or (folded.endswith("s") and folded[:-1] in self.any)

    def is_word(self, text: str) -> bool:
        """A lower-case word of the guide, or its plural ("failures" from "failure")."""
        return text in self.lower or (text.endswith("s") and text[:-1] in self.lower)


def split_glued_words(text: str, vocabulary: Vocabulary) -> tuple[str, list[str]]:
    """(text with unambiguous seams split, tokens that still look glued)."""
    pieces: list[str] = []
    unresolved: list[str] = []
    position = 0
    previous = ""
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        split, doubtful = _split_token(token, previous, vocabulary)
        pieces.append(text[position : match.start()] + split)
        if doubtful:
            unresolved.append(token)
        position = match.end()
        previous = token
    pieces.append(text[position:])
    return "".join(pieces), unresolved


def glued_tokens(text: str, vocabulary: Vocabulary) -> list[str]:
    """The tokens of `text` that are glued, whether or not a seam can be split safely."""
    found, previous = [], ""
    for token in text.split():
        split, doubtful = _split_token(token, previous, vocabulary)
        if doubtful or split != token:
            found.append(token)
        previous = token
    return found


def _bare(token: str) -> str:
    return token.strip(".,;:()[]{}\"'“”!?")


def _split_token(token: str, previous: str, vocabulary: Vocabulary) -> tuple[str, bool]:
    """The token with its seams split, and whether it still looks glued."""
    if _bare(token) in vocabulary.often:
        return token, False
    if previous.casefold() in _CLIS and token.isalpha() and token.islower():
        # "sam deploycreates": a sub-command and the word after it.
        seams = [i for i in range(2, len(token) - 1) if _two_words(token, i, vocabulary, "lower")]
        if len(seams) == 1:
            return token[: seams[0]] + " " + token[seams[0] :], False
    if colon := _LOWER_BEFORE_COLON_RE.match(token):
        run = colon["run"]
        if run not in vocabulary.any:
            heads = [
                run[:i] for i in range(2, len(run) - 1) if _two_words(run, i, vocabulary, "any")
            ]
            if len(heads) == 1:
                head = heads[0]
                rest, doubtful = _split_token(run[len(head) :] + colon["code"], "", vocabulary)
                return head + " " + rest, doubtful
    if (digit := _DIGIT_THEN_WORD_RE.match(token)) and digit["word"] in vocabulary.lower:
        return digit["code"] + " " + digit["word"] + digit["rest"], False
    segment = _LAST_SEGMENT_RE.search(token)
    if segment is None or vocabulary.is_name_part(segment["segment"]):
        return token, False
    word = segment["segment"]
    splits = [i for i in range(2, len(word) - 1) if vocabulary.is_word(word[i:])]
    preferred = [i for i in splits if word[:i].casefold() in vocabulary.any]
    # Without a known word before the seam, only a long word after it is evidence enough:
    # "Excepti|on" is no seam.
    chosen = preferred if preferred else [i for i in splits if len(word) - i >= 4]
    if len(chosen) == 1:
        cut = segment.start("segment") + chosen[0]
        return token[:cut] + " " + token[cut:], False
    # A camelCase name whose last part is no word the guide uses, with a word hiding in it.
    return token, bool(splits)


def _two_words(run: str, index: int, vocabulary: Vocabulary, second: str) -> bool:
    words = vocabulary.lower if second == "lower" else vocabulary.any
    return run[:index] in vocabulary.lower and run[index:] in words


def tidy_sentence(text: str) -> str:
    """Capitalise a sentence that starts with a plain lower-case word ("microservices add")."""
    if not text:
        return text
    first = text.split()[0].rstrip(".,;:")
    if first.isalpha() and first.islower() and first not in _CLIS:
        return text[0].upper() + text[1:]
    return text


def tidy_question(text: str) -> str:
    """One question mark at the end: "Downtime??" reads as a typo."""
    return re.sub(r"\?{2,}$", "?", text.rstrip())


def own_cue_excerpt(source: str, cue: str) -> str:
    """From a line of several '"cue" → answer' pairs, the pair that is this card's.

    The rest of the line holds other cards' answers, so quoting it would give them away.
    """
    flexible = r"\s+".join(re.escape(word) for word in cue.split())
    own = re.search(rf"[\"“]\s*{flexible}\s*[\"”]\s*→", source)
    if own is None:
        return source
    following = _CUE_START_RE.search(source, own.end())
    end = following.start() if following else len(source)
    return source[own.start() : end].rstrip().removesuffix(" -").rstrip()


def table_prompt(subject: str, header: tuple[str, ...], row: tuple[str, ...], column: int) -> str:
    """ "DynamoDB — Latency: Eventually Consistent?": the subject, the row, the hidden column."""
    column_name = header[column] or f"column {column + 1}"
    asked = f"{row[0]}: {column_name}" if row[0] else column_name
    question = tidy_question(asked if asked.endswith("?") else asked + "?")
    return f"{subject} — {question}" if subject else question


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)
