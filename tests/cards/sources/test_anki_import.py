"""An Anki package through the import pipeline: import_topic and the admin's import page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cards.models import Card, Topic
from tests.cards.sources import anki_packages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("anki")
    collection = anki_packages.build_collection(folder)
    try:
        return anki_packages.export(collection, folder / "deck.apkg", legacy=False)
    finally:
        collection.close()


def test_import_topic_reads_an_apkg_and_reimport_updates_in_place(package, tmp_path):
    path = tmp_path / "AWS Dev.apkg"
    path.write_bytes(package)
    out = io.StringIO()

    call_command("import_topic", str(path), stdout=out)

    topic = Topic.objects.get(slug="aws-dev")
    assert topic.title == anki_packages.ROOT_DECK
    assert topic.cards.count() == 7
    # Like every document's reader, what the package left out is listed with the plan.
    assert "audio was dropped" in out.getvalue()
    ids = dict(topic.cards.values_list("key", "pk"))
    call_command("import_topic", str(path), stdout=out, stderr=io.StringIO())
    assert dict(topic.cards.values_list("key", "pk")) == ids
    assert "Nothing changed" in out.getvalue()


def test_import_topic_takes_slug_and_title(package, tmp_path):
    path = tmp_path / "deck.apkg"
    path.write_bytes(package)
    call_command(
        "import_topic", str(path), "--slug", "lambda", "--title", "Lambda", stdout=io.StringIO()
    )
    assert Topic.objects.get(slug="lambda").title == "Lambda"


def test_import_topic_refuses_a_hostile_package_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.apkg"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="bad.apkg: not an Anki package: it is not a zip file"):
        call_command("import_topic", str(path))
    assert not Topic.objects.exists()


def test_admin_import_page_takes_an_apkg(package, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("deck.apkg", package)
    response = client.post(
        reverse("admin:cards_topic_import"), {"document": upload, "slug": "aws", "title": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dry run of deck.apkg" in page
    assert "audio was dropped" in page
    assert not Card.objects.exists()


def test_admin_import_page_refuses_a_hostile_apkg(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    bomb = anki_packages.zip_of({"collection.anki21": b"\x00" * (65 * 2**20)})
    upload = SimpleUploadedFile("bomb.apkg", bomb)
    response = client.post(reverse("admin:cards_topic_import"), {"document": upload, "slug": "x"})
    assert response.status_code == 400
    assert "bomb.apkg: collection.anki21: larger than 64 MB unpacked" in response.content.decode()
    assert not Topic.objects.exists()


def test_tags_are_kept_on_the_card_and_searchable_in_the_admin(package, tmp_path, client):
    path = tmp_path / "deck.apkg"
    path.write_bytes(package)
    call_command("import_topic", str(path), "--slug", "aws", stdout=io.StringIO())
    tagged = Card.objects.get(tags="lambda limits")
    assert tagged.prompt == "Max **Lambda** timeout & memory?"

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:cards_card_changelist"), {"q": "limits"}).content.decode()
    assert tagged.key in page
    assert "1 result" in page


def test_a_fixture_with_spaces_in_a_tag_is_refused():
    from cards.fixture import FixtureError, load_fixture
    from tests.cards.fixture_data import as_text, card, topic_fixture

    data = topic_fixture(card("k1", tags=["two words"]))
    with pytest.raises(FixtureError, match=r"cards\[0\]\.tags: must be a list of tags without"):
        load_fixture(as_text(data), "x.json")
