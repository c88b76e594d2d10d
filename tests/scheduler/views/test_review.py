"""The review loop in the browser: GET the card, reveal, answer, undo (with and without htmx)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from cards.editing import retire_cards, suspend_cards
from cards.models import Card
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import answer_card
from tests.factories import CardFactory, EnrolmentFactory, SectionFactory, StudyProfileFactory
from tests.scheduler.answering import answer, undo

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def profile(db) -> StudyProfile:
    return StudyProfileFactory()


@pytest.fixture
def student(client, profile):
    client.force_login(profile.user)
    return profile.user


@pytest.fixture
def section(profile):
    """The topic under review, which the student studies."""
    section = SectionFactory()
    EnrolmentFactory(user=profile.user, topic=section.domain.topic)
    return section


@pytest.fixture
def topic(section):
    return section.domain.topic


def url(name: str, topic) -> str:
    return reverse(name, kwargs={"topic_slug": topic.slug})


def post_answer(client, topic, card, quality, version=0, htmx=True):
    return client.post(
        url("review-answer", topic),
        {"card": card.pk, "quality": quality, "version": version},
        headers=HTMX if htmx else {},
    )


def post_undo(client, topic, answer_id, htmx=True):
    return client.post(
        url("review-undo", topic), {"answer": answer_id}, headers=HTMX if htmx else {}
    )


def undo_button_names(response) -> int | None:
    """The answer the page's undo form takes back (its hidden input), or None if disabled."""
    match = re.search(r'<input type="hidden" name="answer" value="(\d+)">', text(response))
    return int(match[1]) if match else None


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Front and back -------------------------------------------------------------------------


def test_review_page_shows_the_first_new_card_front_with_its_place(client, student, section):
    card = CardFactory(section=section, prompt="Which queue keeps order?")

    response = client.get(url("review", section.domain.topic))

    assert response.status_code == 200
    assert response.context["card"] == card
    page = text(response)
    assert "<html" in page
    assert 'role="region" aria-label="Card"' in page
    assert "Which queue keeps order?" in page
    assert f"{section.domain.title} › {section.title}" in page
    assert 'aria-label="Show answer"' in page
    assert card.answer not in page
    assert "Keyboard shortcuts" in page


def test_trap_front_asks_true_or_false_with_four_verdicts(client, student, section):
    CardFactory(section=section, trap=True, prompt="SQS FIFO scales without limit")

    page = text(client.get(url("review", section.domain.topic)))

    assert "True or false?" in page
    assert "SQS FIFO scales without limit" in page
    for verdict, key in [
        ("TRUE", "t"),
        ("FALSE", "f"),
        ("PARTIALLY TRUE", "p"),
        ("CONTEXT-DEPENDENT", "c"),
    ]:
        assert (
            f'value="{verdict}" class="verdict-button" aria-label="{verdict}" data-key="{key}"'
            in (page)
        )
    assert 'aria-label="Show answer"' not in page


def test_wrong_verdict_says_so_and_preselects_again(client, student, section):
    card = CardFactory(section=section, trap=True)  # verdict FALSE

    response = client.post(
        url("review-reveal", section.domain.topic),
        {"card": card.pk, "version": 0, "verdict": "TRUE"},
        headers=HTMX,
    )

    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert "Not quite: you said TRUE." in page
    assert card.explanation in page
    default = [grade for grade in response.context["grades"] if grade.default]
    assert [grade.name for grade in default] == ["Again"]


def test_right_verdict_says_so_and_preselects_good(client, student, section):
    card = CardFactory(section=section, trap=True)

    response = client.post(
        url("review-reveal", section.domain.topic),
        {"card": card.pk, "version": 0, "verdict": "FALSE"},
    )

    assert "Right: you said FALSE." in text(response)
    assert [g.name for g in response.context["grades"] if g.default] == ["Good"]


