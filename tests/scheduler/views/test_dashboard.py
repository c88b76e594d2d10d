"""The dashboard: each topic's queue, progress per exam domain, empty states, query count."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from cards.card_counts import recount_active_cards
from cards.models import Card, CardReport, Topic
from scheduler.enrolment import ENROLMENT_COLUMNS, with_enrolment
from scheduler.models import StudyProfile
from scheduler.views.dashboard import _topics_with_enrolment
from tests.factories import (
    DomainFactory,
    EnrolmentFactory,
    SectionFactory,
    StudyProfileFactory,
    TopicFactory,
)
from tests.scheduler.answering import answer

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def student(client, db):
    user = StudyProfileFactory().user
    client.force_login(user)
    return user


def make_topic(slug: str, cards: int, domains: int = 2, *, studied_by=None):
    """A topic whose cards are spread over `domains` domains, inserted in one query; the
    learner `studied_by` is enrolled in it."""
    topic = TopicFactory(slug=slug)
    if studied_by is not None:
        EnrolmentFactory(user=studied_by, topic=topic)
    sections = [
        SectionFactory(domain=DomainFactory(topic=topic, number=n + 1, weight=30 + n))
        for n in range(domains)
    ]
    Card.objects.bulk_create(
        Card(
            topic=topic,
            section=sections[i % domains],
            key=f"{slug}-{i}",
            kind=Card.Kind.SCENARIO,
            prompt=f"Cue {i}",
            answer=f"Answer {i}",
            position=i,
        )
        for i in range(cards)
    )
    recount_active_cards([topic.pk])  # what the importer does after its bulk insert
    return topic


def row_for(response, topic):
    return next(row for row in response.context["rows"] if row.topic == topic)


def test_dashboard_shows_each_topics_queue_progress_and_study_link(client, student):
    topic = make_topic("aws", 10, studied_by=student)
    cards = list(Card.objects.filter(topic=topic).order_by("position"))
    answer(student, cards[0], 2, now=datetime(2026, 11, 20, 12, tzinfo=UTC))  # due again now
    answer(student, cards[1], 5, now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    answer(student, cards[1], 5, now=datetime(2026, 11, 21, 12, tzinfo=UTC))  # learned: 2 in a row
    answer(student, cards[2], 2)  # failed today: a re-drill

    response = client.get(reverse("dashboard"))

    row = row_for(response, topic)
    assert (row.counts.reviews, row.counts.redrills, row.counts.new) == (1, 1, 7)
    assert (row.learned, row.total) == (1, 10)
    assert [(d.number, d.weight, d.learned, d.total) for d in row.domains] == [
        (1, 30, 0, 5),
        (2, 31, 1, 5),
    ]
    page = response.content.decode()
    assert reverse("review", kwargs={"topic_slug": "aws"}) in page
    assert "Study" in page
    assert "30%" in page and "31%" in page


def test_nothing_due_says_when_the_next_card_is_due(client, student):
    topic = make_topic("done", 1, domains=1, studied_by=student)
    answer(student, Card.objects.get(topic=topic), 4)

    response = client.get(reverse("dashboard"))

    assert row_for(response, topic).next_due == date(2026, 11, 27)
    assert "Nothing due. The next card is due on Friday 27 November." in response.content.decode()


def test_no_topics_explains_how_to_import_one(client, student):
    page = client.get(reverse("dashboard")).content.decode()

    assert "No topics yet" in page
    assert "make run" in page and "fixtures/*.json" in page
    assert "admin" in page


def test_dashboard_needs_sign_in(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_shows_only_the_learners_own_progress(client, student):
    topic = make_topic("mine", 2, domains=1, studied_by=student)
    someone_else = StudyProfileFactory().user
    for card in Card.objects.filter(topic=topic):
        answer(someone_else, card, 5)

    row = row_for(client.get(reverse("dashboard")), topic)

    assert (row.learned, row.counts.new) == (0, 2)


# session, user with profile, topics with the learner's enrolments and their latest cram
# session (the "cram my weakest domain" form carries it), queue counts, domains (with their
# active-card counts, the learner's standing in each and the topic's next due day), the states
# answered today (scheduler.stats.summary, shared by readiness and the predicted exam score),
# readiness's answers by day, the last mock exam per topic, the learner's resolved reports
DASHBOARD_QUERIES = 9
# The first view counts the learner's states and stores their standings: two queries more.
FIRST_VIEW_QUERIES = DASHBOARD_QUERIES + 2


@pytest.mark.parametrize(("topics", "cards"), [(1, 10), (3, 500)])
def test_dashboard_takes_a_fixed_number_of_queries(
    client, student, django_assert_num_queries, topics, cards
):
    for n in range(topics):
        topic = make_topic(f"topic-{n}", cards // topics or cards, domains=3, studied_by=student)
        for card in Card.objects.filter(topic=topic).order_by("position")[:5]:
            answer(student, card, 4 if card.position % 2 else 2)
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        client.get(reverse("dashboard"))

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))

    assert len(response.context["rows"]) == topics


def test_progress_shows_from_the_first_session_with_a_line_about_today(client, student):
    topic = make_topic("aws", 10, studied_by=student)
    cards = list(Card.objects.filter(topic=topic).order_by("position"))
    for card, quality in zip(cards[:4], (4, 5, 2, 4), strict=True):
        answer(student, card, quality)

    response = client.get(reverse("dashboard"))
    row = row_for(response, topic)
    page = " ".join(response.content.decode().split())

    assert (row.seen, row.learned, row.mature, row.total) == (4, 0, 0, 10)
    assert (row.new_today, row.reviewed_today, row.again_tomorrow) == (4, 0, 1)
    assert [(d.seen, d.learned, d.mature) for d in row.domains] == [(2, 0, 0), (2, 0, 0)]
    seen = '<dt>Seen</dt><dd><progress max="10" value="4" aria-hidden="true"></progress> 4</dd>'
    assert seen in page
    assert "Today: 4 new, 0 reviews · 1 to go over again tomorrow." in page


def test_a_later_session_counts_reviews_and_mature_cards(client, student):
    topic = make_topic("aws", 2, domains=1, studied_by=student)
    card = Card.objects.filter(topic=topic).order_by("position").first()
    for day in (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 8), date(2026, 10, 24)):
        answer(student, card, 4, now=datetime.combine(day, datetime.min.time(), tzinfo=UTC))
    answer(student, card, 4)  # 26 November: its interval is now well over 21 days

    row = row_for(client.get(reverse("dashboard")), topic)

    assert (row.seen, row.learned, row.mature) == (1, 1, 1)
    assert (row.new_today, row.reviewed_today, row.again_tomorrow) == (0, 1, 0)


def test_the_dashboard_shows_the_predicted_exam_score_and_what_raises_it(client, student):
    StudyProfile.objects.filter(user=student).update(exam_date=date(2026, 12, 12))
    topic = make_topic("aws", 4, studied_by=student)
    for card in Card.objects.filter(topic=topic, section__domain__number=1):
        answer(student, card, 5)

    response = client.get(reverse("dashboard"))

    prediction = row_for(response, topic).prediction
    assert 0 < prediction.percent < 72
    page = response.content.decode()
    assert (
        f'Predicted on 12 Dec 2026: <strong data-testid="predicted-score">{prediction.percent}'
        in page
    )
    assert "(pass mark 72&thinsp;%)" in page
    assert "Raises it most: domain 2" in page
    assert "a day</strong> there until the exam would add up to" in page


def test_without_an_exam_date_the_advice_asks_no_daily_pace(client, student):
    topic = make_topic("aws", 4, studied_by=student)

    page = client.get(reverse("dashboard")).content.decode()

    assert row_for(client.get(reverse("dashboard")), topic).prediction.days_left == 0
    assert "learning them would add up to" in page and " a day</strong>" not in page


def test_each_learner_gets_the_topics_with_their_own_enrolments_from_the_compiled_query(
    student,
):
    other = StudyProfileFactory().user
    mine = make_topic("mine", 3, studied_by=student)
    theirs = make_topic("theirs", 3, studied_by=other)
    make_topic("nobodys", 3)

    for user in (student, other):
        compiled, latest_cram = _topics_with_enrolment(user)
        assert latest_cram == 0  # no cram session yet
        orm = list(with_enrolment(Topic.objects.order_by("title"), user))

        assert [topic.pk for topic in compiled] == [topic.pk for topic in orm]
        for found, expected in zip(compiled, orm, strict=True):
            assert found.title == expected.title
            for name in ENROLMENT_COLUMNS:
                assert getattr(found, name) == getattr(expected, name)
    studied = {
        user: [t.pk for t in _topics_with_enrolment(user)[0] if t.enrolment_id is not None]
        for user in (student, other)
    }
    assert studied == {student: [mine.pk], other: [theirs.pk]}


def test_the_learner_is_told_of_their_reports_resolved_in_the_last_fortnight_latest_first(
    client, student
):
    other = StudyProfileFactory().user
    topic = make_topic("aws", 3, studied_by=student)
    cards = list(Card.objects.filter(topic=topic).order_by("position"))
    for card, reporter, reason, days_ago in (
        (cards[0], student, "typo", 15),
        (cards[1], student, "unclear", 13),
        (cards[2], student, "wrong_answer", 1),
        (cards[2], other, "typo", 1),
    ):
        CardReport.objects.create(
            card=card,
            reporter=reporter,
            reason=reason,
            note="",
            created_at=NOON - timedelta(days=30),
            resolved_at=NOON - timedelta(days=days_ago),
        )

    response = client.get(reverse("dashboard"))

    shown = response.context["resolved_reports"]
    assert [(report.prompt, report.reason) for report in shown] == [
        (cards[2].prompt, "The answer is wrong"),
        (cards[1].prompt, "It is unclear"),
    ]
    assert f"({topic.title}: the answer is wrong) on 25 Nov." in response.content.decode()
