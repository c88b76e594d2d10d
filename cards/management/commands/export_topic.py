from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cards.exports.apkg import export_topic
from cards.exports.csv import export_topic_csv
from cards.models import Topic

FORMATS = ("apkg", "csv")


class Command(BaseCommand):
    help = (
        "Export a topic's active cards as an Anki package (.apkg: decks Topic::Domain::Section, "
        "one note type per kind, GUIDs stable across exports) or as CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--format", choices=FORMATS, help="Default: from the output's suffix (.apkg or .csv)."
        )

    def handle(self, *, slug: str, output: Path, format: str | None, **options) -> None:
        format = format or output.suffix.lstrip(".").lower()
        if format not in FORMATS:
            raise CommandError(f"{output}: say --format apkg or csv, or end the name in one")
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            known = ", ".join(Topic.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"no topic {slug!r} (topics: {known})")
        content = export_topic(topic) if format == "apkg" else export_topic_csv(topic).encode()
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{output}: cannot write it ({error.strerror})") from None
        count = topic.cards.active().count()
        self.stdout.write(f"{topic.slug}: {count} cards written to {output} ({format}).")