def test_table_card_hides_one_cell_and_its_back_shows_the_whole_row(client, student, section):
    card = CardFactory(section=section, table_cell=True)

    front = text(client.get(url("review", section.domain.topic)))
    back = text(
        client.post(url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0})
    )

    hidden = '<span class="visually-hidden">hidden cell</span><span aria-hidden="true">?</span>'
    assert f'<td class="cell-hidden">{hidden}</td>' in front
    assert f'<div class="pair cell-hidden"><dt>HTTP API</dt><dd>{hidden}</dd></div>' in front
    assert "~70% cheaper" not in front
    assert '<th scope="row">Cost</th>' in front and "<td>Higher</td>" in front
    assert '<td class="cell-revealed"><strong>~70% cheaper</strong></td>' in back
    assert '<p class="row-subject"><span class="row-label">Feature</span> Cost</p>' in back
    # The row is the card's source, shown as a table: no quoted excerpt. The answer stands once
    # in the table and once in the phone's stacked list; the stylesheet shows one of the two.
    assert card.source not in back.replace("&quot;", '"')
    assert back.count("~70% cheaper") == 2


def test_scenario_back_shows_answer_source_and_four_grades_with_intervals(client, student, section):
    card = CardFactory(section=section, answer="Amazon SQS")

    response = client.post(
        url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0}
    )

    page = text(response)
    assert "Amazon SQS" in page
    assert "From the guide" in page
    grades = [(g.quality, g.name, g.key, g.outcome) for g in response.context["grades"]]
    # A new card: Again and Hard bring it back in this session; Good and Easy both say
    # tomorrow, and Easy says it also lengthens the reviews after that.
    assert grades == [
        (2, "Again", "1", "again today"),
        (3, "Hard", "2", "again today"),
        (4, "Good", "3", "1 day"),
        (5, "Easy", "4", "1 day, then longer"),
    ]
    for name in ("Again", "Hard", "Good", "Easy"):
        assert f'aria-label="{name}"' in page


def test_grade_buttons_say_again_today_for_a_redrill_and_the_interval_otherwise(
    client, student, section
):
    card = CardFactory(section=section)
    state_in_review(student, card, repetitions=1, interval=1)

    response = client.post(
        url("review-reveal", section.domain.topic),
        {"card": card.pk, "version": ReviewState.objects.get(card=card).version},
    )

    outcomes = {g.name: g.outcome for g in response.context["grades"]}
    # The second review: SM-2 gives 6 days to every passing grade; Hard re-drills today.
    assert outcomes == {
        "Again": "again today",
        "Hard": "again today",
        "Good": "6 days",
        "Easy": "6 days, then longer",
    }
    assert "again today" in text(response) and "6 days, then longer" in text(response)
    assert not response.context["redrill"]


def test_grade_buttons_show_the_interval_sm2_would_give(client, student, section):
    card = CardFactory(section=section)
    state_in_review(student, card, repetitions=2, interval=6)

    response = client.post(
        url("review-reveal", section.domain.topic),
        {"card": card.pk, "version": ReviewState.objects.get(card=card).version},
    )

    intervals = {g.name: g.interval_label for g in response.context["grades"]}
    # ceil(6 × 2.50) = 15 days for every passing grade; a fail starts again at 1.
    assert intervals == {"Again": "1 day", "Hard": "15 days", "Good": "15 days", "Easy": "15 days"}
    outcomes = [g.outcome for g in response.context["grades"]]
    assert outcomes == ["again today", "again today", "15 days", "15 days, then longer"]


def test_the_first_redrill_says_what_a_redrill_is_and_later_ones_say_it_briefly(
    client, student, section
):
    first, second = CardFactory(section=section), CardFactory(section=section)
    answer(student, first, 2)
    answer(student, second, 2)

    def reveal(card):
        version = ReviewState.objects.get(card=card).version
        form = {"card": card.pk, "version": version}
        return text(client.post(url("review-reveal", section.domain.topic), form))

    first_back = reveal(first)
    answer(student, first, 4)  # the learner's first re-drill is answered
    second_back = reveal(second)

    assert "This is a <strong>re-drill</strong>" in first_back
    assert "until you answer Good or Easy" in first_back
    assert "This is a <strong>re-drill</strong>" not in second_back
    assert "Re-drill: its next review stays 1 day away whatever you choose." in second_back


