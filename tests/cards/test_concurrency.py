"""An editor's admin save and an import of the same topic at the same moment: neither is lost.

These run against the real database (SQLite file with IMMEDIATE transactions, or PostgreSQL
with row locks), committed, from two threads with their own connections. Whichever starts
second waits for the first; the edit is then either seen by the import (and kept, flagged as a
conflict) or refused with a message, never overwritten in silence.
"""

import datetime as dt
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from cards import importer
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card
from tests.cards.fixture_data import as_text, topic_fixture
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
IMPORT = reverse("admin:cards_topic_import")


def changed_fixture() -> dict:
    """The same topic with one card's answer changed in the fixture."""
    data = topic_fixture()
    data["cards"][0]["answer"] = "From the fixture"
    return data


@pytest.fixture
def editor_client(transactional_db) -> Client:
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()
    client = Client()
    client.force_login(editor)
    return client


def in_thread(work, results: list) -> threading.Thread:
    def run():
        try:
            results.append(work())
        except Exception as error:  # surfaced by the assertions
            results.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def save_in_the_admin(client: Client, edited: Card, answer: str):
    """Post the change form as the editor saw it, at the card's version then."""
    form = {
        "prompt": edited.prompt,
        "answer": answer,
        "explanation": edited.explanation,
        "seen_version": edited.version,
    }
    return lambda: client.post(reverse("admin:cards_card_change", args=[edited.pk]), form)


def import_changed_fixture():
    return import_topic(load_fixture(as_text(changed_fixture()), "demo.json"), now=NOW)


def test_a_save_during_an_import_waits_for_it_and_is_refused_not_lost(editor_client, monkeypatch):
    opened = Card.objects.get(key="scenario-a")  # the editor opens the card
    has_read, go = threading.Event(), threading.Event()
    bulk_update = Card.objects.bulk_update

    def pause_after_reading(*args, **kwargs):
        has_read.set()
        go.wait(timeout=30)
        return bulk_update(*args, **kwargs)

    monkeypatch.setattr(Card.objects, "bulk_update", pause_after_reading)
    imported, saved = [], []

    importer = in_thread(import_changed_fixture, imported)
    assert has_read.wait(timeout=30)
    editor = in_thread(save_in_the_admin(editor_client, opened, "From the editor"), saved)
    editor.join(timeout=1)
    waited = editor.is_alive()  # the import holds the card: the save cannot go through
    go.set()
    importer.join(timeout=30)
    editor.join(timeout=30)

    assert waited
    assert imported[0].updated == ["scenario-a"]
    response = saved[0]
    assert response.status_code == 200  # the form again, with the reason
    assert "was changed by an import or another editor after you opened it" in (
        response.content.decode().replace("&#x27;", "'")
    )
    current = Card.objects.get(key="scenario-a")
    assert (current.answer, current.version) == ("From the fixture", opened.version + 1)


def test_an_import_during_a_save_waits_for_it_and_keeps_the_edit(editor_client, monkeypatch):
    opened = Card.objects.get(key="scenario-a")
    has_written, go = threading.Event(), threading.Event()
    save = Card.save

    def pause_before_commit(card, *args, **kwargs):
        save(card, *args, **kwargs)
        has_written.set()
        go.wait(timeout=30)

    monkeypatch.setattr(Card, "save", pause_before_commit)
    imported, saved = [], []

    editor = in_thread(save_in_the_admin(editor_client, opened, "From the editor"), saved)
    assert has_written.wait(timeout=30)
    importer = in_thread(import_changed_fixture, imported)
    importer.join(timeout=1)
    waited = importer.is_alive()  # the editor holds the card until the save commits
    go.set()
    editor.join(timeout=30)
    importer.join(timeout=30)

    assert waited
    assert saved[0].status_code == 302  # saved
    assert imported[0].conflicts == ["scenario-a"]
    current = Card.objects.get(key="scenario-a")
    assert (current.answer, current.locally_edited) == ("From the editor", True)
    assert (current.conflict, current.incoming["answer"]) == (True, "From the fixture")


def test_two_first_imports_of_one_new_topic_at_once_both_succeed(transactional_db, monkeypatch):
    both_looked, looked = threading.Barrier(2), set()
    fingerprint = importer.topic_fingerprint

    def after_looking_for_the_topic(topic, cards):
        # With row locks, let both find no topic before either creates it. SQLite runs whole
        # write transactions one at a time, so there the second simply starts after the first.
        if connection.features.has_select_for_update and threading.get_ident() not in looked:
            looked.add(threading.get_ident())
            both_looked.wait(timeout=10)
        return fingerprint(topic, cards)

    monkeypatch.setattr(importer, "topic_fingerprint", after_looking_for_the_topic)
    fixture = load_fixture(as_text(topic_fixture()), "demo.json")
    reports = []

    threads = [in_thread(lambda: import_topic(fixture, now=NOW), reports) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=30)

    assert sorted((len(r.created), len(r.unchanged)) for r in reports) == [(0, 3), (3, 0)]
    assert Card.objects.filter(topic__slug="demo").count() == 3


def test_a_double_clicked_confirmation_imports_once(editor_client):
    upload = SimpleUploadedFile("new.json", as_text(topic_fixture(slug="new")).encode())
    plan = editor_client.post(IMPORT, {"document": upload}).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', plan)[1]
    start, responses = threading.Barrier(2), []

    def confirm():
        start.wait(timeout=10)
        return editor_client.post(IMPORT, {"payload": payload})

    threads = [in_thread(confirm, responses) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [200, 400]
    refused = next(r for r in responses if r.status_code == 400).content.decode()
    assert "imported already" in refused
    assert Card.objects.filter(topic__slug="new").count() == 3
