from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cards.fixture import FixtureError, build_fixture, dump_fixture, validate_fixture
from cards.sources import GuideError, parse_document
from cards.sources.quality import DROPPING


class Command(BaseCommand):
    help = "Build a topic fixture (JSON) from a study guide document (seed text or Markdown)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=Path)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *, document: Path, slug: str, title: str, output: Path, **options) -> None:
        try:
            text = document.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{document}: cannot read it ({error})") from None
        try:
            guide = parse_document(text)
        except GuideError as error:
            raise CommandError(f"{document}: {error}") from None
        fixture = build_fixture(guide, slug=slug, title=title, source=document.name)
        try:
            # Never write a fixture that import_topic would refuse.
            validate_fixture(fixture, str(document))
        except FixtureError as error:
            raise CommandError(str(error)) from None
        try:
            output.write_text(dump_fixture(fixture), encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write it ({error.strerror})") from None
        kinds = {}
        for card in fixture["cards"]:
            kinds[card["kind"]] = kinds.get(card["kind"], 0) + 1
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        self.stdout.write(
            f"Wrote {output}: {len(fixture['domains'])} domains, "
            f"{sum(len(d['sections']) for d in fixture['domains'])} sections, "
            f"{len(fixture['cards'])} cards ({counts})."
        )
        self.report_quality(fixture["cards"])

    def report_quality(self, cards: list[dict]) -> None:
        """Name every dropped card and why: it stays in the fixture, and an import retires it."""
        dropped = [card for card in cards if any(f["name"] in DROPPING for f in card["flags"])]
        flagged = [card for card in cards if card["flags"] and card not in dropped]
        self.stdout.write(
            f"Quality: {len(dropped)} cards dropped (an import retires them), "
            f"{len(flagged)} kept with flags for an editor."
        )
        for card in dropped:
            reasons = "; ".join(
                f"{f['name']}: {f['why']}" for f in card["flags"] if f["name"] in DROPPING
            )
            self.stdout.write(f"  dropped {card['key']} ({card['prompt'][:60]}): {reasons}")