def test_an_undone_redrill_was_no_first_redrill_so_the_next_one_is_explained(
    client, student, section
):
    first, second = CardFactory(section=section), CardFactory(section=section)
    answer(student, first, 2)
    answer(student, second, 2)
    answer(student, first, 4)  # a re-drill, taken back
    undo(student)

    version = ReviewState.objects.get(card=second).version
    form = {"card": second.pk, "version": version}
    back = text(client.post(url("review-reveal", section.domain.topic), form))

    assert "This is a <strong>re-drill</strong>" in back


def test_before_any_redrill_the_back_explains_again_today(client, student, section):
    card = CardFactory(section=section)

    form = {"card": card.pk, "version": 0}
    back = text(client.post(url("review-reveal", section.domain.topic), form))

    assert "“Again today” brings the card back later in this session (a re-drill)" in back


def test_redrill_back_says_the_interval_does_not_change(client, student, section):
    card = CardFactory(section=section)
    answer(student, card, 2)  # failed today: back as a re-drill

    response = client.post(
        url("review-reveal", section.domain.topic), {"card": card.pk, "version": 1}
    )

    assert response.context["redrill"]
    assert {g.interval for g in response.context["grades"]} == {1}
    assert "next review stays 1 day away whatever you choose" in text(response)
    outcomes = [g.outcome for g in response.context["grades"]]
    assert outcomes == ["again today", "again today", "stays 1 day", "stays 1 day"]


def test_six_grade_scale_shows_grades_0_to_5_and_accepts_them(client, student, profile, section):
    profile.grading_scale = StudyProfile.GradingScale.SIX
    profile.save()
    card = CardFactory(section=section)

    back = client.post(url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0})
    answered = post_answer(client, section.domain.topic, card, 0)

    assert [(g.name, g.key) for g in back.context["grades"]] == [(str(q), str(q)) for q in range(6)]
    assert "blackout" in text(back)
    assert answered.status_code == 200
    assert ReviewLog.objects.for_user(student).get().quality == 0


def state_in_review(user, card, *, repetitions, interval):
    """A card learned weeks ago with Good answers on its due days, now due again."""
    for day in [date(2026, 11, 1), date(2026, 11, 2)][:repetitions]:
        state = ReviewState.objects.for_user(user).filter(card=card).first()
        answer_card(
            user=user,
            card=card,
            quality=4,
            expected_version=state.version if state else 0,
            now=datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=12),
        )
    state = ReviewState.objects.for_user(user).get(card=card)
    assert (state.repetitions, state.interval) == (repetitions, interval)
    return state


# --- Answering ------------------------------------------------------------------------------


def test_htmx_answer_returns_the_next_card_fragment_with_updated_counts(client, student, section):
    first, second = CardFactory(section=section), CardFactory(section=section)

    response = post_answer(client, section.domain.topic, first, 4)

    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert response.context["card"] == second
    assert "<b>1</b> new" in page
    assert "<b>0</b> re-drills" in page
    log = ReviewLog.objects.for_user(student).get()
    assert (log.card, log.quality) == (first, 4)


def test_answer_without_javascript_redirects_to_the_review_page(client, student, section):
    card = CardFactory(section=section)

    response = post_answer(client, section.domain.topic, card, 5, htmx=False)

    assert response.status_code == 302
    assert response["Location"] == url("review", section.domain.topic)
    assert ReviewLog.objects.for_user(student).count() == 1


def test_failed_answer_brings_the_card_back_as_a_redrill(client, student, section):
    card = CardFactory(section=section)

    response = post_answer(client, section.domain.topic, card, 2)

    assert response.context["card"] == card
    assert response.context["counts"].redrills == 1
    assert "<b>1</b> re-drill" in text(response)


