"""The predicted exam score, on histories whose outcome is known."""

from datetime import date, timedelta

import pytest

from scheduler.algorithms import fsrs
from scheduler.models import ReviewState, StudyProfile
from scheduler.scheduling import scheduled_answers
from scheduler.stats.prediction import _sums_replaying, predict
from scheduler.stats.summary import summarise
from tests.factories import (
    CardFactory,
    DomainFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)
from tests.scheduler.answering import NOON, answer, days_later

TODAY = date(2026, 11, 26)


@pytest.fixture
def exam(db):
    """A topic with two domains weighted 70 / 30, four cards each."""
    topic = TopicFactory()
    cards = {}
    for number, weight in ((1, 70), (2, 30)):
        section = SectionFactory(domain=DomainFactory(topic=topic, number=number, weight=weight))
        cards[number] = [CardFactory(section=section, position=i) for i in range(4)]
    return topic, cards


def set_exam_date(user, day):
    StudyProfile.objects.filter(user=user).update(exam_date=day)
    user.refresh_from_db()


def give_memory(user, card, *, stability, reviewed_on):
    """A card answered on `reviewed_on` whose memory FSRS puts at `stability` days."""
    answer(user, card, 5, now=NOON - timedelta(days=(TODAY - reviewed_on).days))
    ReviewState.objects.for_user(user).filter(card=card).update(
        fsrs_stability=stability, fsrs_difficulty=3.0, fsrs_reviewed_on=reviewed_on
    )


def test_a_stable_card_reviewed_yesterday_is_near_certain_a_week_later(learner, exam):
    topic, cards = exam
    set_exam_date(learner, TODAY + timedelta(days=6))
    for card in cards[1] + cards[2]:
        give_memory(learner, card, stability=400.0, reviewed_on=TODAY - timedelta(days=1))

    prediction = predict(learner, [topic.pk], TODAY)[topic.pk]

    assert prediction.on == TODAY + timedelta(days=6)
    assert prediction.score > 0.99
    assert prediction.percent == 100
    assert prediction.advice is None


def test_cards_never_seen_count_as_zero(learner, exam):
    topic, _ = exam

    prediction = predict(learner, [topic.pk], TODAY)[topic.pk]

    assert prediction.score == 0
    assert [d.percent for d in prediction.domains] == [0, 0]


def test_domains_are_weighted_by_the_exam_and_the_advice_names_the_gap(learner, exam):
    topic, cards = exam
    set_exam_date(learner, TODAY + timedelta(days=10))
    for card in cards[1]:  # domain 1 (70 %) known for good, domain 2 (30 %) never seen
        give_memory(learner, card, stability=36500.0, reviewed_on=TODAY)

    prediction = predict(learner, [topic.pk], TODAY)[topic.pk]

    assert [d.percent for d in prediction.domains] == [100, 0]
    assert prediction.percent == 70
    assert not prediction.passes  # 70 % < the default pass mark, 72 %
    advice = prediction.advice
    assert advice.domain.number == 2
    assert advice.domain.weak == 4
    assert advice.reviews_per_day == 1  # 4 cards over 10 days
    assert advice.gain == 27  # 30 % × 0.90 desired retention


def test_recall_is_the_library_retrievability_of_the_memory_from_the_answers(learner, exam):
    topic, cards = exam
    exam_day = TODAY + timedelta(days=20)
    set_exam_date(learner, exam_day)
    card = cards[2][0]
    for offset, quality in [(-12, 4), (-9, 3), (-2, 5)]:
        answer(learner, card, quality, now=days_later(offset))

    prediction = predict(learner, [topic.pk], TODAY)[topic.pk]

    memory = fsrs.Model().replay(
        [(TODAY + timedelta(days=o), q) for o, q in [(-12, 4), (-9, 3), (-2, 5)]]
    )
    recall = fsrs.Model().retrievability(memory, exam_day)
    assert prediction.domains[1].score == pytest.approx(recall / 4)
    assert prediction.score == pytest.approx(0.30 * recall / 4)


def test_cards_answered_before_fsrs_memory_was_kept_are_replayed_from_the_log(learner, exam):
    topic, cards = exam
    for card in cards[1][:2]:
        answer(learner, card, 4, now=days_later(-5))
        answer(learner, card, 5, now=days_later(-1))
    live = predict(learner, [topic.pk], TODAY)[topic.pk].score
    ReviewState.objects.for_user(learner).update(fsrs_stability=None)

    assert predict(learner, [topic.pk], TODAY)[topic.pk].score == live
    assert len(scheduled_answers(learner)) == 2


def test_the_prediction_moves_as_the_learner_studies(learner, exam):
    topic, cards = exam
    set_exam_date(learner, TODAY + timedelta(days=30))
    before = predict(learner, [topic.pk], TODAY)[topic.pk].score

    answer(learner, cards[1][0], 4)

    assert predict(learner, [topic.pk], TODAY)[topic.pk].score > before


def test_a_past_exam_date_predicts_for_today(learner, exam):
    topic, _ = exam
    set_exam_date(learner, TODAY - timedelta(days=3))

    assert predict(learner, [topic.pk], TODAY)[topic.pk].on == TODAY


def test_only_the_learners_own_answers_count(learner, exam):
    topic, cards = exam
    someone = StudyProfile.objects.create(user=UserFactory(), time_zone="UTC").user
    for card in cards[1]:
        answer(someone, card, 5)

    assert predict(learner, [topic.pk], TODAY)[topic.pk].score == 0


@pytest.mark.parametrize("answers", [1, 40])
def test_the_prediction_takes_one_query_however_long_the_history(
    learner, exam, answers, django_assert_max_num_queries
):
    topic, cards = exam
    all_cards = cards[1] + cards[2]
    for n in range(answers):
        answer(learner, all_cards[n % 8], 3 + n % 3, now=days_later(n // 8 - 5))
    StudyProfile.for_user(learner)

    # The first reads count the states and store the learner's standings (scheduler.standing)
    with django_assert_max_num_queries(4):
        predict(learner, [topic.pk], TODAY)
    # and the next ones read them.
    with django_assert_max_num_queries(1):
        predict(learner, [topic.pk], TODAY)


def test_the_database_computes_each_domains_recall_as_the_library_does_card_by_card(learner, exam):
    """The per-domain sums the page reads (one grouped query) equal FSRS card by card."""
    topic, cards = exam
    set_exam_date(learner, TODAY + timedelta(days=17))
    for n, card in enumerate(cards[1] + cards[2][:3]):
        give_memory(learner, card, stability=0.7 + 9 * n, reviewed_on=TODAY - timedelta(days=n % 5))
    profile = StudyProfile.for_user(learner)

    summary = summarise(learner, [topic.pk], TODAY)
    by_card = _sums_replaying(learner, profile, [topic.pk], summary.on, summary.target)

    for domain_id, (seen, recall_sum, weak, missing) in by_card.items():
        states = summary.states(domain_id)
        assert (states.seen, states.weak, states.without_memory) == (seen, weak, 0)
        assert states.recall_sum == pytest.approx(recall_sum, rel=1e-12)
        assert states.missing == pytest.approx(missing, rel=1e-12)
    assert sum(states.weak for states in summary.by_domain.values()) > 0
