from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cards.fixture import FixtureError, load_fixture
from cards.importer import import_topic


class Command(BaseCommand):
    help = (
        "Import topic fixtures in one transaction each: create new cards, update changed ones, "
        "retire cards no longer in the fixture (never delete), keep editors' changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fixtures", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the plan and change nothing."
        )

    def handle(self, *, fixtures: list[Path], dry_run: bool, **options) -> None:
        # Read and check every file first, so one bad file stops the run before any import.
        loaded = []
        for path in fixtures:
            try:
                loaded.append(load_fixture(path.read_bytes(), str(path)))
            except OSError as error:
                raise CommandError(f"{path}: cannot read it ({error.strerror})") from None
            except FixtureError as error:
                raise CommandError(str(error)) from None
        for fixture in loaded:
            report = import_topic(fixture, now=timezone.now(), dry_run=dry_run)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
            self.stdout.write(report.summary())
