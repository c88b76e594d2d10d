"""A topic as CSV: one row per active card (front, back, domain, section, kind, key).

Meant for a spreadsheet and for this app's own CSV import (cards.sources.csv reads it back as a
front,back deck with sections). A cell a spreadsheet would run as a formula is written after a
quote, and every cell is quoted so that no list separator splits one into a formula. The import
takes that quote off again; Anki's CSV import would keep it (an .apkg export is for Anki).
"""

import csv
import io

from cards.exports.apkg import topic_cards
from cards.models import Topic
from cards.sources.csv import EXPORT_COLUMNS, quote_formula

COLUMNS = EXPORT_COLUMNS


def export_topic_csv(topic: Topic) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for card in topic_cards(topic):
        domain = card.section.domain
        cells = (
            card.prompt,
            card.answer,
            f"{domain.number}. {domain.title}",
            card.section.title,
            card.kind,
            card.key,
        )
        writer.writerow([quote_formula(cell) for cell in cells])
    return buffer.getvalue()
