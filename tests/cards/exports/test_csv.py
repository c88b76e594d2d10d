"""A topic exported as CSV."""

import csv
import io

import pytest

from cards.exports.csv import export_topic_csv
from cards.sources.csv import parse_csv
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_one_row_per_active_card_in_document_order():
    topic = TopicFactory(slug="aws")
    section = SectionFactory(
        domain=DomainFactory(topic=topic, number=2, title="Security"), title="IAM"
    )
    CardFactory(section=section, key="b", position=2, prompt='Say "least", privilege', answer="Yes")
    CardFactory(section=section, key="a", position=1, trap=True, prompt="Root for daily work")
    CardFactory(section=section, key="gone", position=3, is_active=False)

    rows = list(csv.reader(io.StringIO(export_topic_csv(topic))))

    assert rows == [
        ["front", "back", "domain", "section", "kind", "key"],
        ["Root for daily work", "FALSE", "2. Security", "IAM", "trap", "a"],
        ['Say "least", privilege', "Yes", "2. Security", "IAM", "scenario", "b"],
    ]


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    # OWASP's CSV-injection defence: a leading quote makes the cell text in Excel/LibreOffice.
    topic = TopicFactory(slug="aws")
    section = SectionFactory(
        domain=DomainFactory(topic=topic, number=1, title="=HYPERLINK(x)"), title="@Queues"
    )
    for position, formula in enumerate(FORMULAS):
        CardFactory(section=section, key=f"k{position}", position=position, prompt=formula)
    CardFactory(section=section, key="plain", position=9, prompt="Q = 1", answer="-")

    rows = list(csv.reader(io.StringIO(export_topic_csv(topic))))[1:]

    assert [row[0] for row in rows] == ["'" + formula for formula in FORMULAS] + ["Q = 1"]
    assert rows[-1][1] == "'-"
    assert {row[3] for row in rows} == {"'@Queues"}
    assert {row[2] for row in rows} == {"1. =HYPERLINK(x)"}  # starts with its number


def test_every_cell_is_quoted_so_no_separator_splits_it_into_a_formula():
    # Opened where ";" separates cells, an unquoted "a;=1+1" would be two cells, one a formula.
    topic = TopicFactory(slug="aws")
    CardFactory(section=SectionFactory(domain=DomainFactory(topic=topic)), prompt="a;=1+1")

    header, row = export_topic_csv(topic).splitlines()

    assert header == '"front","back","domain","section","kind","key"'
    assert row.startswith('"a;=1+1",')


def test_its_own_export_reimports_with_the_text_as_it_was():
    topic = TopicFactory(slug="aws")
    section = SectionFactory(domain=DomainFactory(topic=topic), title="-Queues")
    for position, formula in enumerate(FORMULAS):
        CardFactory(
            section=section,
            key=f"k{position}",
            position=position,
            prompt=f"{formula} question",
            answer=f"{formula} answer",
        )

    # A cell that starts with a quote of its own keeps it: the export doubles it.
    CardFactory(section=section, key="quoted", position=9, prompt="'=1 is text", answer="'tis")

    guide = parse_csv(export_topic_csv(topic), name="aws.csv")

    assert [(c.prompt, c.answer) for c in guide.cards()] == [
        (" ".join(f"{formula} question".split()), " ".join(f"{formula} answer".split()))
        for formula in FORMULAS
    ] + [("'=1 is text", "'tis")]
    assert [s.title for s in guide.domains[0].sections] == ["-Queues"]
