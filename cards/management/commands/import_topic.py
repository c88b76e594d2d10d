from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.text import slugify

from cards.fixture import FixtureError, build_fixture, dump_fixture, load_fixture
from cards.importer import import_topic
from cards.sources.anki import AnkiPackageError, read_anki_package


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
        parser.add_argument(
            "--slug", help="An Anki package's topic slug (default: from the file's name)."
        )
        parser.add_argument(
            "--title", help="An Anki package's topic title (default: its root deck's name)."
        )

    def handle(
        self,
        *,
        fixtures: list[Path],
        dry_run: bool,
        slug: str | None = None,
        title: str | None = None,
        **options,
    ) -> None:
        # Read and check every file first, so one bad file stops the run before any import.
        loaded = []
        for path in fixtures:
            try:
                if path.suffix.lower() == ".apkg":
                    loaded.append(self._anki_package(path, slug, title))
                else:
                    loaded.append(load_fixture(path.read_bytes(), str(path)))
            except AnkiPackageError as error:
                raise CommandError(f"{path}: {error}") from None
            except OSError as error:
                raise CommandError(f"{path}: cannot read it ({error.strerror})") from None
            except FixtureError as error:
                raise CommandError(str(error)) from None
        for fixture in loaded:
            report = import_topic(fixture, now=timezone.now(), dry_run=dry_run)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
            self.stdout.write(report.summary())

    def _anki_package(self, path: Path, slug: str | None, title: str | None):
        package = read_anki_package(path.read_bytes())
        for warning in package.warnings:
            self.stderr.write(f"{path}: {warning}")
        fixture = build_fixture(
            package.guide,
            slug=slug or slugify(path.stem) or "anki-deck",
            title=title or package.title,
            source=path.name,
        )
        return load_fixture(dump_fixture(fixture), str(path))
