"""Pictures on cards: an Anki deck's images are stored, shown on the card, and exported back."""

import base64
import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse

from cards.exports.apkg import export_topic
from cards.fixture import FixtureError, load_fixture
from cards.importer import import_topic
from cards.models import Card, CardImage, Topic
from cards.sources.images import image_name
from cards.templatetags.card_text import card_text
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.cards.sources import anki_packages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
PNG_NAME = image_name(anki_packages.PNG)


def fixture_with_image(**images) -> str:
    data = json.loads(
        as_text(topic_fixture(card("k", answer=f"A diagram ![VPC](card-image:{PNG_NAME})")))
    )
    data["images"] = images or {PNG_NAME: base64.b64encode(anki_packages.PNG).decode()}
    return json.dumps(data)


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_an_import_stores_the_image_once_and_a_dry_run_stores_none():
    fixture = load_fixture(fixture_with_image(), "demo.json")

    import_topic(fixture, now=NOW, dry_run=True)
    assert not CardImage.objects.exists()

    report = import_topic(fixture, now=NOW)
    import_topic(fixture, now=NOW)

    (image,) = CardImage.objects.all()
    assert (image.name, bytes(image.content), image.content_type) == (
        PNG_NAME,
        anki_packages.PNG,
        "image/png",
    )
    assert "1 image(s) stored for the cards to show." in report.outline_changes


def test_the_card_shows_its_image_and_the_image_is_served_to_a_signed_in_user(client, learner):
    import_topic(load_fixture(fixture_with_image(), "demo.json"), now=NOW)
    url = reverse("card-image", args=[PNG_NAME])

    shown = card_text(Card.objects.get().answer)
    response = client.get(url)

    assert shown == f'A diagram <img src="{url}" alt="VPC">'
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == anki_packages.PNG


def test_an_image_needs_sign_in_and_an_unknown_one_is_not_found(client, learner):
    assert client.get(reverse("card-image", args=["0" * 20 + ".png"])).status_code == 404
    assert client.get("/card-images/..%2Fsecret").status_code == 404
    client.logout()
    import_topic(load_fixture(fixture_with_image(), "demo.json"), now=NOW)
    response = client.get(reverse("card-image", args=[PNG_NAME]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("images", "problem"),
    [
        ({PNG_NAME: "not base64!"}, f"images.{PNG_NAME}: is not valid base64"),
        (
            {PNG_NAME: base64.b64encode(b"<script>alert(1)</script>").decode()},
            f"images.{PNG_NAME}: is not a PNG, JPEG, GIF or WebP image with these bytes' name",
        ),
        ({"../etc/passwd": "AAAA"}, "images.../etc/passwd: is not an image name"),
        (
            {PNG_NAME: base64.b64encode(anki_packages.PNG + b"\0" * 3 * 2**20).decode()},
            f"images.{PNG_NAME}: is larger than 2 MB",
        ),
    ],
)
def test_a_bad_image_in_a_fixture_is_refused_naming_it(images, problem):
    with pytest.raises(FixtureError) as error:
        load_fixture(fixture_with_image(**images), "demo.json")

    assert f"demo.json: {problem}" in str(error.value)


def test_an_anki_deck_with_a_picture_keeps_it_on_the_card(tmp_path, client, learner):
    from django.core.management import call_command

    path = tmp_path / "deck.apkg"
    path.write_bytes(anki_packages.genanki_package(tmp_path / "built.apkg"))
    call_command("import_topic", str(path), stdout=io.StringIO())

    card = Card.objects.get(prompt="VPC peering transitive?")
    assert card.answer == f"No ![](card-image:{PNG_NAME})"
    assert CardImage.objects.filter(name=PNG_NAME).exists()


def test_an_exported_package_carries_the_images_its_notes_show():
    import_topic(load_fixture(fixture_with_image(), "demo.json"), now=NOW)

    package = export_topic(Topic.objects.get())

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        media = json.loads(archive.read("media"))
        assert media == {"0": PNG_NAME}
        assert archive.read("0") == anki_packages.PNG
