import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cards.documents import fixture_from_document
from cards.fixture import FixtureError
from cards.sources.quality import DROPPING


class Command(BaseCommand):
    help = (
        "Build a topic fixture (JSON) from a document: Markdown notes or guide (.md, .txt), "
        "a CSV/TSV deck (.csv, .tsv: Anki plain text, Quizlet, front,back) or the seed's text."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=Path)
        parser.add_argument("--slug", default="", help="Default: from the file name.")
        parser.add_argument("--title", default="", help="Default: the document's own title.")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--exam",
            type=Path,
            help="A JSON file with the exam's format (questions, minutes, score_min, score_max, "
            "pass_mark, multiple_response); default: 20 questions in 30 minutes.",
        )

    def handle(
        self, *, document: Path, slug: str, title: str, output: Path, exam: Path | None, **options
    ) -> None:
        try:
            data = document.read_bytes()
        except OSError as error:
            raise CommandError(f"{document}: cannot read it ({error.strerror})") from None
        exam_format = self.read_exam(exam) if exam else None
        try:
            built = fixture_from_document(
                str(document), data, slug=slug, title=title, exam=exam_format
            )
        except FixtureError as error:
            raise CommandError(str(error)) from None
        try:
            output.write_text(built.text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write it ({error.strerror})") from None
        for warning in built.warnings:
            self.stdout.write(f"{document}: {warning}")
        fixture = built.data
        kinds: dict[str, int] = {}
        for card in fixture["cards"]:
            kinds[card["kind"]] = kinds.get(card["kind"], 0) + 1
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        self.stdout.write(
            f"Wrote {output}: {len(fixture['domains'])} domains, "
            f"{sum(len(d['sections']) for d in fixture['domains'])} sections, "
            f"{len(fixture['cards'])} cards ({counts})."
        )
        self.report_quality(fixture["cards"])

    def read_exam(self, path: Path) -> dict:
        """The exam format's sidecar file; the fixture's reader checks its fields."""
        try:
            exam = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot read it ({error.strerror})") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not valid JSON ({error})") from None
        if not isinstance(exam, dict):
            raise CommandError(f'{path}: must be a JSON object such as {{"questions": 65, …}}')
        return exam

    def report_quality(self, cards: list[dict]) -> None:
        """Name every dropped card and why: it stays in the fixture, and an import retires it."""
        dropped = [
            card for card in cards if any(f["name"] in DROPPING for f in card.get("flags", []))
        ]
        flagged = [card for card in cards if card.get("flags") and card not in dropped]
        self.stdout.write(
            f"Quality: {len(dropped)} cards dropped (an import retires them), "
            f"{len(flagged)} kept with flags for an editor."
        )
        for card in dropped:
            reasons = "; ".join(
                f"{f['name']}: {f['why']}" for f in card["flags"] if f["name"] in DROPPING
            )
            self.stdout.write(f"  dropped {card['key']} ({card['prompt'][:60]}): {reasons}")
