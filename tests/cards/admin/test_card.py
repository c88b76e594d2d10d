"""Editors in the admin: the card list, editing, suspending and retiring, resolving conflicts."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from cards.editing import card_content
from cards.fixture import content_hash, load_fixture
from cards.importer import import_topic
from cards.models import Card
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue
from scheduler.services import answer_card
from tests.cards.fixture_data import as_text, topic_fixture
from tests.factories import CardFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
CHANGELIST = reverse("admin:cards_card_changelist")


def change_url(card: Card) -> str:
    return reverse("admin:cards_card_change", args=[card.pk])


def imported_card(key: str = "scenario-a") -> Card:
    import_topic(load_fixture(as_text(topic_fixture()), "demo.json"), now=NOW)
    return Card.objects.get(key=key)


def edit_form(card: Card, **changes) -> dict:
    data = {"prompt": card.prompt, "answer": card.answer, "explanation": card.explanation}
    if card.kind == Card.Kind.TRAP:
        data = {"prompt": card.prompt, "verdict": card.verdict, "explanation": card.explanation}
    return data | {"seen_version": card.version} | changes


def with_history(card: Card, learners: int = 2) -> list:
    """Learners who answered `card`, through the one write path."""
    users = [UserFactory() for _ in range(learners)]
    for user in users:
        answer_card(user=user, card=card, quality=4, expected_version=0, now=NOW)
    return users


def history(card: Card) -> tuple[list, list]:
    return (
        list(ReviewState.objects.filter(card=card).order_by("pk").values()),
        list(ReviewLog.objects.filter(card=card).order_by("pk").values()),
    )


# -- who gets in


def test_a_learner_who_is_not_staff_is_refused(client):
    client.force_login(UserFactory(is_staff=False))

    for url in (CHANGELIST, reverse("admin:cards_topic_import"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get(CHANGELIST)["Location"].startswith(reverse("admin:login"))


# -- the list


@pytest.mark.parametrize("cards", [5, 200])
def test_the_card_list_is_a_fixed_number_of_queries(
    editor, client, cards, django_assert_max_num_queries
):
    section = SectionFactory()
    CardFactory.create_batch(cards, section=section)

    # Session, user, the topic, domain and section filters' choices, two counts, the page:
    # 8 whether the deck has 5 cards or 200 (a page of 100).
    with django_assert_max_num_queries(8):
        response = client.get(CHANGELIST)

    assert response.status_code == 200


def test_the_card_list_shows_place_and_flags_and_filters_by_them(editor, client):
    edited = imported_card()
    edited.locally_edited = True
    edited.save()

    response = client.get(CHANGELIST, {"locally_edited__exact": "1"})

    page = response.content.decode()
    assert "scenario-a" in page and "trap-b" not in page
    assert "1. Build things › Queues" in page


def test_the_card_list_searches_prompt_answer_explanation_and_key(editor, client):
    imported_card()

    for term, key in [
        ("ordering", "trap-b"),  # prompt
        ("FIFO", "trap-b"),  # explanation
        ("70%", "table-c"),  # answer
        ("scenario-a", "scenario-a"),  # key
    ]:
        page = client.get(CHANGELIST, {"q": term}).content.decode()
        assert f">{key}<" in page, term
        others = {"scenario-a", "trap-b", "table-c"} - {key}
        assert not any(f">{other}<" in page for other in others), term


def test_cards_cannot_be_added_or_deleted_in_the_admin(editor, client):
    card = imported_card()

    assert client.get(reverse("admin:cards_card_add")).status_code == 403
    assert client.get(reverse("admin:cards_card_delete", args=[card.pk])).status_code == 403
    assert "delete_selected" not in client.get(CHANGELIST).content.decode()


# -- the change page


def test_the_change_page_previews_the_card_as_the_review_page_renders_it(editor, client):
    card = imported_card("table-c")
    sibling = CardFactory(
        section=card.section, key="table-d", sibling=card.sibling, prompt="Feature: Cost — REST?"
    )

    page = client.get(change_url(card)).content.decode()

    # Each face is a whole document, escaped into its frame's srcdoc.
    assert page.count('srcdoc="&lt;!doctype html&gt;') == 2
    assert 'class="face' not in page
    frames = html.unescape(page)
    assert 'class="face face-front"' in frames and 'class="face face-back"' in frames
    assert '<td class="cell-hidden">' in frames  # the front hides the cell...
    assert '<td class="cell-revealed"><strong>~70% cheaper</strong>' in frames  # ...the back not
    assert "css/app.css" in frames
    # Key and source are shown, not editable; the sibling is a link.
    assert 'name="key"' not in page and 'name="source"' not in page
    assert change_url(sibling) in page


def test_saving_a_change_marks_the_card_edited_and_reverting_clears_it(editor, client):
    card = imported_card()
    original = card.answer

    response = client.post(change_url(card), edit_form(card, answer="Clearer answer"))

    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.answer, card.locally_edited) == ("Clearer answer", True)

    client.post(change_url(card), edit_form(card, answer=original))
    card.refresh_from_db()
    assert not card.locally_edited
    assert card.source_hash == content_hash(card_content(card))


def test_the_change_form_carries_the_version_of_the_card_it_shows(editor, client):
    card = imported_card()

    page = client.get(change_url(card)).content.decode()

    assert f'name="seen_version" value="{card.version}"' in page


def test_a_save_over_a_card_an_import_changed_since_it_was_opened_is_refused(editor, client):
    opened = imported_card()  # the editor opens the card...
    changed = topic_fixture()
    changed["cards"][0]["answer"] = "From the fixture"
    import_topic(load_fixture(as_text(changed), "demo.json"), now=NOW)  # ...an import lands

    response = client.post(change_url(opened), edit_form(opened, answer="From the editor"))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "scenario-a was changed by an import or another editor after you opened it" in page
    assert "your changes were not saved" in page
    current = Card.objects.get(pk=opened.pk)
    assert (current.answer, current.locally_edited) == ("From the fixture", False)


def test_a_save_over_a_card_suspended_since_it_was_opened_is_refused(editor, client):
    opened = imported_card()
    client.post(CHANGELIST, {"action": "suspend", "_selected_action": [opened.pk]})

    response = client.post(change_url(opened), edit_form(opened, answer="From the editor"))

    assert "your changes were not saved" in html.unescape(response.content.decode())
    current = Card.objects.get(pk=opened.pk)
    assert (current.is_active, current.answer) == (False, opened.answer)


def test_a_trap_is_edited_through_its_verdict_and_its_answer_follows(editor, client):
    card = imported_card("trap-b")

    client.post(change_url(card), edit_form(card, verdict="PARTIALLY TRUE"))

    card.refresh_from_db()
    assert (card.verdict, card.answer, card.locally_edited) == (
        "PARTIALLY TRUE",
        "PARTIALLY TRUE",
        True,
    )


def test_a_table_cards_row_shows_the_edited_answer(editor, client):
    card = imported_card("table-c")

    client.post(change_url(card), edit_form(card, answer="about 70% cheaper"))

    card.refresh_from_db()
    assert card.table["row"] == ["Cost", "Higher", "about 70% cheaper"]


def test_editing_keeps_every_learners_history(editor, client):
    card = imported_card()
    with_history(card)
    before = history(card)

    client.post(change_url(card), edit_form(card, prompt="A reworded cue"))

    assert history(card) == before
    assert len(before[0]) == len(before[1]) == 2


# -- suspend, retire, reactivate


def act(client, action: str, *cards: Card):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [card.pk for card in cards]}
    )


def test_suspend_retire_and_reactivate_keep_histories_and_leave_the_queue(editor, client):
    card = imported_card()
    learner, _ = with_history(card)
    before = history(card)
    profile = StudyProfile.for_user(learner)
    due_day = NOW.date() + dt.timedelta(days=1)

    def due_cards() -> int:
        return build_queue(
            user=learner, profile=profile, topic_id=card.topic_id, today=due_day
        ).counts.due_waiting

    assert due_cards() == 1

    act(client, "suspend", card)
    card.refresh_from_db()
    assert (card.is_active, card.retired_at) == (False, None)
    assert due_cards() == 0

    act(client, "reactivate", card)
    card.refresh_from_db()
    assert card.is_active and due_cards() == 1

    act(client, "retire", card)
    card.refresh_from_db()
    assert not card.is_active and card.retired_at is not None
    assert due_cards() == 0

    act(client, "reactivate", card)
    card.refresh_from_db()
    assert (card.is_active, card.retired_at) == (True, None)
    assert due_cards() == 1
    assert history(card) == before


# -- conflicts


@pytest.fixture
def conflict(editor, client) -> Card:
    card = imported_card()
    client.post(change_url(card), edit_form(card, answer="Editor's answer"))
    changed = topic_fixture()
    changed["cards"][0]["answer"] = "Fixture's new answer"
    report = import_topic(load_fixture(as_text(changed), "demo.json"), now=NOW)
    assert report.conflicts == ["scenario-a"]
    card.refresh_from_db()
    return card


def test_a_conflict_shows_the_fixtures_version_beside_the_current_text(conflict, client):
    page = client.get(change_url(conflict)).content.decode()

    assert "Editor&#x27;s answer" in page and "Fixture&#x27;s new answer" in page
    assert page.count('<tr class="changed">') == 1  # only the answer differs
    assert 'name="_take_incoming"' in page and 'name="_keep_edit"' in page


def test_taking_the_new_source_text_from_the_change_page(conflict, client):
    response = client.post(change_url(conflict), edit_form(conflict) | {"_take_incoming": "1"})

    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.answer == "Fixture's new answer"
    assert (conflict.locally_edited, conflict.conflict, conflict.incoming) == (False, False, None)


def test_keeping_the_edit_from_the_change_page(conflict, client):
    response = client.post(change_url(conflict), edit_form(conflict) | {"_keep_edit": "1"})

    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.answer == "Editor's answer"
    assert (conflict.locally_edited, conflict.conflict, conflict.incoming) == (True, False, None)


def test_conflicts_resolve_in_bulk_from_the_list(conflict, client):
    other = Card.objects.get(key="trap-b")

    response = act(client, "resolve_keeping_the_edit", conflict, other)

    conflict.refresh_from_db()
    assert not conflict.conflict and conflict.answer == "Editor's answer"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == ["1 card(s) kept the edit (1 selected card(s) had no conflict)."]


# -- the outline


def test_topics_domains_and_sections_are_listed_read_only(editor, client):
    card = imported_card()

    for model in ("topic", "domain", "section"):
        response = client.get(reverse(f"admin:cards_{model}_changelist"))
        assert response.status_code == 200
        assert reverse(f"admin:cards_{model}_add") not in response.content.decode()
    topics = client.get(reverse("admin:cards_topic_changelist")).content.decode()
    assert "Demo topic" in topics
    assert reverse("admin:cards_topic_import") in topics  # the import link in object-tools
    section = client.get(reverse("admin:cards_section_change", args=[card.section_id]))
    assert 'name="title"' not in section.content.decode()
