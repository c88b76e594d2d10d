"""Bury, suspend, mark and flag from the review page, with and without htmx; staff's edit link."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from cards.models import CardReport
from scheduler.card_actions import set_flag
from scheduler.models import ReviewLog, ReviewState
from tests.factories import (
    CardFactory,
    EnrolmentFactory,
    SectionFactory,
    StudyProfileFactory,
    UserFactory,
)
from tests.scheduler.answering import answer

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
HTMX = {"HX-Request": "true"}


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
def cards(student):
    section = SectionFactory()
    EnrolmentFactory(user=student, topic=section.domain.topic)
    return [CardFactory(section=section, position=n) for n in range(3)]


def act(client, card, action, version=0, htmx=True, **fields):
    return client.post(
        reverse("review-card-action", kwargs={"topic_slug": card.topic.slug, "action": action}),
        {"card": card.pk, "version": version, **fields},
        headers=HTMX if htmx else {},
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_review_page_offers_each_action_with_ankis_key(client, student, cards):
    page = text(client.get(reverse("review", kwargs={"topic_slug": cards[0].topic.slug})))

    for key in ["-", "@", "*", "ctrl+1", "ctrl+2", "ctrl+3", "ctrl+4"]:
        assert f'data-key="{key}"' in page
    assert "Edit card" not in page  # staff only


def test_each_action_button_posts_the_cards_form_to_its_own_url(client, student, cards):
    # One form carries the card, version and face; a browser without JavaScript sends it to
    # the pressed button's formaction, with the button's flag; htmx to the same URL.
    answer(student, cards[0], 4, now=NOON)
    set_flag(user=student, card=cards[1], flag=2, expected_version=0, now=NOON)
    page = client.get(reverse("review", kwargs={"topic_slug": cards[0].topic.slug}))
    (tools,) = re.findall(r'<form[^>]*class="tool-form".*?</form>', page.content.decode(), re.S)
    buttons = re.findall(r"<button[^>]*>", tools)

    def url(action):
        return reverse(
            "review-card-action", kwargs={"topic_slug": cards[0].topic.slug, "action": action}
        )

    assert tools.count('name="card"') == 1 and f'value="{cards[1].pk}"' in tools
    assert [re.search(r'formaction="([^"]*)"', button)[1] for button in buttons] == [
        url("bury"),
        url("suspend"),
        url("mark"),
        *[url("flag")] * 4,
    ]
    assert all(re.search(r'formaction="([^"]*)" hx-post="\1"', b) for b in buttons)
    flags = [
        re.search(r'name="flag" value="(\d)" aria-pressed="(\w+)"', b).groups() for b in buttons[3:]
    ]
    # Its own flag (orange) takes the flag off; the others set theirs.
    assert flags == [("1", "false"), ("0", "true"), ("3", "false"), ("4", "false")]


def pressed_buttons(response) -> list[str]:
    (tools,) = re.findall(r'<form[^>]*class="tool-form".*?</form>', response.content.decode(), re.S)
    return re.findall(r'aria-pressed="true"[^>]*>([^<]*)<', tools)


def test_each_card_shows_its_own_mark_and_flag_on_the_buttons(client, student, cards):
    # The buttons are rendered once per topic, mark and flag, then reused for every card.
    act(client, cards[0], "mark")
    act(client, cards[0], "flag", version=1, flag=1)

    first = client.get(reverse("review", kwargs={"topic_slug": cards[0].topic.slug}))
    bury = act(client, cards[0], "bury", version=2)  # on to a card with neither

    assert first.context["card"] == cards[0] and bury.context["card"] == cards[1]
    assert "Unmark" in text(first) and pressed_buttons(first) == ["Red flag "]
    assert "Unmark" not in text(bury) and "Mark <kbd>" in text(bury)
    assert pressed_buttons(bury) == []


def test_bury_moves_on_to_the_next_card_and_undo_names_the_bury(client, student, cards):
    response = act(client, cards[0], "bury")

    assert response.status_code == 200
    assert response.context["card"] == cards[1]
    assert "Buried" in text(response)
    bury = ReviewLog.objects.get(user=student, kind=ReviewLog.Kind.BURY)
    assert response.context["undo_answer"] == bury.pk
    assert ReviewState.objects.get(user=student, card=cards[0]).buried_on == TODAY


def test_suspend_moves_on_and_only_for_me(client, student, cards):
    other = UserFactory()

    response = act(client, cards[0], "suspend")

    assert response.context["card"] == cards[1]
    assert ReviewState.objects.get(user=student, card=cards[0]).suspended
    assert not ReviewState.objects.filter(user=other).exists()


def test_mark_keeps_the_card_with_its_new_version_and_shows_it_marked(client, student, cards):
    response = act(client, cards[0], "mark")

    assert response.context["card"] == cards[0]
    assert response.context["version"] == 1
    page = text(response)
    assert "Marked" in page and 'action="/review/' in page and "/card/unmark" in page


def test_a_flag_on_the_back_keeps_the_back(client, student, cards):
    response = act(client, cards[0], "flag", flag=1, face="back")

    assert response.context["face"] == "back"
    assert "Red flag" in text(response)
    assert ReviewState.objects.get(user=student, card=cards[0]).flag == 1


def test_a_stale_action_is_refused_and_changes_nothing(client, student, cards):
    answer(student, cards[0], 2, now=NOON)  # version 1, a re-drill waits

    response = act(client, cards[0], "bury", version=0)

    assert "already done" in text(response)
    assert ReviewState.objects.get(user=student, card=cards[0]).buried_on is None


def test_a_card_of_another_topic_is_refused_as_unknown(client, student, cards):
    elsewhere = CardFactory()

    response = client.post(
        reverse("review-card-action", kwargs={"topic_slug": cards[0].topic.slug, "action": "bury"}),
        {"card": elsewhere.pk, "version": 0},
        headers=HTMX,
    )

    assert response.status_code == 400
    assert f"There is no card {elsewhere.pk} in this topic." in text(response)
    assert not ReviewState.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"version": "x"}, "version must be a whole number"),
        ({"flag": "9"}, "flag must be one of 0, 1, 2, 3, 4, not 9"),
        ({"face": "side"}, "face must be front or back, not side"),
    ],
)
def test_bad_input_names_what_is_wrong_and_changes_nothing(client, student, cards, fields, error):
    response = client.post(
        reverse("review-card-action", kwargs={"topic_slug": cards[0].topic.slug, "action": "flag"}),
        {"card": cards[0].pk, "version": 0, **fields},
        headers=HTMX,
    )

    assert response.status_code == 400
    assert error in text(response)
    assert not ReviewState.objects.exists()


def test_an_unknown_action_is_not_found(client, student, cards):
    assert act(client, cards[0], "delete").status_code == 404


def test_actions_need_a_login(client, cards):
    client.logout()

    response = act(client, cards[0], "bury", htmx=False)

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not ReviewState.objects.exists()


def test_without_htmx_an_action_redirects_back_to_the_review_with_a_message(client, student, cards):
    response = act(client, cards[0], "suspend", htmx=False)

    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "Suspended for you" in text(follow)
    assert follow.context["card"] == cards[1]


def test_undo_after_a_bury_brings_the_card_back(client, student, cards):
    bury_id = act(client, cards[0], "bury").context["undo_answer"]

    response = client.post(
        reverse("review-undo", kwargs={"topic_slug": cards[0].topic.slug}),
        {"answer": bury_id},
        headers=HTMX,
    )

    assert response.context["card"] == cards[0]
    assert "Bury undone: the card is back today." in text(response)
    assert ReviewState.objects.get(user=student, card=cards[0]).buried_on is None


def test_the_answer_that_makes_a_leech_says_so(client, student, cards):
    student.study_profile.leech_threshold = 1
    student.study_profile.save()
    answer(student, cards[0], 5, now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    answer(student, cards[0], 5, now=datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    state = ReviewState.objects.get(user=student, card=cards[0])

    response = client.post(
        reverse("review-answer", kwargs={"topic_slug": cards[0].topic.slug}),
        {"card": cards[0].pk, "quality": 2, "version": state.version},
        headers=HTMX,
    )

    assert "now a leech and suspended for you" in text(response)
    assert ReviewState.objects.get(user=student, card=cards[0]).leech


def test_staff_get_an_edit_link_to_the_cards_admin_page_in_a_new_tab(client, cards):
    editor = UserFactory(is_staff=True)
    EnrolmentFactory(user=editor, topic=cards[0].topic)
    client.force_login(editor)

    page = text(client.get(reverse("review", kwargs={"topic_slug": cards[0].topic.slug})))

    edit = reverse("admin:cards_card_change", args=[cards[0].pk])
    assert f'href="{edit}" target="_blank" rel="noopener" data-key="e"' in page


def report(client, card, htmx=True, **fields):
    return client.post(
        reverse("review-report", kwargs={"topic_slug": card.topic.slug}),
        {"card": card.pk, "version": 0, **fields},
        headers=HTMX if htmx else {},
    )


def test_the_review_page_offers_a_report_form_on_the_bang_key(client, student, cards):
    page = text(client.get(reverse("review", kwargs={"topic_slug": cards[0].topic.slug})))

    assert 'data-key="!"' in page
    assert "What is wrong with this card?" in page


def test_a_report_keeps_the_card_on_its_face_and_thanks_the_learner(client, student, cards):
    response = report(client, cards[0], reason="typo", note="recieve", face="back")

    assert response.context["card"] == cards[0] and response.context["face"] == "back"
    assert "the editors will look at this card" in text(response)
    assert CardReport.objects.get().reporter == student


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "What is wrong with the card? Pick a reason."),
        ({"reason": "boring"}, "boring is not a reason to report a card."),
        ({"reason": "typo", "note": "x" * 1001}, "Keep the note under 1000 characters."),
        ({"reason": "other", "note": "  "}, "Say in the note what is wrong with the card."),
    ],
)
def test_a_bad_report_names_what_is_wrong_and_files_nothing(client, student, cards, fields, error):
    response = report(client, cards[0], **fields)

    assert response.status_code == 400
    assert re.search(rf'<p class="error" role="alert">[^<]*{re.escape(error)}</p>', text(response))
    assert not CardReport.objects.exists()


def test_a_refused_report_stays_open_with_what_the_learner_chose(client, student, cards):
    response = report(client, cards[0], reason="other", note="")

    page = text(response)
    assert '<details class="report-problem" open>' in page
    assert 'value="other" required checked>' in page
    assert page.count(" checked>") == 1


def test_a_refused_report_keeps_the_note_escaped(client, student, cards):
    response = report(client, cards[0], reason="typo", note="<b>" + "x" * 1000)

    assert "&lt;b&gt;xxx" in text(response) and "<b>xxx" not in text(response)