def test_double_submitted_answer_counts_once(client, student, section):
    card, other = CardFactory(section=section), CardFactory(section=section)

    first = post_answer(client, section.domain.topic, card, 4)
    second = post_answer(client, section.domain.topic, card, 4)

    assert first.status_code == second.status_code == 200
    assert ReviewLog.objects.for_user(student).count() == 1
    assert ReviewState.objects.for_user(student).get(card=card).reviews == 1
    assert second.context["card"] == other
    assert "already recorded" in text(second)


def test_stale_answer_from_another_tab_changes_nothing(client, student, section):
    card = CardFactory(section=section)
    answer(student, card, 2)  # answered in another tab: version is now 1

    response = post_answer(client, section.domain.topic, card, 5, version=0)

    assert ReviewLog.objects.for_user(student).count() == 1
    assert ReviewState.objects.for_user(student).get(card=card).version == 1
    assert response.context["card"] == card  # still the current card (a re-drill)


def test_replayed_answer_without_javascript_counts_once(client, student, section):
    card = CardFactory(section=section)

    post_answer(client, section.domain.topic, card, 4, htmx=False)
    replay = post_answer(client, section.domain.topic, card, 4, htmx=False)
    page = client.get(replay["Location"])

    assert ReviewLog.objects.for_user(student).count() == 1
    assert "already recorded" in text(page)


def test_reveal_of_an_answered_card_shows_the_current_card(client, student, section):
    card, other = CardFactory(section=section), CardFactory(section=section)
    answer(student, card, 4)

    response = client.post(
        url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0}
    )

    assert response.context["face"] == "front"
    assert response.context["card"] == other
    assert "already answered" in text(response)


@pytest.mark.parametrize(
    ("take_out", "message"),
    [
        (lambda cards: suspend_cards(cards), "That card was suspended by an editor"),
        (lambda cards: retire_cards(cards, now=NOON), "That card was retired by an editor"),
        (
            lambda cards: cards.update(is_active=False, retired_at=NOON),
            "That card was retired: it is no longer in its topic",
        ),
    ],
    ids=["suspended", "retired-by-editor", "retired-by-import"],
)
def test_reveal_of_a_card_taken_out_of_study_says_why(client, student, section, take_out, message):
    card, other = CardFactory(section=section), CardFactory(section=section)
    take_out(Card.objects.filter(pk=card.pk))

    response = client.post(
        url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0}, headers=HTMX
    )

    assert response.context["face"] == "front"
    assert response.context["card"] == other
    assert message in text(response)
    assert "already answered" not in text(response)


def test_reveal_of_a_card_suspended_after_it_was_answered_says_suspended(client, student, section):
    card = CardFactory(section=section)
    answer(student, card, 4)  # the page's version 0 is stale too
    suspend_cards(Card.objects.filter(pk=card.pk))

    response = client.post(
        url("review-reveal", section.domain.topic), {"card": card.pk, "version": 0}
    )

    assert "suspended by an editor" in text(response)
    assert "already answered" not in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quality": "7"}, "quality must be one of 2, 3, 4, 5 on your grading scale, not 7."),
        ({"quality": "0"}, "quality must be one of 2, 3, 4, 5 on your grading scale, not 0."),
        ({"quality": "good"}, "quality must be one of 2, 3, 4, 5 on your grading scale, not good."),
        ({"quality": ""}, "quality: Which grade? The quality is missing."),
        ({"version": ""}, "version: The card&#x27;s version is missing; reload the page."),
        ({"version": "x"}, "version: The card&#x27;s version must be a whole number."),
        ({"card": "999999"}, "card: There is no card 999999 in this topic."),
        ({"card": "9" * 30}, f"card: There is no card {'9' * 30} in this topic."),
        ({"card": "-3"}, "card: There is no card -3 in this topic."),
        ({"card": "abc"}, "card: The card id must be a whole number, not abc."),
        ({"card": ""}, "card: Which card? The card id is missing."),
    ],
)
def test_bad_answer_input_is_refused_with_a_400_naming_the_problem(
    client, student, section, data, message
):
    card = CardFactory(section=section)
    form = {"card": card.pk, "quality": 4, "version": 0, **data}

    response = client.post(url("review-answer", section.domain.topic), form, headers=HTMX)

    assert response.status_code == 400
    assert message in text(response)
    assert not ReviewLog.objects.exists()
    assert not ReviewState.objects.exists()


