import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cards.models import Card, Topic
from cards.sources.quality import DROPPING
from tests.cards.fixture_data import as_text, topic_fixture

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DVA_SOURCE = FIXTURES / "sources" / "aws-dva-c02.txt"
DVA_FIXTURE = FIXTURES / "aws-dva-c02.json"
DVA_EXAM = FIXTURES / "sources" / "aws-dva-c02.exam.json"
DVA_TITLE = "AWS Certified Developer – Associate (DVA-C02)"


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def build_dva(output: Path) -> str:
    return command(
        "build_topic", str(DVA_SOURCE), "--slug", "aws-dva-c02", "--title", DVA_TITLE,
        "--exam", str(DVA_EXAM), "-o", str(output),
    )  # fmt: skip


def test_building_the_same_document_twice_gives_byte_identical_fixtures(tmp_path):
    build_dva(tmp_path / "one.json")
    build_dva(tmp_path / "two.json")

    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_the_committed_fixture_is_what_its_source_builds(tmp_path):
    output = build_dva(tmp_path / "rebuilt.json")

    assert "592 cards (71 scenario, 446 table, 75 trap)" in output
    assert (tmp_path / "rebuilt.json").read_bytes() == DVA_FIXTURE.read_bytes()


def test_the_quality_pass_keeps_every_key_learners_history_is_on():
    """Content changed (subjects, tidied text, flags), but no card got a new key: the keys of
    the committed DVA fixture are those it had before the quality pass."""
    before = (Path(__file__).parent / "dva_keys_before_quality_pass.txt").read_text().split()
    fixture = json.loads(DVA_FIXTURE.read_text(encoding="utf-8"))

    assert sorted(card["key"] for card in fixture["cards"]) == before


def test_building_names_every_dropped_card_and_why(tmp_path):
    output = build_dva(tmp_path / "dva.json")

    assert "Quality: 30 cards dropped (an import retires them), 27 kept with flags" in output
    assert (
        "dropped table-d98689380b (Manage Sensitive Data in Application Code — PCI-DSS: Regulat): "
        "answer-in-prompt: the question already says 'PCI-DSS'"
    ) in output
    assert output.count("\n  dropped ") == 30


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
def test_the_deck_a_learner_meets_has_no_card_a_flag_drops():
    output = command("import_topic", str(DVA_FIXTURE))

    assert "Dropped (30 were retired for their quality flags" in output
    active = Card.objects.filter(topic__slug="aws-dva-c02", is_active=True)
    assert active.count() == 592 - 30
    for name in DROPPING:
        assert not active.flagged(name).exists(), name
    assert Card.objects.filter(is_active=False).exclude(open_flags="").count() == 30


@pytest.mark.django_db
def test_deck_report_counts_each_flag_and_what_the_learner_sees():
    command("import_topic", str(DVA_FIXTURE))

    report = command("deck_report", "aws-dva-c02").splitlines()

    assert report[0] == "aws-dva-c02: 592 cards, the learner sees 562."
    rows = {line.split()[0]: line.split()[1:3] for line in report[2:9]}
    assert rows["duplicate-cell"] == ["17", "0"]
    assert rows["answer-in-prompt"] == ["2", "0"]
    assert rows["near-duplicate"] == ["11", "0"]
    assert rows["no-subject"] == ["0", "0"]
    assert rows["binary-by-elimination"] == ["24", "24"]
    assert "  prompts ending in '??': 0" in report
    assert "  explanations or answers starting in lower case: 0" in report
    assert "  scenario backs quoting another card's cue: 0" in report
    assert "  table cards without a subject: 0" in report


@pytest.mark.django_db
def test_deck_report_on_an_unknown_topic_names_the_known_ones():
    command("import_topic", str(DVA_FIXTURE))

    with pytest.raises(CommandError, match=r"no topic 'nope' \(topics: aws-dva-c02\)"):
        command("deck_report", "nope")


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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000, "line 1, column 21: nested more than 20 levels deep"),
        (
            as_text(topic_fixture())[:-2] + ',\n "cards": []\n}',
            "top level: the key 'cards' appears more than once",
        ),
        (
            as_text(topic_fixture()).replace('"weight": 60', '"weight": ' + "9" * 5000),
            "domains[0].weight: a 5000-digit number is out of range",
        ),
        (
            as_text(topic_fixture()).replace('"prompt": "Cue', '"prompt": "\\u0000Cue', 1),
            "cards[0].prompt: contains a NUL character",
        ),
        (
            as_text(topic_fixture()).replace('"prompt": "Cue', '"prompt": "\\udc00Cue', 1),
            "cards[0].prompt: contains a lone UTF-16 surrogate",
        ),
    ],
)
def test_a_hostile_file_is_a_command_error_naming_it_and_nothing_is_written(
    tmp_path, content, message
):
    hostile = tmp_path / "hostile.json"
    hostile.write_text(content)

    with pytest.raises(CommandError) as raised:
        command("import_topic", str(hostile))

    assert str(raised.value).startswith(f"{hostile}: {message}")
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_directory_instead_of_a_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read it"):
        command("import_topic", str(tmp_path))


def test_building_checks_the_fixture_before_writing_it(tmp_path):
    with pytest.raises(CommandError) as raised:
        command("build_topic", str(DVA_SOURCE), "--slug", "aws", "--title", "T" * 201,
                "-o", str(tmp_path / "x.json"))  # fmt: skip

    assert (
        str(raised.value) == f"{DVA_SOURCE}: topic.title: is 201 characters long; at most 200 fit"
    )
    assert not (tmp_path / "x.json").exists()


def test_building_into_a_missing_folder_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere/x\.json: cannot write it"):
        command("build_topic", str(DVA_SOURCE), "--slug", "aws", "--title", "AWS",
                "-o", str(tmp_path / "nowhere" / "x.json"))  # fmt: skip
