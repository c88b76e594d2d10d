"""Opening what spacecards exports with the real Anki library, as a learner's Anki would."""

import contextlib
from collections.abc import Iterator
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


@contextlib.contextmanager
def imported_into_anki(
    packages: list[bytes], folder: Path, *, with_scheduling: bool = False
) -> Iterator[Collection]:
    """A fresh Anki collection after importing each package in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        for number, package in enumerate(packages):
            path = folder / f"export-{number}.apkg"
            path.write_bytes(package)
            collection.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(path),
                    options=ImportAnkiPackageOptions(
                        with_scheduling=with_scheduling, merge_notetypes=True
                    ),
                )
            )
        yield collection
    finally:
        collection.close()


def notes_by_key(collection: Collection) -> dict[str, dict]:
    """Every note as {field name: value}, plus its guid, tags, note type and deck, by Key field."""
    found = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        (card,) = note.cards()
        found[note["Key"]] = dict(note.items()) | {
            "guid": note.guid,
            "tags": sorted(note.tags),
            "note type": note.note_type()["name"],
            "deck": collection.decks.name(card.did),
        }
    return found