def test_card_of_another_topic_is_refused(client, student, section):
    CardFactory(section=section)
    elsewhere = CardFactory()

    response = post_answer(client, section.domain.topic, elsewhere, 4, htmx=False)

    assert response.status_code == 400
    assert f"There is no card {elsewhere.pk} in this topic." in text(response)
    assert "<html" in text(response)
    assert not ReviewLog.objects.exists()


def test_suspended_card_answer_is_refused_and_says_suspended(client, student, section):
    card = CardFactory(section=section)
    suspend_cards(Card.objects.filter(pk=card.pk))

    response = post_answer(client, section.domain.topic, card, 4)

    assert "This card was suspended by an editor; your answer was not counted." in text(response)
    assert "already recorded" not in text(response)
    assert not ReviewLog.objects.exists()


def test_retired_card_answer_is_refused_and_says_retired(client, student, section):
    card = CardFactory(section=section)
    retire_cards(Card.objects.filter(pk=card.pk), now=NOON)

    response = post_answer(client, section.domain.topic, card, 4, htmx=False)
    page = client.get(response["Location"])

    assert "This card was retired by an editor; your answer was not counted." in text(page)
    assert not ReviewLog.objects.exists()


# --- Undo and the end of the session --------------------------------------------------------


def test_undo_brings_back_the_previous_card_and_its_state(client, student, section):
    card, other = CardFactory(section=section), CardFactory(section=section)
    answered = post_answer(client, section.domain.topic, card, 5)

    response = post_undo(client, section.domain.topic, undo_button_names(answered))

    assert response.status_code == 200
    assert response.context["card"] == card
    assert "Answer undone." in text(response)
    state = ReviewState.objects.for_user(student).get(card=card)
    assert (state.introduced_on, state.reviews, state.version) == (None, 0, 2)
    assert response.context["version"] == 2
    assert ReviewLog.objects.for_user(student).get().undone
    # Nothing is left to undo, so the button is off.
    assert undo_button_names(response) is None
    assert re.search(r'aria-label="Undo" disabled', text(response))
    # The undone card can be answered again with the version the page now carries.
    again = post_answer(client, section.domain.topic, card, 3, version=2)
    assert again.context["card"] == other
    assert ReviewLog.objects.for_user(student).counted().get().quality == 3


def test_the_undo_form_names_the_latest_answer_of_the_topic(client, student, section):
    first, second = CardFactory(section=section), CardFactory(section=section)
    answer(student, first, 4)
    answer(student, CardFactory(), 4)  # another topic's answer is not this page's to undo
    latest = answer(student, second, 4, now=NOON).log
    answer(student, CardFactory(), 4)

    page = client.get(url("review", section.domain.topic))

    assert undo_button_names(page) == latest.pk


def test_double_submitted_undo_takes_back_one_answer(client, student, section):
    first, second = CardFactory(section=section), CardFactory(section=section)
    post_answer(client, section.domain.topic, first, 4)
    answered = post_answer(client, section.domain.topic, second, 4)
    button = undo_button_names(answered)

    post_undo(client, section.domain.topic, button)
    repeated = post_undo(client, section.domain.topic, button)

    assert repeated.status_code == 200
    assert "That answer was already undone; nothing else was taken back." in text(repeated)
    assert ReviewLog.objects.for_user(student).counted().get().card == first
    assert ReviewState.objects.for_user(student).get(card=first).reviews == 1
    # The refusal's page offers the answer that is now the latest.
    assert undo_button_names(repeated) == ReviewLog.objects.for_user(student).counted().get().pk


