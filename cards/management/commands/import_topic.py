from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cards.documents import fixture_from_document, is_fixture
from cards.fixture import FixtureError, load_fixture
from cards.importer import import_topic


class Command(BaseCommand):
    help = (
        "Import topics in one transaction each: create new cards, update changed ones, retire "
        "cards no longer there (never delete), keep editors' changes. A file is a topic fixture "
        "(.json) or a document built into one on the fly (.md, .txt, .csv, .tsv, .apkg)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fixtures", nargs="+", type=Path, metavar="file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the plan and change nothing."
        )
        parser.add_argument("--slug", default="", help="A document's topic slug (one document).")
        parser.add_argument("--title", default="", help="A document's topic title (one document).")

    def handle(
        self, *, fixtures: list[Path], dry_run: bool, slug: str, title: str, **options
    ) -> None:
        documents = [path for path in fixtures if not is_fixture(path.name)]
        if (slug or title) and len(documents) != 1:
            raise CommandError("--slug and --title name one topic: give exactly one document")
        # Read and check every file first, so one bad file stops the run before any import.
        loaded = []
        for path in fixtures:
            try:
                data = path.read_bytes()
                if is_fixture(path.name):
                    loaded.append((load_fixture(data, str(path)), ()))
                else:
                    built = fixture_from_document(str(path), data, slug=slug, title=title)
                    loaded.append((built.fixture, built.warnings))
            except OSError as error:
                raise CommandError(f"{path}: cannot read it ({error.strerror})") from None
            except FixtureError as error:
                raise CommandError(str(error)) from None
        for fixture, warnings in loaded:
            report = import_topic(fixture, now=timezone.now(), dry_run=dry_run)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
            for warning in warnings:
                self.stdout.write(f"Skipped, {warning}")
            self.stdout.write(report.summary())
