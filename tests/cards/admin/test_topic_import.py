"""Importing a topic in the admin: upload, dry-run plan, confirm; bad files change nothing."""

import datetime as dt
import random
import re
import string
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cards import editing
from cards.fixture import load_fixture
from cards.forms import MAX_UPLOAD_BYTES
from cards.importer import import_topic
from cards.models import Card, Domain, PendingImport, Section, Topic
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:cards_topic_import")
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)

GUIDE = """\
# Domain 1: Keeping food cold (60%)

## Fridges

| Food | Keep at | Use within |
|---|---|---|
| Raw chicken | 0–4 °C | 2 days |

Common traps:
- "A fridge at 8 °C is cold enough" — FALSE; keep it at 5 °C or below.

# Domain 2: Cooking (40%)

## Temperatures

"Reheating leftovers" → until 75 °C in the thickest part.
"""


def upload(client, name: str, content: str | bytes, **fields):
    content = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"document": SimpleUploadedFile(name, content), **fields})


def payload_of(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


def snapshot() -> tuple:
    return tuple(
        list(model.objects.order_by("pk").values()) for model in (Topic, Domain, Section, Card)
    )


def test_the_import_page_is_linked_from_the_topic_list(editor, client):
    page = client.get(reverse("admin:cards_topic_changelist")).content.decode()
    assert f'href="{IMPORT}"' in page
    assert client.get(IMPORT).status_code == 200


def test_a_fixture_upload_shows_the_dry_run_plan_and_changes_nothing(editor, client):
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    before = snapshot()
    changed = topic_fixture(
        card("scenario-a", position=0, answer="A new answer"),
        card("scenario-new", position=5),
    )

    response = upload(client, "demo.json", as_text(changed))

    assert response.status_code == 200
    assert snapshot() == before
    plan = response.content.decode()
    assert "Dry run of demo.json" in plan
    assert "1 created, 1 updated, 0 unchanged, 2 retired, 0 conflicting" in plan
    for key in ("scenario-new", "scenario-a", "trap-b", "table-c"):
        assert f"<code>{key}</code>" in plan
    assert 'name="payload"' in plan


def test_confirming_imports_exactly_what_the_plan_showed(editor, client):
    response = upload(client, "demo.json", as_text(topic_fixture()))
    assert not Topic.objects.exists()

    done = client.post(IMPORT, {"payload": payload_of(response)})

    assert done.status_code == 200
    assert "Imported demo.json" in done.content.decode()
    topic = Topic.objects.get(slug="demo")
    assert sorted(topic.cards.values_list("key", flat=True)) == ["scenario-a", "table-c", "trap-b"]


def test_a_markdown_guide_is_built_into_a_topic_and_imported(editor, client):
    response = upload(client, "food.md", GUIDE, slug="food-safety", title="Food safety")

    assert "4 created" in response.content.decode()  # two table cells, a trap, a cue
    client.post(IMPORT, {"payload": payload_of(response)})

    topic = Topic.objects.get(slug="food-safety")
    assert (topic.title, topic.source) == ("Food safety", "food.md")
    assert sorted(topic.cards.values_list("kind", flat=True)) == [
        "scenario",
        "table",
        "table",
        "trap",
    ]


def test_a_guide_without_slug_and_title_is_named_after_its_file(editor, client):
    response = upload(client, "food-safety.md", GUIDE)
    client.post(IMPORT, {"payload": payload_of(response)})

    topic = Topic.objects.get()
    assert (topic.slug, topic.title) == ("food-safety", "food safety")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("demo.json", "{not json", "demo.json: line 1, column 2: not valid JSON"),
        (
            "demo.json",
            as_text(topic_fixture(card("k", kind="quiz"))),
            "demo.json: cards[0].kind: unknown kind &#x27;quiz&#x27;",
        ),
        ("guide.md", "# Domain 1: Broken\n", "guide.md: no cards found: "),
        ("guide.txt", b"\xff\xfe", "guide.txt: the file is UTF-16 text"),
        ("guide.txt", b"caf\xe9", "guide.txt: not UTF-8 text (byte 3"),
        ("deep.json", "[" * 100_000, "deep.json: line 1, column 21: nested more than 20 levels"),
        (
            "demo.json",
            as_text(topic_fixture())[:-2] + ',\n "cards": []\n}',
            "demo.json: top level: the key &#x27;cards&#x27; appears more than once",
        ),
        (
            "demo.json",
            as_text(topic_fixture(card("k", prompt="a\udfffb"))),
            "demo.json: cards[0].prompt: contains a lone UTF-16 surrogate (\\udfff)",
        ),
        (
            "demo.json",
            as_text(topic_fixture(card("k", explanation="NUL\x00"))),
            "demo.json: cards[0].explanation: contains a NUL character",
        ),
        (
            "demo.json",
            as_text(topic_fixture(card("k", position=-1))),
            "demo.json: cards[0].position: must be a whole number 0–2147483647, not -1",
        ),
        (
            "demo.json",
            as_text(topic_fixture(card("k", sibling="s" * 300))),
            "demo.json: cards[0].sibling: is 300 characters long; at most 80 fit",
        ),
        (
            "guide.md",
            "# Domain 1: " + "Long " * 80 + '(100%)\n\n## S\n\n"cue" → answer\n',
            "guide.md: domains[0].title: is 399 characters long; at most 300 fit",
        ),
        # Markdown turns a NUL into U+FFFD (CommonMark); a CSV deck is refused on its line.
        (
            "deck.csv",
            "front,back\nc\x00ue,answer\n",
            "deck.csv: line 2: a NUL character (\\u0000) at column 2",
        ),
    ],
)
def test_a_bad_file_is_named_with_where_and_what_and_changes_nothing(
    editor, client, name, content, message
):
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    before = snapshot()

    response = upload(client, name, content, slug="guide", title="Guide")

    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was changed" in page
    assert message in page
    assert 'name="payload"' not in page
    assert snapshot() == before