def test_double_submitted_undo_without_javascript_takes_back_one_answer(client, student, section):
    first, second = CardFactory(section=section), CardFactory(section=section)
    post_answer(client, section.domain.topic, first, 4, htmx=False)
    post_answer(client, section.domain.topic, second, 4, htmx=False)
    latest = ReviewLog.objects.for_user(student).get(card=second)

    post_undo(client, section.domain.topic, latest.pk, htmx=False)
    repeated = post_undo(client, section.domain.topic, latest.pk, htmx=False)
    page = client.get(repeated["Location"])

    assert repeated.status_code == 302
    assert "already undone" in text(page)
    assert page.context["card"] == second
    assert ReviewLog.objects.for_user(student).counted().get().card == first


def test_undo_from_a_tab_that_missed_a_later_answer_is_refused(client, student, section):
    first, second = CardFactory(section=section), CardFactory(section=section)
    post_answer(client, section.domain.topic, first, 4)  # this tab's undo names this answer
    post_answer(client, section.domain.topic, second, 4)  # answered in another tab
    old_tabs = ReviewLog.objects.for_user(student).get(card=first)

    response = post_undo(client, section.domain.topic, old_tabs.pk)

    assert "no longer your latest answer" in text(response)
    assert not ReviewLog.objects.filter(undone=True).exists()


def test_undo_without_javascript_redirects_to_the_undone_card(client, student, section):
    card, _ = CardFactory(section=section), CardFactory(section=section)
    post_answer(client, section.domain.topic, card, 5)
    button = undo_button_names(client.get(url("review", section.domain.topic)))

    response = post_undo(client, section.domain.topic, button, htmx=False)
    page = client.get(response["Location"])

    assert response.status_code == 302
    assert page.context["card"] == card
    assert "Answer undone." in text(page)


def test_with_nothing_to_undo_the_undo_button_is_off(client, student, section):
    CardFactory(section=section)

    page = client.get(url("review", section.domain.topic))

    assert undo_button_names(page) is None
    assert re.search(r'aria-label="Undo" disabled', text(page))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "answer: Which answer? The undo form did not say; reload the page."),
        ({"answer": "last"}, "answer: The answer to undo must be a whole number."),
        ({"answer": "0"}, "answer: The answer to undo must be a whole number from 1."),
    ],
)
def test_bad_undo_input_is_refused_with_a_400_naming_the_problem(
    client, student, section, data, message
):
    card = CardFactory(section=section)
    answer(student, card, 4)

    response = client.post(url("review-undo", section.domain.topic), data, headers=HTMX)

    assert response.status_code == 400
    assert message in text(response)
    assert not ReviewLog.objects.filter(undone=True).exists()


def test_undo_of_another_learners_answer_is_refused(client, student, section):
    card = CardFactory(section=section)
    theirs = answer(StudyProfileFactory().user, card, 4).log

    response = post_undo(client, section.domain.topic, theirs.pk)

    assert f"There is no answer {theirs.pk} of yours in" in text(response)
    assert not ReviewLog.objects.filter(undone=True).exists()


def test_end_of_session_summary_counts_todays_answers(client, student, section):
    first, second, third = (CardFactory(section=section) for _ in range(3))
    answer(student, first, 2)  # fail, then re-drill it to Good
    answer(student, second, 5)
    answer(student, third, 4)
    answer(student, first, 4)
    post_answer(client, section.domain.topic, third, 4)  # replay: refused, not counted

    response = client.get(url("review", section.domain.topic))

    summary = response.context["summary"]
    assert response.context["card"] is None
    assert summary["answered"] == 4
    assert summary["correct_percent"] == 75
    assert summary["redrilled"] == 1
    assert summary["due_tomorrow"] == 3
    assert "Done for now" in text(response)
    assert 'aria-label="Summary"' in text(response)


def test_summary_says_when_the_next_card_is_due_leaving_retired_cards_out(client, student, section):
    kept, retired = (CardFactory(section=section) for _ in range(2))
    answer(student, kept, 4)
    answer(student, retired, 4)
    retire_cards(Card.objects.filter(pk=retired.pk), now=NOON)
    due = ReviewState.objects.get(user=student, card=kept).due

    response = client.get(url("review", section.domain.topic))

    summary = response.context["summary"]
    assert (summary["due_tomorrow"], summary["next_due"]) == (1, due)
    assert f"The next card is due on {due:%A} {due.day} {due:%B}." in text(response)


