"""The grade buttons preview the learner's own algorithm."""

from datetime import date

from scheduler.algorithms import fsrs
from scheduler.models import ReviewState, StudyProfile
from scheduler.views.grade_buttons import grade_buttons
from tests.scheduler.answering import answer, days_later

TODAY = date(2026, 11, 26)


def buttons(user, card, day):
    profile = StudyProfile.objects.get(user=user)
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    redrill = state is not None and state.last_answered_on == day
    return {b.name: b for b in grade_buttons(profile, state, redrill, 4, today=day)}


def test_fsrs_buttons_show_the_intervals_fsrs_will_give(learner, deck):
    (card,) = deck(1)
    StudyProfile.objects.filter(user=learner).update(scheduler="fsrs")
    answer(learner, card, 4)
    state = ReviewState.objects.for_user(learner).get()
    later = date(2026, 11, 28)

    shown = buttons(learner, card, later)

    model = fsrs.Model()
    assert shown["Good"].interval == model.review(state.fsrs_state, 4, later)[1]
    assert shown["Easy"].interval == model.review(state.fsrs_state, 5, later)[1]
    assert shown["Good"].outcome == f"{shown['Good'].interval} days"
    assert shown["Again"].outcome == "again today"


def test_sm2_buttons_still_show_sm2_intervals(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)

    shown = buttons(learner, card, date(2026, 11, 27))

    assert (shown["Good"].interval, shown["Easy"].interval) == (6, 6)


def test_a_redrill_shows_the_interval_already_scheduled_under_fsrs(learner, deck):
    (card,) = deck(1)
    StudyProfile.objects.filter(user=learner).update(scheduler="fsrs")
    answer(learner, card, 2, now=days_later(0))
    state = ReviewState.objects.for_user(learner).get()

    shown = buttons(learner, card, TODAY)

    assert shown["Good"].outcome == f"stays {shown['Good'].interval_label}"
    assert shown["Good"].interval == state.interval
