"""A topic as CSV: one row per active card (front, back, domain, section, kind, key)."""

import csv
import io

from cards.exports.apkg import topic_cards
from cards.models import Topic

COLUMNS = ("front", "back", "domain", "section", "kind", "key")


def export_topic_csv(topic: Topic) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for card in topic_cards(topic):
        domain = card.section.domain
        writer.writerow(
            (
                card.prompt,
                card.answer,
                f"{domain.number}. {domain.title}",
                card.section.title,
                card.kind,
                card.key,
            )
        )
    return buffer.getvalue()
