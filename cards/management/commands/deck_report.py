from django.core.management.base import BaseCommand, CommandError, CommandParser

from cards.models import Card, Topic
from cards.sources.deck_report import DeckCard, measure_deck
from cards.sources.quality import CardText


class Command(BaseCommand):
    help = (
        "Measure a topic's deck: per quality flag, how many cards carry it and how many of "
        "those the learner sees; and what the faces show that they should not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *, slug: str, **options) -> None:
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            known = ", ".join(Topic.objects.values_list("slug", flat=True)) or "none imported"
            raise CommandError(f"no topic {slug!r} (topics: {known})")
        cards = [deck_card(card) for card in Card.objects.filter(topic=topic).order_by("position")]
        report = measure_deck(slug, cards)
        self.stdout.write("\n".join(report.lines()))


def deck_card(card: Card) -> DeckCard:
    table = card.table or {}
    text = CardText(
        key=card.key,
        kind=card.kind,
        prompt=card.prompt,
        answer=card.answer,
        explanation=card.explanation,
        header=tuple(table.get("header", ())),
        row=tuple(table.get("row", ())),
        hidden=table.get("hidden"),
        subject=table.get("subject", ""),
    )
    return DeckCard(text=text, source=card.source, visible=card.is_active)
