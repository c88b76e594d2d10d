"""The card browser: search, filters by my state, a card's faces and my history, my actions."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from cards.models import Card
from scheduler.models import ReviewState, StudyProfile
from scheduler.services import bury_card, set_flag, suspend_card
from tests.factories import (
    CardFactory,
    DomainFactory,
    SectionFactory,
    StudyProfileFactory,
    TopicFactory,
    UserFactory,
)
from tests.scheduler.answering import answer, undo

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def student(client, db):
    profile = StudyProfileFactory()
    client.force_login(profile.user)
    return profile.user


@pytest.fixture
def topic(db):
    return TopicFactory(slug="aws")


@pytest.fixture
def sections(topic):
    return [SectionFactory(domain=DomainFactory(topic=topic, number=n), position=1) for n in (1, 2)]


def make_cards(sections, n: int) -> list[Card]:
    return [
        CardFactory(section=sections[i % 2], position=i, prompt=f"Prompt {i} about queues")
        for i in range(n)
    ]


def browse(client, topic, **params):
    return client.get(reverse("browse", kwargs={"topic_slug": topic.slug}), params)


def found(response) -> list[Card]:
    return list(response.context["page"].object_list)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def act(user, action, card, **kwargs):
    state = ReviewState.objects.filter(user=user, card=card).first()
    return action(
        user=user, card=card, expected_version=state.version if state else 0, now=NOON, **kwargs
    )


def test_search_finds_cards_by_their_text(client, student, sections):
    cards = make_cards(sections, 3)
    Card.objects.filter(pk=cards[1].pk).update(answer="Amazon Kinesis Data Streams")

    assert found(browse(client, sections[0].domain.topic, q="kinesis")) == [cards[1]]


def test_a_search_that_finds_nothing_says_so(client, student, sections):
    make_cards(sections, 3)

    response = browse(client, sections[0].domain.topic, q="no such words")

    assert found(response) == []
    assert "0 cards" in text(response)
    assert "No cards match." in text(response)


def test_retired_cards_show_only_when_asked_for(client, student, sections):
    cards = make_cards(sections, 3)
    Card.objects.filter(pk=cards[0].pk).update(is_active=False)
    topic = sections[0].domain.topic

    assert found(browse(client, topic)) == cards[1:]
    retired = browse(client, topic, state="retired")
    assert found(retired) == [cards[0]]
    assert "retired" in text(retired)


def test_filters_by_domain_section_and_kind(client, student, sections):
    cards = make_cards(sections, 4)
    topic = sections[0].domain.topic

    assert found(browse(client, topic, domain=sections[1].domain_id)) == cards[1::2]
    assert found(browse(client, topic, section=sections[0].pk)) == cards[0::2]
    assert found(browse(client, topic, kind="trap")) == []


def test_filters_by_my_state(client, student, sections):
    cards = make_cards(sections, 6)
    topic = sections[0].domain.topic
    answer(student, cards[0], 5)  # learning
    act(student, bury_card, cards[1])
    act(student, suspend_card, cards[2])
    act(student, set_flag, cards[3], flag=1)

    assert found(browse(client, topic, state="learning")) == [cards[0]]
    assert found(browse(client, topic, state="buried")) == [cards[1]]
    assert found(browse(client, topic, state="suspended")) == [cards[2]]
    assert found(browse(client, topic, state="flagged")) == [cards[3]]
    assert found(browse(client, topic, state="new")) == cards[1:]


def test_another_learners_state_never_shows_in_my_browser(client, student, sections):
    cards = make_cards(sections, 2)
    other = UserFactory()
    act(other, suspend_card, cards[0])

    response = browse(client, sections[0].domain.topic, state="suspended")

    assert found(response) == []


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"state": "forgotten"}, "state: forgotten is not one of the choices for this topic."),
        ({"kind": "poem"}, "kind: poem is not one of the choices for this topic."),
        ({"domain": "999"}, "domain: 999 is not one of the choices for this topic."),
        ({"page": "x"}, "page: The page must be a whole number."),
    ],
)
def test_bad_filters_are_named(client, student, sections, params, error):
    response = browse(client, sections[0].domain.topic, **params)

    assert response.status_code == 400 and error in text(response)


def test_the_browser_needs_a_login(client, sections):
    response = browse(client, sections[0].domain.topic)

    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("deck_size", [5, 300])
def test_a_page_takes_a_fixed_number_of_queries_whatever_the_deck_or_history(
    client, student, sections, django_assert_num_queries, deck_size
):
    cards = make_cards(sections, deck_size)
    for card in cards[: deck_size // 2]:
        answer(student, card, 5, now=datetime(2026, 11, 20, 12, tzinfo=UTC))
        answer(student, card, 2)

    # session, user with profile, topic, sections with domains, count, the page of cards
    with django_assert_num_queries(6):
        response = browse(client, sections[0].domain.topic, state="learning", page=1)

    assert response.status_code == 200


def test_a_cards_page_shows_its_faces_and_my_whole_history(client, student, sections):
    (card,) = make_cards(sections, 1)
    answer(student, card, 5, now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    answer(student, card, 2)
    undo(student)
    answer(student, card, 4)

    page = text(
        client.get(
            reverse("browse-card", kwargs={"topic_slug": card.topic.slug, "card_id": card.pk})
        )
    )

    assert card.prompt in page and card.answer in page
    assert page.count("<tr") == 4  # header + three answers
    assert "Again" in page and "Easy" in page and "undone" in page  # as the buttons say
    assert "Grade" not in page
    assert "1 → 6 d" in page  # the second answer's interval before → after


def test_a_six_grade_learners_history_names_grades_by_number(client, student, sections):
    StudyProfile.objects.filter(user=student).update(grading_scale=StudyProfile.GradingScale.SIX)
    (card,) = make_cards(sections, 1)
    answer(student, card, 1)

    page = text(
        client.get(
            reverse("browse-card", kwargs={"topic_slug": card.topic.slug, "card_id": card.pk})
        )
    )

    assert "Grade 1" in page


def test_a_cards_page_takes_a_fixed_number_of_queries_whatever_the_history(
    client, student, sections, django_assert_num_queries
):
    (card,) = make_cards(sections, 1)
    for day in range(1, 20):
        answer(student, card, 2 + day % 4, now=datetime(2026, 10, day, 12, tzinfo=UTC))
    url = reverse("browse-card", kwargs={"topic_slug": card.topic.slug, "card_id": card.pk})

    # session, user with profile, card with place, my state, my history
    with django_assert_num_queries(5):
        client.get(url)


def test_unsuspend_from_the_cards_page(client, student, sections):
    (card,) = make_cards(sections, 1)
    act(student, suspend_card, card)
    state = ReviewState.objects.get(user=student, card=card)

    response = client.post(
        reverse(
            "browse-card-action",
            kwargs={"topic_slug": card.topic.slug, "card_id": card.pk, "action": "unsuspend"},
        ),
        {"card": card.pk, "version": state.version},
        follow=True,
    )

    assert "back in your queue" in text(response)
    assert not ReviewState.objects.get(user=student, card=card).suspended


def test_an_action_for_another_card_than_the_page_is_refused(client, student, sections):
    first, second = make_cards(sections, 2)

    response = client.post(
        reverse(
            "browse-card-action",
            kwargs={"topic_slug": first.topic.slug, "card_id": first.pk, "action": "suspend"},
        ),
        {"card": second.pk, "version": 0},
        follow=True,
    )

    assert "not the card of this page" in text(response)
    assert not ReviewState.objects.exists()
