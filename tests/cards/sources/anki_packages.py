"""Anki packages for the tests, written by the real `anki` library and by genanki.

One collection holds what a shared deck holds: a Basic note with tags and an image, a
"Basic (and reversed card)" note, a Cloze note with a hint, a note of a custom note type, an
audio clip, review history, and a deck tree. It is exported as Anki writes today
(collection.anki21b, zstd) and as its legacy export (collection.anki21); genanki writes the
Anki 2.0 vintage (collection.anki2).
"""

import io
import json
import zipfile
from pathlib import Path

import genanki
from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
ROOT_DECK = "AWS Dev"


def build_collection(folder: Path) -> Collection:
    collection = Collection(str(folder / "collection.anki2"))
    basic, reversed_, cloze = (
        collection.models.by_name(name) for name in ("Basic", "Basic (and reversed card)", "Cloze")
    )
    compute = collection.decks.id(f"{ROOT_DECK}::Compute::Lambda")
    storage = collection.decks.id(f"{ROOT_DECK}::Storage")

    def add(model, deck, tags=(), **fields):
        note = collection.new_note(model)
        for name, value in fields.items():
            note[name.replace("_", " ")] = value
        note.tags = list(tags)
        collection.add_note(note, deck)
        return note

    add(
        basic,
        compute,
        tags=("lambda", "limits"),
        Front="Max <b>Lambda</b> timeout &amp; memory?",
        Back='15 minutes<br><img src="diagram.png"><script>alert(1)</script>',
    )
    add(reversed_, compute, Front="Cold start", Back="First invocation of a new environment")
    add(
        cloze,
        storage,
        Text="{{c1::S3::service}} stores objects; {{c2::EBS}} stores blocks",
        Back_Extra="<i>Both are durable</i>",
    )
    add(basic, storage, Front="What is this sound?", Back="A bell [sound:bell.mp3]")

    custom = collection.models.new("Vocabulary")
    for name in ("Word", "Meaning", "Example"):
        collection.models.add_field(custom, collection.models.new_field(name))
    template = collection.models.new_template("Recall")
    template["qfmt"] = "{{Word}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
    collection.models.add_template(custom, template)
    collection.models.add(custom)
    add(
        collection.models.by_name("Vocabulary"),
        storage,
        Word="Idempotent",
        Meaning="Same result when repeated",
        Example="PUT",
    )

    image = folder / "diagram.png"
    image.write_bytes(PNG)
    collection.media.add_file(str(image))
    sound = folder / "bell.mp3"
    sound.write_bytes(b"ID3" + b"\x00" * 20)
    collection.media.add_file(str(sound))
    _add_review_history(collection)
    return collection


def _add_review_history(collection: Collection) -> None:
    card_id = collection.db.scalar("SELECT min(id) FROM cards")
    collection.db.execute(
        "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = 6, factor = 2500, reps = 2 "
        "WHERE id = ?",
        collection.sched.today + 3,
        card_id,
    )
    for offset, (ease, interval) in enumerate(((3, 1), (3, 6))):
        collection.db.execute(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, 0, 2500, 4000, 1)",
            1_700_000_000_000 + offset,
            card_id,
            ease,
            interval,
        )


def export(collection: Collection, path: Path, *, legacy: bool) -> bytes:
    root = collection.decks.id(ROOT_DECK)
    collection.export_anki_package(
        out_path=str(path),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
        ),
        limit=DeckIdLimit(deck_id=root),
    )
    return path.read_bytes()


def genanki_package(path: Path) -> bytes:
    """The Anki 2.0 vintage: collection.anki2 with note types as JSON in col.models."""
    model = genanki.Model(
        1607392319,
        "Simple",
        fields=[{"name": "Question"}, {"name": "Answer"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
            }
        ],
    )
    deck = genanki.Deck(2059400110, f"{ROOT_DECK}::Networking")
    deck.add_note(
        genanki.Note(
            model=model,
            fields=["VPC peering transitive?", 'No <img src="net.png">'],
            guid="vpc-peering",
            tags=["vpc"],
        )
    )
    deck.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=["A {{c1::NAT gateway}} lets private subnets out", ""],
            guid="nat",
        )
    )
    image = path.parent / "net.png"
    image.write_bytes(PNG)
    package = genanki.Package(deck)
    package.media_files = [str(image)]
    package.write_to_file(str(path))
    return path.read_bytes()


def zip_of(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_entries(package: bytes, **replacements: bytes) -> bytes:
    """The package with some entries replaced (keyword "media" etc.)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return zip_of(entries | replacements)


def media_map(mapping: dict[str, str]) -> bytes:
    return json.dumps(mapping).encode()
