"""Practice pages: start or resume, answer (htmx and plain forms), flag, time-out, results."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from scheduler.practice_models import PracticeAttempt
from scheduler.practice_scores import last_results, mock_scores
from scheduler.practice_services import start_exam
from tests.factories import EnrolmentFactory, StudyProfileFactory, UserFactory
from tests.scheduler.practice_deck import practice_topic

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
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
def topic(db):
    return practice_topic(
        30, questions=20, minutes=30, score_min=100, score_max=1000, pass_mark=720
    )


@pytest.fixture
def attempt(student, topic):
    return start_exam(user=student, topic=topic, now=NOON, seed=5)


def url(name: str, attempt: PracticeAttempt) -> str:
    return reverse(name, kwargs={"attempt_id": attempt.pk})


def test_practice_needs_a_login(client, topic):
    response = client.get(reverse("practice", kwargs={"topic_slug": topic.slug}))

    assert response.status_code == 302 and "/login" in response["Location"]


def test_starting_twice_resumes_the_running_exam(client, student, topic):
    start = reverse("practice-start", kwargs={"topic_slug": topic.slug})

    first = client.post(start)
    second = client.post(start)

    attempt = PracticeAttempt.objects.get(user=student)
    assert first["Location"] == second["Location"] == url("practice-question", attempt)
    home = client.get(reverse("practice", kwargs={"topic_slug": topic.slug}))
    assert "Resume your mock exam" in home.text


def test_a_question_page_shows_one_question_and_the_overview(client, attempt):
    response = client.get(url("practice-question", attempt) + "?q=2")

    question = attempt.questions.get(position=2)
    assert response.status_code == 200
    assert "Question 2 of 20" in response.text
    for option in question.options:
        assert option in response.text
    assert response.text.count('aria-label="Question ') == 20
    assert f'data-deadline="{attempt.deadline.isoformat()}"' in response.text


def test_a_choice_made_with_htmx_is_saved_at_once_and_the_fragment_says_so(client, attempt):
    response = client.post(
        url("practice-answer", attempt), {"position": 3, "choice": 1}, headers=HTMX
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Your answer is saved." in response.text
    assert attempt.questions.get(position=3).chosen == [1]


def test_without_javascript_save_and_next_redirects_to_the_next_question(client, attempt):
    response = client.post(
        url("practice-answer", attempt), {"position": 3, "choice": 0, "go": "next"}
    )

    assert response["Location"] == url("practice-question", attempt) + "?q=4"
    assert attempt.questions.get(position=3).chosen == [0]


def test_a_question_not_in_the_attempt_is_refused_with_a_reason(client, attempt):
    response = client.post(
        url("practice-answer", attempt), {"position": 99, "choice": 0}, headers=HTMX
    )

    assert response.status_code == 400
    assert "This attempt has no question 99." in response.text
    assert not attempt.questions.exclude(chosen=[]).exists()


def test_another_learners_attempt_is_a_404_and_changes_nothing(client, student, topic):
    theirs = start_exam(user=UserFactory(), topic=topic, now=NOON, seed=1)

    assert client.get(url("practice-question", theirs)).status_code == 404
    assert client.get(url("practice-results", theirs)).status_code == 404
    assert (
        client.post(url("practice-answer", theirs), {"position": 1, "choice": 0}).status_code == 404
    )
    assert client.post(url("practice-submit", theirs)).status_code == 404
    assert not theirs.questions.exclude(chosen=[]).exists()
    theirs.refresh_from_db()
    assert theirs.submitted_at is None


def test_flagging_shows_in_the_overview(client, attempt):
    response = client.post(
        url("practice-flag", attempt), {"position": 4, "flagged": "1"}, headers=HTMX
    )

    assert 'aria-label="Question 4, flagged"' in response.text
    assert "Remove the flag" in response.text


def test_after_the_deadline_an_answer_is_refused_and_the_attempt_ends_at_its_deadline(
    client, attempt, noon
):
    noon.move_to(NOON + timedelta(minutes=31))

    response = client.post(url("practice-answer", attempt), {"position": 1, "choice": 0})

    assert response["Location"] == url("practice-results", attempt)
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline
    assert not attempt.questions.exclude(chosen=[]).exists()
    assert client.get(url("practice-question", attempt))["Location"] == url(
        "practice-results", attempt
    )


def test_submitting_with_questions_unanswered_asks_again_first(client, attempt):
    client.post(url("practice-answer", attempt), {"position": 1, "choice": 0})

    response = client.post(url("practice-submit", attempt), {"position": "1"}, follow=True)

    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert "19 of 20 questions have no answer and will count as wrong" in response.text
    assert 'name="confirm" value="1"' in response.text

    client.post(url("practice-submit", attempt), {"confirm": "1"})

    attempt.refresh_from_db()
    assert attempt.submitted_at is not None


def test_submitting_with_every_question_answered_asks_nothing(client, attempt):
    for question in attempt.questions.all():
        client.post(url("practice-answer", attempt), {"position": question.position, "choice": 0})

    response = client.post(url("practice-submit", attempt))

    assert response["Location"] == url("practice-results", attempt)


def test_the_results_give_scores_the_domains_and_every_question_reviewed(
    client, attempt, django_assert_max_num_queries
):
    for question in attempt.questions.all():
        client.post(
            url("practice-answer", attempt),
            {"position": question.position, "choice": question.correct},
        )
    client.post(url("practice-submit", attempt), {"confirm": "1"})

    with django_assert_max_num_queries(8):
        response = client.get(url("practice-results", attempt))

    assert "<strong>1000</strong> of 1000" in response.text and "pass" in response.text
    assert "20 of 20 right" in response.text
    for number, weight in ((1, 32), (2, 26), (3, 24), (4, 18)):
        assert f'<th scope="row">{number}: ' in response.text
        assert f"<td>{weight}%</td>" in response.text
    assert response.text.count("right answer") == 20
    assert response.text.count("From the guide") == 20


def test_a_question_page_costs_the_same_queries_for_a_short_and_a_long_exam(
    client, student, django_assert_max_num_queries
):
    for questions in (10, 65):
        topic = practice_topic(30, questions=questions)
        attempt = start_exam(user=student, topic=topic, now=NOON, seed=2)
        with django_assert_max_num_queries(6):
            client.get(url("practice-question", attempt))


def test_a_quick_quiz_is_ten_untimed_questions_of_the_domain_picked(client, student, topic):
    domain = topic.domains.get(number=3)

    response = client.post(
        reverse("practice-quiz", kwargs={"topic_slug": topic.slug}), {"scope": f"d-{domain.pk}"}
    )

    quiz = PracticeAttempt.objects.get(user=student, kind="quiz")
    assert response["Location"] == url("practice-question", quiz)
    assert quiz.deadline is None and quiz.questions.count() == 10
    assert set(quiz.questions.values_list("domain", flat=True)) == {domain.pk}


def test_a_quiz_scope_of_another_topic_is_refused(client, student, topic):
    other = practice_topic(12)

    response = client.post(
        reverse("practice-quiz", kwargs={"topic_slug": topic.slug}),
        {"scope": f"d-{other.domains.first().pk}"},
        follow=True,
    )

    assert "Pick a domain or a section of this topic" in response.text
    assert not PracticeAttempt.objects.exists()


def test_the_dashboard_and_the_stats_page_show_the_last_mock(client, attempt, topic):
    EnrolmentFactory(user=attempt.user, topic=topic)
    client.post(url("practice-submit", attempt), {"confirm": "1"})

    dashboard = client.get(reverse("dashboard"))
    stats = client.get(reverse("stats", kwargs={"topic_slug": topic.slug}))

    assert "last mock" in dashboard.text and url("practice-results", attempt) in dashboard.text
    assert url("practice-results", attempt) in stats.text
    assert reverse("practice", kwargs={"topic_slug": topic.slug}) in stats.text


def test_a_quiz_on_too_few_cards_says_so_and_starts_nothing(client, student):
    small = practice_topic(3)

    response = client.post(
        reverse("practice-quiz", kwargs={"topic_slug": small.slug}),
        {"scope": f"d-{small.domains.first().pk}"},
        follow=True,
    )

    assert "too few cards for quiz questions" in response.text
    assert not PracticeAttempt.objects.exists()


def test_the_dashboard_takes_each_learners_own_latest_submitted_mock(client, attempt, topic):
    other = StudyProfileFactory().user
    client.post(url("practice-submit", attempt), {"confirm": "1"})
    later = start_exam(user=attempt.user, topic=topic, now=NOON + timedelta(hours=1), seed=6)
    theirs = start_exam(user=other, topic=topic, now=NOON, seed=7)
    PracticeAttempt.objects.filter(pk__in=[later.pk, theirs.pk]).update(
        submitted_at=NOON + timedelta(hours=2), correct_count=3, scaled_score=200
    )
    start_exam(user=attempt.user, topic=topic, now=NOON + timedelta(hours=3), seed=8)  # open

    mine = last_results(attempt.user, [topic.pk])
    others = last_results(other, [topic.pk])

    assert (mine[topic.pk].pk, others[topic.pk].pk) == (later.pk, theirs.pk)
    assert mine[topic.pk].scaled_score == 200 and mine[topic.pk].passed is False
    assert last_results(UserFactory(), [topic.pk]) == {}
    assert last_results(attempt.user, []) == {}


def test_the_statistics_page_takes_each_learners_own_last_twenty_mocks_oldest_first(attempt, topic):
    other = StudyProfileFactory().user
    mine = [attempt] + [
        start_exam(user=attempt.user, topic=topic, now=NOON + timedelta(hours=n), seed=n)
        for n in range(1, 22)
    ]
    theirs = start_exam(user=other, topic=topic, now=NOON, seed=99)
    PracticeAttempt.objects.update(submitted_at=NOON, correct_count=5, scaled_score=550)
    PracticeAttempt.objects.filter(pk=mine[-1].pk).update(submitted_at=None)  # still open

    my_scores = mock_scores(attempt.user, topic)
    their_scores = mock_scores(other, topic)

    assert [mock.pk for mock in my_scores["mocks"]] == [a.pk for a in mine[1:21]]
    assert [mock.pk for mock in their_scores["mocks"]] == [theirs.pk]
    assert len(my_scores["mock_chart"].points) == 20
