"""A topic as an Anki package (.apkg), written with genanki.

One note type per kind, styled to read in Anki: a trap's statement with its verdict and
explanation on the back; a table card's header and row as an HTML table with the hidden cell,
the whole row on the back; a scenario's cue and answer. Decks form the tree
Topic::Domain::Section, every note is tagged with its kind and domain, and every GUID comes
from the topic and the card's key, so importing a later export into Anki updates the notes
instead of adding copies.

``package_bytes`` takes a hook that may change the collection before it is zipped: the
learner's export (scheduler.exports) writes their schedule into it there.
"""

import hashlib
import io
import itertools
import json
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterable

import genanki

from cards.models import Card, CardImage, Topic
from cards.rendering import render_card_text

# An image in a note's field, as render_card_text writes it for a package: the file's name.
_IMAGE_SOURCE_RE = re.compile(r'<img src="([0-9a-f]{20}\.(?:png|jpg|gif|webp))"')

CSS = """
.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.5;
        color: #1d2430; background: #fff; text-align: left; max-width: 40em; margin: 0 auto; }
.nightMode .card, .card.nightMode { color: #e8ecf2; background: #1d2430; }
.place { font-size: 13px; color: #6b7585; margin-bottom: .8em; }
.ask { font-size: 14px; text-transform: uppercase; letter-spacing: .05em; color: #6b7585; }
.verdict { font-weight: bold; font-size: 24px; }
.explanation, .extra { margin-top: .6em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #b8c0cc; padding: .3em .6em; }
td.hidden { background: #fff3c4; font-weight: bold; }
.nightMode td.hidden { background: #5a4a00; }
"""
PLACE = '<div class="place">{{Place}}</div>'


def _stable_id(text: str) -> int:
    # Anki ids are 64-bit ints; the same name gives the same id in every export.
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) + (1 << 40)


def _model(kind: str, fields: list[str], front: str, back: str) -> genanki.Model:
    return genanki.Model(
        _stable_id(f"spacecards-model-{kind}"),
        f"spacecards {kind}",
        fields=[{"name": name} for name in fields],
        templates=[{"name": kind.capitalize(), "qfmt": PLACE + front, "afmt": back}],
        css=CSS,
        sort_field_index=1,
    )


MODELS = {
    "trap": _model(
        "trap",
        ["Place", "Statement", "Verdict", "Explanation", "Key"],
        '<div class="ask">True or false?</div><div>{{Statement}}</div>',
        '{{FrontSide}}<hr id="answer"><div class="verdict">{{Verdict}}</div>'
        '<div class="explanation">{{Explanation}}</div>',
    ),
    "table": _model(
        "table",
        ["Place", "Question", "Table", "Answer", "Row", "Key"],
        "<div>{{Question}}</div>{{Table}}",
        '{{Place}}<div>{{Question}}</div><hr id="answer">'
        '<div class="verdict">{{Answer}}</div>{{Row}}',
    ),
    "scenario": _model(
        "scenario",
        ["Place", "Prompt", "Answer", "Explanation", "Key"],
        "<div>{{Prompt}}</div>",
        '{{FrontSide}}<hr id="answer"><div class="verdict">{{Answer}}</div>'
        '<div class="extra">{{Explanation}}</div>',
    ),
}


def note_guid(topic: Topic, card: Card) -> str:
    return genanki.guid_for("spacecards", topic.slug, card.key)


def deck_name(topic: Topic, card: Card) -> str:
    domain = card.section.domain
    parts = (topic.title, f"{domain.number}. {domain.title}", card.section.title)
    # "::" separates deck levels in Anki, so a title may not contain it.
    return "::".join(part.replace("::", ":") for part in parts)


def _text(value: str) -> str:
    # The same sanitised rendering as the review page; an image is a file in the package.
    return render_card_text(value)


def _table(header: list[str], row: list[str], hidden: int | None) -> str:
    def cell(tag: str, value: str, index: int) -> str:
        if index == hidden:
            return '<td class="hidden">?</td>'
        return f"<{tag}>{_text(value)}</{tag}>"

    head = "".join(cell("th", value, -1) for value in header)
    body = "".join(cell("td", value, index) for index, value in enumerate(row))
    return f"<table><tr>{head}</tr><tr>{body}</tr></table>"