def test_a_tampered_confirmation_is_refused(editor, client):
    response = upload(client, "demo.json", as_text(topic_fixture()))
    payload = payload_of(response)
    forged = signing.dumps(
        {"name": "demo.json", "text": as_text(topic_fixture(slug="evil")), "user": editor.pk},
        salt="not-the-salt",
        compress=True,
    )

    for bad in (payload[:-2] + "xx", forged, "plain text"):
        refused = client.post(IMPORT, {"payload": bad})
        assert refused.status_code == 400
        assert "upload the file again" in refused.content.decode()
    assert not Topic.objects.exists()


def test_a_confirmation_is_only_good_for_the_editor_who_saw_the_plan(editor, client):
    response = upload(client, "demo.json", as_text(topic_fixture()))
    someone_else = UserFactory(username="other-editor", is_staff=True, is_superuser=True)
    someone_else.save()
    client.force_login(someone_else)

    refused = client.post(IMPORT, {"payload": payload_of(response)})

    assert refused.status_code == 400
    assert not Topic.objects.exists()


def test_an_expired_confirmation_is_refused(editor, client):
    payload = payload_of(upload(client, "demo.json", as_text(topic_fixture())))

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)):
        refused = client.post(IMPORT, {"payload": payload})

    assert "expired" in refused.content.decode()
    assert not Topic.objects.exists()


def test_a_confirmation_imports_once(editor, client):
    payload = payload_of(upload(client, "demo.json", as_text(topic_fixture())))
    client.post(IMPORT, {"payload": payload})

    again = client.post(IMPORT, {"payload": payload})

    assert again.status_code == 400
    assert "imported already" in again.content.decode()
    assert not PendingImport.objects.exists()


def just_under_the_upload_limit() -> str:
    """A fixture of random printable text (it barely compresses) a few kB under the limit."""
    rng = random.Random(10)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    chunk = 100_000
    cards = [
        card(f"big-{i}", position=i, explanation="".join(rng.choices(alphabet, k=chunk)))
        for i in range(60)
    ]
    text = as_text(topic_fixture(*cards))
    while len(text.encode()) > MAX_UPLOAD_BYTES - 4096:
        cards.pop()
        text = as_text(topic_fixture(*cards))
    return text


