"""Practice attempts: start, answer, flag and submit, each the learner's own."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.practice_models import PracticeAttempt
from scheduler.practice_services import (
    answer_question,
    flag_question,
    open_exam,
    start_exam,
    start_quiz,
    submit_attempt,
)
from tests.factories import UserFactory
from tests.scheduler.practice_deck import practice_topic

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def dva():
    return practice_topic(
        30, questions=65, minutes=130, score_min=100, score_max=1000, pass_mark=720
    )


def test_a_mock_exam_has_the_format_and_the_domain_weights(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=1)

    questions = list(attempt.questions.select_related("domain"))
    assert len(questions) == 65
    assert [q.position for q in questions] == list(range(1, 66))
    assert attempt.deadline == NOW + timedelta(minutes=130)
    for domain, asked in Counter(q.domain for q in questions).items():
        assert abs(asked - 65 * domain.weight / 100) < 1
    assert all(q.card.section.domain == q.domain for q in questions)


def test_the_same_seed_asks_the_same_questions(learner, dva):
    first = start_exam(user=learner, topic=dva, now=NOW, seed=9)
    second = start_exam(user=learner, topic=dva, now=NOW, seed=9)

    def asked(attempt):
        return list(attempt.questions.values_list("card_id", "prompt", "options", "correct"))

    assert asked(first) == asked(second)


def test_generating_an_exam_costs_the_same_queries_for_a_small_and_a_large_deck(
    learner, django_assert_max_num_queries
):
    small, large = practice_topic(cards_per_domain=20), practice_topic(cards_per_domain=200)
    for topic in (small, large):
        with django_assert_max_num_queries(8):
            start_exam(user=learner, topic=topic, now=NOW, seed=3)


def right_and_wrong(question) -> tuple[list[int], list[int]]:
    wrong = next(i for i in range(len(question.options)) if i not in question.correct)
    return list(question.correct), [wrong]


def test_submitting_scores_raw_and_scaled_and_pass(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)
    for question in attempt.questions.all():
        right, wrong = right_and_wrong(question)
        chosen = right if question.position <= 50 else wrong
        result = answer_question(
            user=learner, attempt_id=attempt.pk, position=question.position, chosen=chosen, now=NOW
        )
        assert result.applied

    scored = submit_attempt(user=learner, attempt_id=attempt.pk, now=NOW + timedelta(minutes=40))

    assert scored.correct_count == 50
    assert scored.scaled_score == 100 + round(900 * 50 / 65)
    assert scored.passed is True
    assert scored.submitted_at == NOW + timedelta(minutes=40)


def test_answering_again_replaces_the_choice_and_two_submits_score_once(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)
    question = attempt.questions.get(position=1)
    right, wrong = right_and_wrong(question)
    for chosen in (wrong, right, right):  # a second tab repeats the same save
        answer_question(user=learner, attempt_id=attempt.pk, position=1, chosen=chosen, now=NOW)

    first = submit_attempt(user=learner, attempt_id=attempt.pk, now=NOW)
    second = submit_attempt(user=learner, attempt_id=attempt.pk, now=NOW + timedelta(minutes=5))

    assert first.correct_count == second.correct_count == 1
    assert second.submitted_at == NOW


@pytest.mark.parametrize(
    ("position", "chosen", "when", "refusal"),
    [
        (66, [0], NOW, "This attempt has no question 66."),
        (1, [7], NOW, "That option is not one of this question's."),
        (1, [], NOW, "Choose 1 of the options."),
        (1, [0, 1], NOW, "Choose 1 of the options."),
        (1, [0], NOW + timedelta(minutes=130), "The time is up"),
    ],
)
def test_a_refused_answer_says_why_and_changes_nothing(
    learner, dva, position, chosen, when, refusal
):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)

    result = answer_question(
        user=learner, attempt_id=attempt.pk, position=position, chosen=chosen, now=when
    )

    assert not result.applied
    assert result.refusal.startswith(refusal)
    assert not attempt.questions.exclude(chosen=[]).exists()


def test_after_submission_answers_and_flags_are_refused(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)
    submit_attempt(user=learner, attempt_id=attempt.pk, now=NOW)

    answered = answer_question(user=learner, attempt_id=attempt.pk, position=1, chosen=[0], now=NOW)
    flagged = flag_question(user=learner, attempt_id=attempt.pk, position=1, flagged=True, now=NOW)

    assert "already submitted" in answered.refusal and "already submitted" in flagged.refusal
    assert not attempt.questions.filter(flagged=True).exists()
    assert not attempt.questions.exclude(chosen=[]).exists()


def test_another_learners_attempt_does_not_exist_for_me(learner, dva):
    attempt = start_exam(user=UserFactory(), topic=dva, now=NOW, seed=2)

    with pytest.raises(PracticeAttempt.DoesNotExist):
        answer_question(user=learner, attempt_id=attempt.pk, position=1, chosen=[0], now=NOW)
    with pytest.raises(PracticeAttempt.DoesNotExist):
        submit_attempt(user=learner, attempt_id=attempt.pk, now=NOW)
    assert not attempt.questions.exclude(chosen=[]).exists()


def test_a_timed_out_exam_is_no_longer_open_and_is_scored_at_its_deadline(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)
    assert open_exam(user=learner, topic=dva, now=NOW + timedelta(minutes=129)) == attempt
    later = NOW + timedelta(days=1)
    assert open_exam(user=learner, topic=dva, now=later) is None

    scored = submit_attempt(user=learner, attempt_id=attempt.pk, now=later)

    assert scored.submitted_at == attempt.deadline
    assert scored.correct_count == 0 and scored.scaled_score == 100 and scored.passed is False


def test_flagging_marks_and_unmarks_a_question(learner, dva):
    attempt = start_exam(user=learner, topic=dva, now=NOW, seed=2)
    flag_question(user=learner, attempt_id=attempt.pk, position=3, flagged=True, now=NOW)
    assert list(attempt.questions.filter(flagged=True).values_list("position", flat=True)) == [3]
    flag_question(user=learner, attempt_id=attempt.pk, position=3, flagged=False, now=NOW)
    assert not attempt.questions.filter(flagged=True).exists()


def test_a_quick_quiz_is_ten_untimed_questions_from_one_domain(learner, dva):
    domain = dva.domains.get(number=2)

    quiz = start_quiz(user=learner, topic=dva, now=NOW, domain=domain, seed=4)

    assert quiz.deadline is None
    assert quiz.questions.count() == 10
    assert set(quiz.questions.values_list("domain", flat=True)) == {domain.pk}
    answered = answer_question(
        user=learner, attempt_id=quiz.pk, position=1, chosen=[0], now=NOW + timedelta(days=3)
    )
    assert answered.applied