def test_summary_leaves_out_undone_answers(client, student, section):
    card = CardFactory(section=section)
    answered = post_answer(client, section.domain.topic, card, 2)
    post_undo(client, section.domain.topic, undo_button_names(answered))
    CardFactory(section=section, is_active=False)

    post_answer(client, section.domain.topic, card, 5, version=2)
    response = client.get(url("review", section.domain.topic))

    assert response.context["summary"]["answered"] == 1
    assert response.context["summary"]["correct_percent"] == 100
    assert response.context["summary"]["redrilled"] == 0


def test_empty_topic_says_nothing_to_study(client, student, topic):
    response = client.get(url("review", topic))

    assert "Nothing to study right now" in text(response)


# --- Access and budgets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "review"),
        ("post", "review-reveal"),
        ("post", "review-answer"),
        ("post", "review-undo"),
    ],
)
def test_review_needs_sign_in(client, topic, method, name):
    response = getattr(client, method)(url(name, topic))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_review_page_takes_no_post(client, student, topic):
    assert client.post(url("review", topic)).status_code == 405


@pytest.mark.parametrize("name", ["review-reveal", "review-answer", "review-undo"])
def test_opening_a_review_forms_address_changes_nothing_and_shows_the_page(
    client, student, topic, name
):
    response = client.get(url(name, topic))

    assert response.status_code == 303 and response["Location"] == url("review", topic)
    assert not ReviewLog.objects.exists()


def test_unknown_topic_is_not_found(client, student, db):
    assert client.get("/review/no-such-topic/").status_code == 404


# A review writes as a first answer does, without moving the new-card cursor on.
@pytest.mark.parametrize(("answered_before", "budget"), [(False, 13), (True, 12)])
def test_answer_and_next_card_take_at_most_thirteen_queries(
    client, student, section, answered_before, budget, django_assert_max_num_queries
):
    cards = [CardFactory(section=section) for _ in range(5)]
    answer(student, cards[0], 2)  # a re-drill waits, so the queue has work to do
    if answered_before:
        answer(student, cards[1], 5, now=NOON - timedelta(days=3))  # due again today
    client.get(url("review", section.domain.topic))

    # Counted: session, user with profile, the card with the learner's state of it, savepoint,
    # state write, log, the day's roll-up rows (topic and domain), the domain's standing, the
    # new-card cursor moved on (a first answer), release, queue counts (with the recent answer
    # times for the estimate), next card.
    with django_assert_max_num_queries(budget):
        response = post_answer(
            client, section.domain.topic, cards[1], 4, version=int(answered_before)
        )

    assert response.status_code == 200 and response.context["card"] is not None
    logged = ReviewLog.objects.for_user(student).filter(card=cards[1])
    assert logged.count() == 1 + int(answered_before)


def test_reveal_takes_at_most_seven_queries(
    client, student, section, django_assert_max_num_queries
):
    cards = [CardFactory(section=section) for _ in range(5)]
    answer(student, cards[0], 5, now=NOON - timedelta(days=3))  # due again today
    client.get(url("review", section.domain.topic))

    # Counted: session, user with profile, the card with the learner's state of it and their
    # enrolment, the queue's counts, whether they ever re-drilled, the undo button's answer,
    # the recent answer times for the session's estimate.
    with django_assert_max_num_queries(7):
        response = client.post(
            url("review-reveal", section.domain.topic),
            {"card": cards[0].pk, "version": 1},
            headers=HTMX,
        )

    assert response.status_code == 200 and response.context["face"] == "back"


