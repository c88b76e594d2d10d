"""The Anki reader: an .apkg package of any vintage → the same parsed topic as every reader.

Pure Python. The package is read with sqlite3 and zstandard rather than the ``anki`` library:
reading needs a handful of tables, works in memory without writing a collection to disk, and
keeps a 10 MB native library with its own migrations out of the web process (``anki`` is a dev
dependency that proves what we read and write opens in Anki).

Notes become cards, one per card Anki would show: Basic (front → back), "Basic (and reversed
card)" (both directions, siblings), Cloze (one card per cloze number, hints kept), any other
note type by its templates (the fields the question shows on the front, the others on the
back; first field front and the rest back when a template names none). The deck tree
``Parent::Child`` gives domains and sections; a root deck shared by every card is the topic
itself. The note's GUID gives the card's key, so an updated deck updates cards in place.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from cards.sources import anki_html
from cards.sources.anki_collection import AnkiCard, read_cards
from cards.sources.anki_package import AnkiPackageError, open_package, read_media
from cards.sources.images import MAX_IMAGE_BYTES, MAX_TOTAL_IMAGE_BYTES, image_name
from cards.sources.parsed import ParsedCard, ParsedDomain, ParsedGuide, ParsedSection

__all__ = ["AnkiImport", "AnkiPackageError", "read_anki_package"]

# Anki cards ask a question and show its answer: the scenario kind's shape (cue → answer).
ANKI_CARD_KIND = "scenario"
DEFAULT_MAX_BYTES = 5 * 2**20


@dataclass(frozen=True)
class AnkiImport:
    guide: ParsedGuide
    # The package's images the cards show, checked (real image types, size-limited) and named
    # by their content's hash (cards.sources.images); card text shows them by that name.
    images: dict[str, bytes]
    warnings: tuple[str, ...]
    # The root deck's name when every card shares one: a title to suggest.
    title: str


@dataclass(frozen=True)
class _Face:
    card: AnkiCard
    prompt: str
    answer: str
    explanation: str


def read_anki_package(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> AnkiImport:
    archive, opened = open_package(data, max_bytes=max_bytes)
    with archive:
        try:
            cards = read_cards(opened.database, opened.collection_name)
        finally:
            opened.database.close()
        images = _Images(archive, opened)
        faces, warnings = [], []
        for card in cards:
            where = f"note {card.note.guid!r} card {card.ordinal + 1}"
            try:
                face = _face(card, images)
            except anki_html.FieldTooDeep as error:
                warnings.append(f"{where}: {error}, skipped")
                continue
            if face is None:
                warnings.append(f"{where}: empty, skipped")
            else:
                faces.append(face)
    sounds = sum(1 for card in cards if any(map(anki_html.has_sound, card.note.fields)))
    if sounds:
        warnings.append(f"{sounds} card(s) played audio: the audio was dropped")
    if not faces:
        # The first card skipped says why, when every card was.
        why = f" ({warnings[0]})" if warnings else ""
        raise AnkiPackageError(f"{opened.collection_name}: the package has no cards to import{why}")
    guide, title = _guide(faces)
    return AnkiImport(guide, images.stored, tuple(warnings + images.warnings), title)


class _Images:
    """The package's images that cards show, checked and renamed by their content's hash."""

    def __init__(self, archive, opened) -> None:
        self.archive, self.opened = archive, opened
        self.stored: dict[str, bytes] = {}
        self.warnings: list[str] = []
        self._names: dict[str, str | None] = {}

    def __call__(self, source: str) -> str | None:
        if source not in self._names:
            self._names[source] = self._store(source)
        return self._names[source]

    def _store(self, source: str) -> str | None:
        try:
            content = read_media(self.archive, self.opened, source, MAX_IMAGE_BYTES)
        except AnkiPackageError as error:
            self.warnings.append(f"image {source!r} left out: {error}")
            return None
        if content is None:
            self.warnings.append(f"image {source!r} left out: not in the package")
            return None
        name = image_name(content)
        if name is None:
            self.warnings.append(f"image {source!r} left out: not a PNG, JPEG, GIF or WebP image")
            return None
        if sum(map(len, self.stored.values())) + len(content) > MAX_TOTAL_IMAGE_BYTES:
            self.warnings.append(f"image {source!r} left out: the images exceed 16 MB")
            return None
        self.stored[name] = content
        return name


def _face(card: AnkiCard, images: _Images) -> _Face | None:
    note, note_type = card.note, card.note.note_type
    for field in note.fields:  # every field, as every one becomes text (the card's source)
        anki_html.check_nesting(field)
    values = dict(zip(note_type.fields, note.fields, strict=False))
    question, answer_template = note_type.templates.get(card.ordinal, ("", ""))
    if note_type.is_cloze:
        shown = anki_html.template_fields(question, note_type.fields) or list(note_type.fields[:1])
        text, number = values.get(shown[0], ""), card.ordinal + 1
        if number not in anki_html.cloze_numbers(text):
            return None
        prompt = anki_html.card_text(anki_html.cloze_front(text, number), images)
        answer = anki_html.card_text(anki_html.cloze_back(text, number), images)
        extra = [name for name in note_type.fields if name not in shown]
    else:
        front = anki_html.template_fields(question, note_type.fields) or list(note_type.fields[:1])
        back = [
            name
            for name in anki_html.template_fields(answer_template, note_type.fields)
            if name not in front
        ] or [name for name in note_type.fields if name not in front]
        prompt = "\n".join(
            filter(None, (anki_html.card_text(values.get(name, ""), images) for name in front))
        )
        parts = [anki_html.card_text(values.get(name, ""), images) for name in back]
        parts = [part for part in parts if part]
        answer, extra = (parts[0] if parts else ""), []
        explanation = "\n".join(parts[1:])
    if note_type.is_cloze:
        explanation = "\n".join(
            filter(None, (anki_html.card_text(values.get(name, ""), images) for name in extra))
        )
    if not prompt or not answer:
        return None
    return _Face(card, prompt, answer, explanation)


def _guide(faces: list[_Face]) -> tuple[ParsedGuide, str]:
    paths = [face.card.deck for face in faces]
    roots = {path[0] for path in paths}
    shared_root = len(roots) == 1 and any(len(path) > 1 for path in paths)
    title = next(iter(roots)) if len(roots) == 1 else "Anki deck"
    sections: dict[tuple[str, str], list[_Face]] = {}
    for face in sorted(faces, key=lambda face: face.card.deck):  # stable: note order within
        path = face.card.deck[1:] if shared_root else face.card.deck
        domain = path[0] if path else title
        section = " › ".join(path[1:]) or domain
        sections.setdefault((domain, section), []).append(face)
    keys, position = Counter(), 0
    siblings = Counter(face.card.note.guid for face in faces)
    domains: dict[str, list[ParsedSection]] = {}
    for (domain, section), members in sections.items():
        parsed = []
        for face in members:
            parsed.append(_card(face, position, keys, siblings[face.card.note.guid] > 1))
            position += 1
        titles = domains.setdefault(domain, [])
        titles.append(ParsedSection(len(titles) + 1, section, tuple(parsed)))
    total = len(faces)
    return (
        ParsedGuide(
            tuple(
                ParsedDomain(
                    number=number,
                    title=title_,
                    weight=round(100 * sum(len(s.cards) for s in parts) / total),
                    sections=tuple(parts),
                )
                for number, (title_, parts) in enumerate(domains.items(), start=1)
            )
        ),
        title,
    )


def _card(face: _Face, position: int, keys: Counter, has_siblings: bool) -> ParsedCard:
    note = face.card.note
    note_hash = hashlib.sha1(note.guid.encode(), usedforsecurity=False).hexdigest()[:12]
    key = f"anki-{note_hash}-{face.card.ordinal + 1}"
    keys[key] += 1
    if keys[key] > 1:  # two notes with one GUID: later ones get -2, -3, ...
        key = f"{key}-{keys[key]}"
    return ParsedCard(
        key=key,
        kind=ANKI_CARD_KIND,
        prompt=face.prompt,
        answer=face.answer,
        explanation=face.explanation,
        verdict="",
        source=" | ".join(filter(None, map(anki_html.plain_text, note.fields))),
        sibling=f"note-{note_hash}" if has_siblings else "",
        position=position,
        tags=note.tags,
    )
