"""manage.py export_topic and the topic list's export actions."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import CardFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    topic = TopicFactory(slug="aws")
    CardFactory.create_batch(3, section__domain__topic=topic)
    return topic


def test_command_writes_an_apkg(topic, tmp_path):
    out = io.StringIO()
    call_command("export_topic", "aws", "-o", str(tmp_path / "aws.apkg"), stdout=out)
    assert "aws: 3 cards written to" in out.getvalue()
    with zipfile.ZipFile(tmp_path / "aws.apkg") as archive:
        assert "collection.anki2" in archive.namelist()


def test_command_writes_csv_from_the_suffix(topic, tmp_path):
    call_command("export_topic", "aws", "-o", str(tmp_path / "aws.csv"), stdout=io.StringIO())
    rows = list(csv.reader((tmp_path / "aws.csv").open()))
    assert len(rows) == 4


def test_command_names_an_unknown_topic(topic, tmp_path):
    with pytest.raises(CommandError, match="no topic 'nope' \\(topics: aws\\)"):
        call_command("export_topic", "nope", "-o", str(tmp_path / "x.apkg"))


def test_command_refuses_an_unknown_format(topic, tmp_path):
    with pytest.raises(CommandError, match="say --format apkg or csv"):
        call_command("export_topic", "aws", "-o", str(tmp_path / "x.txt"))


def test_command_names_an_unwritable_output(topic, tmp_path):
    with pytest.raises(CommandError, match="cannot write it"):
        call_command("export_topic", "aws", "-o", str(tmp_path / "missing" / "x.apkg"))


def test_admin_action_downloads_the_apkg(topic, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:cards_topic_changelist"),
        {"action": "export_apkg", "_selected_action": [topic.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="aws.apkg"'
    assert zipfile.is_zipfile(io.BytesIO(response.content))


def test_admin_action_wants_exactly_one_topic(topic, client):
    other = TopicFactory(slug="other")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:cards_topic_changelist"),
        {"action": "export_csv", "_selected_action": [topic.pk, other.pk]},
        follow=True,
    )
    assert "Choose exactly one topic to export." in response.content.decode()