def test_a_fixture_just_under_the_upload_limit_can_be_confirmed(editor, client, settings):
    text = just_under_the_upload_limit()
    assert MAX_UPLOAD_BYTES - 200_000 < len(text.encode()) < MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= MAX_UPLOAD_BYTES  # what the form data may hold

    response = upload(client, "big.json", text)
    assert response.status_code == 200
    done = client.post(IMPORT, {"payload": payload_of(response)})

    assert done.status_code == 200
    assert "Imported big.json" in done.content.decode()
    assert Card.objects.filter(topic__slug="demo").count() == len(load_fixture(text, "b").cards)


def test_a_confirmation_after_another_import_shows_the_new_plan_and_writes_nothing(editor, client):
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    mine = topic_fixture(card("scenario-a", answer="Mine"), card("scenario-new", position=4))
    response = upload(client, "mine.json", as_text(mine))
    assert "1 created, 1 updated, 0 unchanged, 2 retired" in response.content.decode()
    theirs = topic_fixture(card("scenario-a", answer="Theirs"))
    import_topic(load_fixture(as_text(theirs), "theirs.json"), now=NOW)  # another editor's
    after_theirs = snapshot()

    stale = client.post(IMPORT, {"payload": payload_of(response)})

    page = stale.content.decode()
    assert stale.status_code == 409
    assert "The topic changed since your dry run" in page
    assert "nothing was imported" in page
    assert "1 created, 1 updated, 0 unchanged, 0 retired" in page  # the new plan
    assert snapshot() == after_theirs

    done = client.post(IMPORT, {"payload": payload_of(stale)})

    assert "Imported mine.json" in done.content.decode()
    assert Card.objects.get(key="scenario-a").answer == "Mine"


def test_a_confirmation_after_an_editor_changed_a_card_shows_the_new_plan(editor, client):
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    changed = topic_fixture(card("scenario-a", answer="From the fixture"))
    response = upload(client, "demo.json", as_text(changed))
    assert "1 updated" in response.content.decode()
    edited = Card.objects.get(key="scenario-a")
    edited.answer = "From the editor"
    editing.save_edit(edited, expected_version=edited.version)

    stale = client.post(IMPORT, {"payload": payload_of(response)})

    assert stale.status_code == 409
    assert "0 updated, 0 unchanged, 2 retired, 1 conflicting" in stale.content.decode()
    assert Card.objects.get(key="scenario-a").answer == "From the editor"
    assert not Card.objects.filter(is_active=False).exists()


def test_staff_without_import_permissions_are_refused(client):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.save()
    client.force_login(clerk)

    assert client.get(IMPORT).status_code == 403


# -- guides written by hand

ROOT = Path(__file__).resolve().parents[3]


def test_the_readme_markdown_example_imports_through_the_admin(editor, client):
    readme = (ROOT / "fixtures" / "README.md").read_text()
    example = re.search(r"## Markdown guides.*?```markdown\n(.*?)```", readme, re.S)[1]

    response = upload(client, "kitchen.md", example, slug="kitchen", title="Kitchen basics")
    client.post(IMPORT, {"payload": payload_of(response)})

    kinds = Counter(Card.objects.filter(topic__slug="kitchen").values_list("kind", flat=True))
    assert kinds == {"table": 4, "trap": 2, "scenario": 2}  # as the README says


def test_the_second_topic_is_what_its_markdown_source_builds(tmp_path):
    built = tmp_path / "built.json"
    call_command(
        "build_topic",
        str(ROOT / "fixtures/sources/observability-foundations.md"),
        "--slug=observability-foundations",
        "--title=Observability Foundations (imaginary exam)",
        f"-o={built}",
        stdout=StringIO(),
    )

    shipped = ROOT / "fixtures/observability-foundations.json"
    assert built.read_bytes() == shipped.read_bytes()
    fixture = load_fixture(shipped.read_bytes(), shipped.name)
    assert sum(domain.weight for domain in fixture.domains) == 100
    assert Counter(card.kind for card in fixture.cards) == {"table": 27, "trap": 14, "scenario": 15}