@pytest.mark.parametrize("deck_size", [5, 300])
def test_the_review_page_takes_at_most_five_queries_whatever_the_deck(
    client, student, section, deck_size, django_assert_max_num_queries
):
    cards = [CardFactory(section=section) for _ in range(deck_size)]
    answer(student, cards[0], 5, now=NOON - timedelta(days=2))  # due again today
    answer(student, cards[1], 2)  # a re-drill waits behind it

    # Counted: session, user with profile, topic, the queue's counts, next card, the undo
    # button's answer and the recent answer times for the estimate (one compiled query), that
    # card.
    with django_assert_max_num_queries(5):
        response = client.get(url("review", section.domain.topic))

    assert response.context["card"] == cards[0]
    assert response.context["counts"].redrills == 1
    assert undo_button_names(response) == ReviewLog.objects.get(card=cards[1]).pk


def test_yesterdays_answers_leave_the_undo_button_nothing_to_take_back(client, student, section):
    answer(student, CardFactory(section=section), 4, now=NOON - timedelta(days=1))

    page = client.get(url("review", section.domain.topic))

    assert page.context["undo_answer"] is None
    assert 'aria-label="Undo" disabled' in page.content.decode()


def test_card_faces_render_on_their_own_without_forms(db):
    trap = CardFactory(trap=True)
    table = Card.objects.with_place().get(pk=CardFactory(table_cell=True).pk)

    front = render_to_string("scheduler/review.html#card_front", {"card": trap})
    back = render_to_string(
        "scheduler/review.html#card_back", {"card": trap, "picked_verdict": "TRUE"}
    )
    table_back = render_to_string("scheduler/review.html#card_back", {"card": table})

    assert "True or false?" in front and trap.prompt in front
    assert "Not quite: you said TRUE." in back and trap.explanation in back
    assert "~70% cheaper" in table_back
    for html in (front, back, table_back):
        assert "<form" not in html
        assert "<html" not in html


# --- The session bar and the end of a session --------------------------------------------


def test_the_session_bar_counts_cards_done_today_and_estimates_the_time_left(
    client, student, section
):
    cards = [CardFactory(section=section, position=i) for i in range(10)]
    start = NOON.replace(hour=11)
    # Six answers 20 s apart (one of them failed, so due for a re-drill), after a long break.
    answer(student, cards[9], 4, now=start.replace(hour=5))
    for i, quality in enumerate((4, 4, 2, 4, 4, 4)):
        answer(student, cards[i], quality, now=start + timedelta(seconds=20 * i))

    response = client.get(url("review", section.domain.topic))
    session = response.context["session"]

    # 7 cards answered today, one of them still to re-drill: 6 done. Left: that re-drill and
    # the 3 new cards, at the median 20 s each.
    assert (session.done, session.total, session.seconds_per_answer) == (6, 10, 20)
    assert session.minutes_left == 1
    assert "6 of 10 done today · about 1 min left" in text(response)


def test_a_new_learner_sees_progress_without_a_time_estimate(client, student, section):
    CardFactory(section=section)

    response = client.get(url("review", section.domain.topic))

    assert response.context["session"].seconds_per_answer is None
    assert "0 of 1 done today</p>" in text(response)


def test_the_end_of_a_session_offers_the_next_topic_with_cards_waiting(client, student, section):
    done = CardFactory(section=section)
    other = CardFactory(section=SectionFactory(), prompt="Elsewhere")
    EnrolmentFactory(user=student, topic=other.topic)
    answer(student, done, 4)

    response = client.get(url("review", section.domain.topic))

    assert response.context["card"] is None
    assert response.context["next_topic"] == other.topic
    assert f'href="{url("review", other.topic)}">Study {other.topic.title}</a>' in text(response)


def test_the_end_of_a_session_does_not_offer_a_topic_the_learner_does_not_study(
    client, student, section
):
    done = CardFactory(section=section)
    CardFactory(section=SectionFactory(), prompt="Not mine")
    answer(student, done, 4)

    response = client.get(url("review", section.domain.topic))

    assert response.context["next_topic"] is None


def test_the_end_of_the_last_topic_offers_only_the_dashboard(client, student, section):
    card = CardFactory(section=section)
    answer(student, card, 4)

    response = client.get(url("review", section.domain.topic))

    assert response.context["next_topic"] is None
    assert "Back to the dashboard" in text(response)