def _tag(text: str) -> str:
    return re.sub(r"[^\w-]+", "_", text).strip("_")[:40]


def note_for(topic: Topic, card: Card) -> genanki.Note:
    domain = card.section.domain
    place = _text(f"{domain.title} · {card.section.title}")
    if card.kind == "trap":
        fields = [place, _text(card.prompt), _text(card.verdict), _text(card.explanation)]
    elif card.kind == "table" and card.table:
        header, row, hidden = card.table["header"], card.table["row"], card.table["hidden"]
        fields = [
            place,
            _text(card.prompt),
            _table(header, row, hidden),
            _text(card.answer),
            _table(header, row, None),
        ]
    else:  # scenario, and kinds without a note type of their own: cue → answer
        fields = [place, _text(card.prompt), _text(card.answer), _text(card.explanation)]
    model = MODELS["trap" if card.kind == "trap" else "table" if card.table else "scenario"]
    note = genanki.Note(
        model=model,
        fields=[*fields, card.key],
        guid=note_guid(topic, card),
        tags=[
            f"kind::{card.kind}",
            f"domain::{domain.number}_{_tag(domain.title)}",
            *card.tags.split(),
        ],
        due=card.position,
    )
    return note


def topic_cards(topic: Topic) -> list[Card]:
    """The cards a learner studies: active ones, in document order."""
    return list(topic.cards.active().with_place().order_by("position"))


def build_package(topic: Topic, cards: Iterable[Card]) -> genanki.Package:
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        name = deck_name(topic, card)
        if name not in decks:
            decks[name] = genanki.Deck(_stable_id(f"spacecards-deck-{topic.slug}-{name}"), name)
        decks[name].add_note(note_for(topic, card))
    return genanki.Package(list(decks.values()))


def package_bytes(
    package: genanki.Package,
    *,
    timestamp: float | None = None,
    before_zip: Callable[[sqlite3.Connection], None] | None = None,
) -> bytes:
    """The .apkg, built in memory: collection.anki2 (Anki's long-lived schema) and the images
    its notes show, as Anki's numbered media files."""
    timestamp = time.time() if timestamp is None else timestamp
    database = sqlite3.connect(":memory:")
    try:
        package.write_to_db(database.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        _use_v2_scheduler(database)
        if before_zip is not None:
            before_zip(database)
        database.commit()
        collection = database.serialize()
    finally:
        database.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        images = _images_shown(database_text=collection)
        for number, image in enumerate(images):
            archive.writestr(str(number), bytes(image.content))
        archive.writestr("media", json.dumps({str(n): i.name for n, i in enumerate(images)}))
    return buffer.getvalue()


def _images_shown(*, database_text: bytes) -> list[CardImage]:
    """The stored images the package's notes show (their fields name them)."""
    names = set(_IMAGE_SOURCE_RE.findall(database_text.decode("utf-8", "replace")))
    return list(CardImage.objects.filter(name__in=names).order_by("name"))


def stamp_note_times(database: sqlite3.Connection, topic: Topic, cards: Iterable[Card]) -> None:
    """A note's modification time is its card's: Anki updates only the notes that changed
    since the learner's last import (and keeps a note the learner edited in Anki since)."""
    database.executemany(
        "UPDATE notes SET mod = ? WHERE guid = ?",
        [(int(card.updated_at.timestamp()), note_guid(topic, card)) for card in cards],
    )


def _use_v2_scheduler(database: sqlite3.Connection) -> None:
    # genanki's collection names no scheduler, which Anki reads as the old v1 one and then
    # "upgrades" its review log (v1 learning had three buttons). Ours already means v2's four.
    (conf,) = database.execute("SELECT conf FROM col").fetchone()
    database.execute("UPDATE col SET conf = ?", (json.dumps(json.loads(conf) | {"schedVer": 2}),))


def export_topic(topic: Topic) -> bytes:
    cards = topic_cards(topic)
    return package_bytes(
        build_package(topic, cards),
        before_zip=lambda database: stamp_note_times(database, topic, cards),
    )
