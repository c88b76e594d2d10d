"""Cram ("study now"): weakest first, logged as cram, never moving the schedule; undo works."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict

from cards.editing import suspend_cards
from cards.models import Card
from scheduler import rollup
from scheduler.cram import CRAM_SIZE, remaining
from scheduler.extra_study import add_extra_new_cards
from scheduler.models import CramSession, ExtraNewCards, ReviewDay, ReviewLog, ReviewState
from scheduler.queue import build_queue
from scheduler.services import (
    answer_cram,
    delete_account_and_data,
    start_cram,
    suspend_card,
    undo_cram_answer,
    undo_last_answer,
)
from scheduler.stats import grades, readiness_by_topic
from scheduler.stats.prediction import predict
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later

TODAY = NOON.date()


@pytest.fixture
def topic_cards(deck):
    return deck(4)


@pytest.fixture
def domain(section):
    return section.domain


def start(user, domain, *, section=None, now=NOON):
    latest = CramSession.objects.for_user(user).order_by("-pk").values_list("pk", flat=True)
    return start_cram(
        user=user,
        topic=domain.topic,
        domain=domain,
        section=section,
        expected_latest=latest.first() or 0,
        now=now,
    )


def cram(user, session, card, quality, now=NOON):
    session.refresh_from_db()
    return answer_cram(
        user=user,
        session_id=session.pk,
        card=card,
        quality=quality,
        expected_version=session.version,
        now=now,
    )


def states(user) -> dict:
    return {
        state.card_id: model_to_dict(state, exclude=["id"])
        for state in ReviewState.objects.for_user(user)
    }


def test_the_weakest_cards_come_first_and_suspended_ones_stay_out(learner, domain, topic_cards):
    strong, lapsed, unseen, suspended = topic_cards
    answer(learner, strong, 5)
    answer(learner, lapsed, 5)
    answer(learner, suspended, 4)
    answer(learner, lapsed, 2, now=days_later(1))  # a lapse
    state = ReviewState.objects.for_user(learner).get(card=suspended)
    suspend_card(user=learner, card=suspended, expected_version=state.version, now=days_later(1))

    session = start(learner, domain, now=days_later(1)).session

    assert session.cards == [lapsed.pk, strong.pk, unseen.pk]
    assert session.title == f"Domain {domain.number}: {domain.title}"


def test_a_section_crams_only_its_own_cards(learner, domain, topic_cards):
    other = SectionFactory(domain=domain)
    elsewhere = CardFactory(section=other)

    session = start(learner, domain, section=other).session

    assert session.cards == [elsewhere.pk]
    assert session.title.startswith(f"Section {domain.number}.{other.position}")


def test_a_session_holds_at_most_the_cram_size(learner, domain, deck):
    deck(CRAM_SIZE + 5)

    assert len(start(learner, domain).session.cards) == CRAM_SIZE


def test_cram_answers_do_not_move_the_schedule(learner, domain, topic_cards):
    seen, failing, new, _ = topic_cards
    answer(learner, seen, 4)
    answer(learner, failing, 4)
    before = states(learner)
    session = start(learner, domain, now=days_later(3)).session

    for card, quality in ((seen, 5), (failing, 2), (new, 4), (failing, 4)):
        assert cram(learner, session, card, quality, now=days_later(3)).applied

    assert states(learner) == before  # interval, easiness, due, repetitions, lapses, version
    assert not ReviewState.objects.for_user(learner).filter(card=new).exists()
    logs = ReviewLog.objects.for_user(learner).filter(kind=ReviewLog.Kind.CRAM)
    assert logs.count() == 4
    for log in logs:  # logged as before = after
        assert (log.interval_before, log.repetitions_before, log.easiness_before) == (
            (log.interval_after, log.repetitions_after, log.easiness_after)
            if log.card != new
            else (0, None, None)
        )
    assert logs.filter(card=failing).values_list("quality", flat=True).count() == 2


def test_a_card_answered_below_good_comes_again_at_the_end(learner, domain, topic_cards):
    first, second, third, fourth = topic_cards
    session = start(learner, domain).session

    cram(learner, session, first, 2)
    session.refresh_from_db()

    assert remaining(session) == [second.pk, third.pk, fourth.pk, first.pk]
    cram(learner, session, first, 4)
    session.refresh_from_db()
    assert remaining(session) == [second.pk, third.pk, fourth.pk]


def test_cram_leaves_the_daily_queue_as_it_was(learner, domain, topic_cards):
    answer(learner, topic_cards[0], 4)
    tomorrow = days_later(1)
    queue_before = build_queue(
        user=learner, profile=learner.study_profile, topic_id=domain.topic_id, today=TODAY
    ).counts
    session = start(learner, domain, now=tomorrow).session
    for card in topic_cards:
        cram(learner, session, card, 5, now=tomorrow)

    queue_after = build_queue(
        user=learner, profile=learner.study_profile, topic_id=domain.topic_id, today=TODAY
    ).counts
    assert queue_after == queue_before
    due_tomorrow = build_queue(
        user=learner,
        profile=learner.study_profile,
        topic_id=domain.topic_id,
        today=TODAY + timedelta(days=1),
    )
    assert due_tomorrow.counts.reviews == 1  # still due: cramming it was not a review


def test_a_stale_or_repeated_cram_answer_is_refused(learner, domain, topic_cards):
    session = start(learner, domain).session
    version = session.version
    first = answer_cram(
        user=learner,
        session_id=session.pk,
        card=topic_cards[0],
        quality=4,
        expected_version=version,
        now=NOON,
    )

    again = answer_cram(
        user=learner,
        session_id=session.pk,
        card=topic_cards[0],
        quality=4,
        expected_version=version,
        now=NOON,
    )

    assert first.applied and not again.applied
    assert again.refusal.startswith("That answer was already recorded")
    assert ReviewLog.objects.for_user(learner).filter(kind="cram").count() == 1


def test_a_card_not_left_in_the_session_is_refused(learner, domain, topic_cards):
    session = start(learner, domain).session
    cram(learner, session, topic_cards[0], 5)

    result = cram(learner, session, topic_cards[0], 5)

    assert not result.applied
    assert ReviewLog.objects.for_user(learner).filter(kind="cram").count() == 1


def test_another_learners_session_is_refused(learner, domain, topic_cards):
    session = start(learner, domain).session
    other = UserFactory()

    result = answer_cram(
        user=other,
        session_id=session.pk,
        card=topic_cards[0],
        quality=4,
        expected_version=0,
        now=NOON,
    )
    undo = undo_cram_answer(user=other, session_id=session.pk, log_id=1, now=NOON)

    assert result.refusal == f"There is no cram session {session.pk} of yours."
    assert not undo.applied and "of yours" in undo.refusal
    assert not ReviewLog.objects.exists()


def test_a_repeated_start_is_refused(learner, domain, topic_cards):
    assert start(learner, domain).applied

    again = start_cram(user=learner, topic=domain.topic, domain=domain, expected_latest=0, now=NOON)

    assert not again.applied and again.refusal == "That cram session was already started."
    assert CramSession.objects.for_user(learner).count() == 1


def test_nothing_to_cram_says_where(learner, domain, topic_cards):
    suspend_cards(Card.objects.filter(pk__in=[card.pk for card in topic_cards]))

    result = start(learner, domain)

    assert not result.applied
    assert result.refusal == (
        f"There is nothing to cram in domain {domain.number}: {domain.title}: its cards are "
        "suspended or retired."
    )


def test_undo_takes_back_the_latest_cram_answer_once(learner, domain, topic_cards):
    session = start(learner, domain).session
    cram(learner, session, topic_cards[0], 5)
    second = cram(learner, session, topic_cards[1], 2)

    undone = undo_cram_answer(user=learner, session_id=session.pk, log_id=second.log.pk, now=NOON)
    repeated = undo_cram_answer(user=learner, session_id=session.pk, log_id=second.log.pk, now=NOON)

    assert undone.applied and undone.log.undone
    assert not repeated.applied and repeated.refusal.startswith("That answer was already undone")
    session.refresh_from_db()
    assert remaining(session)[0] == topic_cards[1].pk
    assert ReviewDay.objects.for_user(learner).get().cram == 1


def test_undo_of_an_earlier_cram_answer_is_refused(learner, domain, topic_cards):
    session = start(learner, domain).session
    first = cram(learner, session, topic_cards[0], 5)
    cram(learner, session, topic_cards[1], 5)

    result = undo_cram_answer(user=learner, session_id=session.pk, log_id=first.log.pk, now=NOON)

    assert not result.applied and "no longer your latest cram answer" in result.refusal


def test_the_review_undo_never_takes_back_a_cram_answer(learner, domain, topic_cards):
    answer(learner, topic_cards[0], 4)
    session = start(learner, domain).session
    crammed = cram(learner, session, topic_cards[1], 5)

    result = undo_last_answer(user=learner, log_id=crammed.log.pk, now=NOON)

    assert not result.undone
    assert result.refusal.startswith("That was a cram answer")
    latest = ReviewLog.objects.for_user(learner).undoable(TODAY).first()
    assert latest.kind == ReviewLog.Kind.SCHEDULED


def test_statistics_count_cram_apart_and_ignore_it_for_retention_and_readiness(
    learner, domain, topic_cards
):
    answer(learner, topic_cards[0], 4)
    topic = domain.topic
    before = (
        grades(learner, topic, TODAY),
        readiness_by_topic(learner, [topic], TODAY)[topic.pk].overall,
        predict(learner, [topic.pk], TODAY)[topic.pk].score,
    )
    session = start(learner, domain).session
    for card in topic_cards:
        cram(learner, session, card, 2)

    after = (
        grades(learner, topic, TODAY),
        readiness_by_topic(learner, [topic], TODAY)[topic.pk].overall,
        predict(learner, [topic.pk], TODAY)[topic.pk].score,
    )
    assert after[1:] == before[1:]
    assert after[0].by_quality == before[0].by_quality
    assert after[0].cram == 4 and before[0].cram == 0
    day = ReviewDay.objects.for_user(learner).get()
    assert (day.answers, day.cram) == (1, 4)


def test_the_roll_up_rebuilds_cram_counts_from_the_logs(learner, domain, topic_cards):
    answer(learner, topic_cards[0], 4)
    session = start(learner, domain).session
    for card in topic_cards[:3]:
        cram(learner, session, card, 4)
    last = ReviewLog.objects.for_user(learner).filter(kind="cram").latest("pk")
    undo_cram_answer(user=learner, session_id=session.pk, log_id=last.pk, now=NOON)
    written = model_to_dict(ReviewDay.objects.for_user(learner).get(), exclude=["id"])

    rollup.rebuild(user_ids=[learner.pk])

    assert model_to_dict(ReviewDay.objects.for_user(learner).get(), exclude=["id"]) == written
    assert written["cram"] == 2


def test_deleting_the_account_takes_cram_sessions_and_extra_new_cards_with_it(
    learner, domain, topic_cards
):
    session = start(learner, domain).session
    cram(learner, session, topic_cards[0], 4)
    add_extra_new_cards(user=learner, topic=domain.topic, extra=5, expected_extra=0, now=NOON)

    deleted = delete_account_and_data(user=learner)

    assert deleted.answers == 1
    assert not CramSession.objects.exists() and not ExtraNewCards.objects.exists()
    assert not ReviewLog.objects.exists()
