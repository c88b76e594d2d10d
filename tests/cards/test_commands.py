from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cards.models import Card, Topic
from tests.cards.fixture_data import as_text, topic_fixture

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DVA_SOURCE = FIXTURES / "sources" / "aws-dva-c02.txt"
DVA_FIXTURE = FIXTURES / "aws-dva-c02.json"
DVA_TITLE = "AWS Certified Developer – Associate (DVA-C02)"


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def build_dva(output: Path) -> str:
    return command(
        "build_topic", str(DVA_SOURCE), "--slug", "aws-dva-c02", "--title", DVA_TITLE,
        "-o", str(output),
    )  # fmt: skip


def test_building_the_same_document_twice_gives_byte_identical_fixtures(tmp_path):
    build_dva(tmp_path / "one.json")
    build_dva(tmp_path / "two.json")

    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_the_committed_fixture_is_what_its_source_builds(tmp_path):
    output = build_dva(tmp_path / "rebuilt.json")

    assert "592 cards (71 scenario, 446 table, 75 trap)" in output
    assert (tmp_path / "rebuilt.json").read_bytes() == DVA_FIXTURE.read_bytes()


def test_building_from_a_document_with_no_cards_is_refused_naming_the_file(tmp_path):
    document = tmp_path / "notes.txt"
    document.write_text("Just some notes\nwith no domains at all\n")

    with pytest.raises(CommandError, match=r"notes\.txt: no cards found: "):
        command("build_topic", str(document), "--slug", "x", "--title", "X",
                "-o", str(tmp_path / "x.json"))  # fmt: skip
    assert not (tmp_path / "x.json").exists()


@pytest.mark.django_db
def test_importing_the_dva_deck_puts_every_card_in_its_section():
    output = command("import_topic", str(DVA_FIXTURE))

    assert "592 created" in output
    topic = Topic.objects.get(slug="aws-dva-c02")
    assert topic.title == DVA_TITLE
    assert [d.weight for d in topic.domains.all()] == [32, 26, 24, 18]
    assert Card.objects.filter(topic=topic, kind="trap").count() == 75
    assert Card.objects.filter(topic=topic, kind="scenario").count() == 71
    assert Card.objects.filter(topic=topic, kind="table").count() == 446
    sample = {
        "Reserved Concurrency eliminates cold starts": (1, "Develop Code for AWS Lambda"),
        "GSIs support strongly consistent reads": (
            1,
            "Use Data Stores in Application Development",
        ),
        "KMS automatic rotation changes the Key ID": (
            2,
            "Implement Encryption by Using AWS Services",
        ),
        "$LATEST is a publishable version": (3, "Automate Deployment Testing"),
        "X-Ray traces every single request by default": (4, "Assist in a Root Cause Analysis"),
    }
    for prompt, (domain, section) in sample.items():
        card = Card.objects.select_related("section__domain").get(topic=topic, prompt=prompt)
        assert (card.section.domain.number, card.section.title) == (domain, section), prompt


@pytest.mark.django_db
def test_importing_the_same_fixture_again_says_nothing_changed():
    command("import_topic", str(DVA_FIXTURE))

    output = command("import_topic", str(DVA_FIXTURE))

    assert "0 created, 0 updated, 592 unchanged, 0 retired, 0 conflicting" in output
    assert "Nothing changed" in output


@pytest.mark.django_db
def test_a_dry_run_prints_the_plan_and_writes_nothing():
    output = command("import_topic", str(DVA_FIXTURE), "--dry-run")

    assert "Dry run: nothing was written." in output
    assert "592 created" in output
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_one_bad_file_stops_the_run_before_anything_is_imported(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(as_text(topic_fixture()))
    bad = tmp_path / "bad.json"
    data = topic_fixture()
    data["cards"][1]["verdict"] = "MAYBE"
    bad.write_text(as_text(data))

    with pytest.raises(CommandError) as raised:
        command("import_topic", str(good), str(bad))

    assert str(raised.value) == (
        f"{bad}: cards[1].verdict: unknown verdict 'MAYBE' "
        "(expected one of ('TRUE', 'FALSE', 'PARTIALLY TRUE', 'CONTEXT-DEPENDENT'))"
    )
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.json: cannot read it"):
        command("import_topic", str(tmp_path / "missing.json"))
