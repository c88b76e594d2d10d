"""Statistics figures against values worked out by hand on a small history.

The learner lives in America/New_York and their study day starts at 4:00, so an answer at
03:30 local time belongs to the previous study day. Every answer goes through answer_card
with an explicit `now`, so study days come from the real code.

The history (times local; D1 weight 60: a b c r, D2 weight 40: m n x y; r is retired at the end):

    08-20 08-21 08-27 09-13   m, n: q5 each time → repetitions 4, interval 48, due 10-31
    10-31   m q5 (mature pass), n q2 (mature fail, lapse), n q4 (re-drill)
    11-20   a q5, b q4, x q2, x q4 (re-drill); 11-21 03:30: a q3 (re-drill of study day 11-20)
    11-21   04:30 a q4 → learned; b q5 → learned; x q3
    11-22   c q1, r q5
    11-25   y q5, undone
    11-26   x q5 → learned                                      (today; another learner: a q0)
"""

from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from cards.editing import suspend_cards
from cards.models import Card
from scheduler import stats
from scheduler.models import ReviewLog, StudyProfile
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory, UserFactory
from tests.scheduler.answering import answer, undo

NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 26)


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


@pytest.fixture
def learner(db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="America/New_York", day_starts_at=4)
    return user


@pytest.fixture
def history(learner):
    topic = TopicFactory()
    d1 = SectionFactory(domain=DomainFactory(topic=topic, number=1, weight=60))
    d2 = SectionFactory(domain=DomainFactory(topic=topic, number=2, weight=40))
    a, b, c, r = (CardFactory(section=d1, position=i) for i in range(4))
    m, n, x, y = (CardFactory(section=d2, position=10 + i) for i in range(4))

    for day in (at(8, 20), at(8, 21), at(8, 27), at(9, 13)):
        answer(learner, m, 5, day)
        answer(learner, n, 5, day)
    answer(learner, m, 5, at(10, 31))
    answer(learner, n, 2, at(10, 31))
    answer(learner, n, 4, at(10, 31, 10, 5))

    answer(learner, a, 5, at(11, 20))
    answer(learner, b, 4, at(11, 20))
    answer(learner, x, 2, at(11, 20))
    answer(learner, x, 4, at(11, 20, 10, 5))
    answer(learner, a, 3, at(11, 21, 3, 30))  # still study day 11-20: a re-drill

    answer(learner, a, 4, at(11, 21, 4, 30))
    answer(learner, b, 5, at(11, 21))
    answer(learner, x, 3, at(11, 21))

    answer(learner, c, 1, at(11, 22))
    answer(learner, r, 5, at(11, 22))

    answer(learner, y, 5, at(11, 25))
    assert undo(learner, now=at(11, 25, 10, 1)).undone

    answer(learner, x, 5, at(11, 26))
    suspend_cards(Card.objects.filter(pk=r.pk))  # an editor takes r out

    other = UserFactory()
    answer(other, a, 0, at(11, 26))
    return topic


def test_the_answer_at_0330_local_belongs_to_the_previous_study_day(learner, history):
    log = ReviewLog.objects.for_user(learner).get(answered_at=at(11, 21, 3, 30))
    assert (log.study_day, log.kind) == (date(2026, 11, 20), "redrill")


def test_heatmap_counts_every_answer_not_undone_on_its_study_day(learner, history):
    activity = stats.activity(learner, history, TODAY)

    counts = {day.day: day.count for day in activity.days if day.count}
    assert counts == {
        date(2026, 8, 20): 2,
        date(2026, 8, 21): 2,
        date(2026, 8, 27): 2,
        date(2026, 9, 13): 2,
        date(2026, 10, 31): 3,  # the re-drill counts here
        date(2026, 11, 20): 5,  # including the answer at 03:30 on the 21st
        date(2026, 11, 21): 3,
        date(2026, 11, 22): 2,  # the retired card's answer still happened
        date(2026, 11, 26): 1,  # the other learner's answer is not here
    }
    assert activity.total == 22
    assert len(activity.days) == 365
    assert (activity.days[0].day, activity.days[-1].day) == (date(2025, 11, 27), TODAY)
    assert activity.streak == 1  # 11-25 had only an undone answer


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ({}, 0),
        ({TODAY: 3}, 1),
        ({TODAY - timedelta(days=1): 3, TODAY - timedelta(days=2): 1}, 2),  # not yet today
        ({TODAY: 1, TODAY - timedelta(days=1): 2, TODAY - timedelta(days=3): 9}, 2),
        ({TODAY - timedelta(days=2): 5}, 0),  # broken yesterday
    ],
)
def test_streak_ends_today_or_yesterday(days, expected):
    counts = [days.get(TODAY - timedelta(days=n), 0) for n in reversed(range(10))]

    assert stats.streak(counts) == expected


def test_a_streak_as_long_as_the_counted_days_is_all_of_them():
    assert stats.streak([1, 2, 3]) == 3
    assert stats.streak([1, 2, 0]) == 2
    assert stats.streak([]) == 0


def test_forecast_counts_active_due_cards_with_overdue_on_today(learner, history):
    forecast = stats.forecast(learner, history, TODAY)

    assert len(forecast) == 30
    assert forecast[0].day == TODAY
    assert {d.day: d.count for d in forecast if d.count} == {
        TODAY: 2,  # c (due 11-23) and n (due 11-01); the retired r is left out
        date(2026, 11, 27): 2,  # a, b
        date(2026, 12, 2): 1,  # x
    }


def test_grades_and_retention_count_scheduled_answers_only(learner, history):
    grades = stats.grades(learner, history, TODAY)

    # Re-drills (n q4, x q4, a q3) and the undone y q5 are left out; the retired r counts.
    assert grades.by_quality == [0, 1, 2, 1, 2, 5]
    assert (grades.young_answered, grades.young_passed) == (9, 7)
    assert (grades.mature_answered, grades.mature_passed) == (2, 1)
    assert grades.young_retention == Fraction(7, 9)
    assert (grades.young_percent, grades.mature_percent) == (78, 50)


def test_mastery_and_readiness_per_domain(learner, history):
    readiness = stats.readiness_by_topic(learner, [history], TODAY)[history.pk]

    d1, d2 = readiness.domains
    assert (d1.weight, d1.active_cards, d1.seen, d1.learned, d1.mature) == (60, 3, 3, 2, 0)
    assert (d2.weight, d2.active_cards, d2.seen, d2.learned, d2.mature) == (40, 4, 3, 2, 1)
    assert (d1.passed, d1.answered) == (4, 5)  # a5 b4 a4 b5 c1; r is retired
    assert (d2.passed, d2.answered) == (3, 5)  # m5 n2 x2 x3 x5
    assert d1.readiness == Fraction(2, 3) * Fraction(4, 5) == Fraction(8, 15)
    assert d2.readiness == Fraction(2, 4) * Fraction(3, 5) == Fraction(3, 10)
    assert readiness.overall == (60 * Fraction(8, 15) + 40 * Fraction(3, 10)) / 100
    assert readiness.overall == Fraction(11, 25)
    assert (d1.readiness_percent, d2.readiness_percent, readiness.overall_percent) == (53, 30, 44)
    assert readiness.unseen == 1  # y: its only answer was undone


def test_readiness_history_matches_hand_computed_days(learner, history):
    readiness = stats.readiness_by_topic(learner, [history], TODAY, history=True)[history.pk]
    by_day = {point.day: point.overall for point in readiness.history}

    assert len(readiness.history) == 30
    assert readiness.history[0].day == date(2026, 10, 28)
    assert by_day[TODAY] == Fraction(11, 25)
    # x not learned yet; D2 retention m5 n2 x2 x3 = 2/4.
    assert by_day[date(2026, 11, 25)] == (60 * Fraction(8, 15) + 40 * Fraction(1, 4 * 2)) / 100
    # a, b not learned yet (D1 = 0); D2: m learned, retention m5 n2 x2 = 1/3.
    assert by_day[date(2026, 11, 20)] == Fraction(40, 100) * Fraction(1, 4) * Fraction(1, 3)
    # m and n both learned, but no answer in the 30 days before: readiness 0.
    assert by_day[date(2026, 10, 30)] == 0
    # n lapsed: D2 learned 1/4, retention 1/2.
    assert by_day[date(2026, 10, 31)] == Fraction(40, 100) * Fraction(1, 4) * Fraction(1, 2)


def test_readiness_history_equals_a_card_by_card_replay(learner, history):
    """The per-day learned counts walked back from today agree with replaying each card."""
    readiness = stats.readiness_by_topic(learner, [history], TODAY, history=True)[history.pk]
    logs = list(
        ReviewLog.objects.for_user(learner)
        .counted()
        .filter(card__is_active=True)
        .select_related("card__section")
        .order_by("answered_at")
    )
    weights = {d.domain_id: d.weight for d in readiness.domains}
    active = {d.domain_id: d.active_cards for d in readiness.domains}
    for point in readiness.history:
        latest = {}
        answered, passed = dict.fromkeys(weights, 0), dict.fromkeys(weights, 0)
        for log in logs:
            if log.study_day > point.day:
                continue
            domain = log.card.section.domain_id
            latest[log.card_id] = (domain, log.repetitions_after)
            if log.kind == "scheduled" and log.study_day > point.day - timedelta(days=30):
                answered[domain] += 1
                passed[domain] += log.quality >= 3
        learned = dict.fromkeys(weights, 0)
        for domain, repetitions in latest.values():
            learned[domain] += repetitions >= 2
        expected = sum(
            weights[d]
            * Fraction(learned[d], active[d])
            * (Fraction(passed[d], answered[d]) if answered[d] else 0)
            for d in weights
        ) / sum(weights.values())
        assert point.overall == expected, point.day


def test_no_answers_yet_means_not_enough_data_and_readiness_zero(learner):
    topic = TopicFactory()
    CardFactory(section=SectionFactory(domain=DomainFactory(topic=topic, weight=100)))

    readiness = stats.readiness_by_topic(learner, [topic], TODAY, history=True)[topic.pk]

    (domain,) = readiness.domains
    assert domain.retention is None
    assert not domain.has_data and not readiness.has_data
    assert domain.readiness == 0 and readiness.overall == 0
    assert all(point.overall == 0 for point in readiness.history)


def test_learned_cards_without_recent_answers_are_not_counted_ready(learner, history):
    # A month and more later: everything learned is still learned, nothing was answered.
    later = TODAY + timedelta(days=30)
    readiness = stats.readiness_by_topic(learner, [history], later)[history.pk]

    assert [d.learned for d in readiness.domains] == [2, 2]
    assert [d.retention for d in readiness.domains] == [None, None]
    assert readiness.overall == 0


def test_overall_is_weighted_by_the_exam_guide():
    def domain(number, weight, learned, passed):
        return stats.DomainReadiness(
            domain_id=number,
            number=number,
            title="",
            weight=weight,
            active_cards=10,
            learned=learned,
            answered=10,
            passed=passed,
        )

    readiness = stats.Readiness(
        1,
        [domain(1, 32, 10, 10), domain(2, 26, 5, 10), domain(3, 24, 0, 0), domain(4, 18, 10, 5)],
        exam_date=None,
        today=TODAY,
    )

    # 32 × 1 + 26 × 1/2 + 24 × 0 + 18 × 1/2 = 54 of 100.
    assert readiness.overall == Fraction(54, 100)


def test_a_topic_without_weights_counts_its_domains_equally():
    assert stats.weighted_mean([(0, Fraction(1)), (0, Fraction(0))]) == Fraction(1, 2)


@pytest.mark.parametrize(
    ("exam_in_days", "unseen", "pace"),
    [
        (17, 50, 5),  # 10 days to see 50 cards
        (38, 100, 4),  # 31 days: 3.2 rounds up
        (8, 30, 30),  # one day left before the last week
        (3, 30, 30),  # inside the last week: all of them now
        (0, 30, 30),  # exam day
        (-1, 30, None),  # the exam has passed
        (30, 0, 0),  # everything seen
    ],
)
def test_pace_is_unseen_cards_over_days_until_a_week_before_the_exam(exam_in_days, unseen, pace):
    domain = stats.DomainReadiness(
        domain_id=1, number=1, title="", weight=100, active_cards=unseen + 5, seen=5
    )
    readiness = stats.Readiness(1, [domain], TODAY + timedelta(days=exam_in_days), TODAY)

    assert readiness.unseen == unseen
    assert readiness.pace == pace


def test_pace_without_an_exam_date_is_none():
    assert stats.Readiness(1, [], None, TODAY).pace is None


def test_readiness_by_topic_is_two_queries_for_any_number_of_topics(
    learner, history, django_assert_num_queries
):
    second = TopicFactory()
    CardFactory(section=SectionFactory(domain=DomainFactory(topic=second)))
    StudyProfile.for_user(learner)  # the view has it already
    # The first read counts the states and stores the learner's standings: rows the answers
    # began are replaced, missing ones inserted, three queries more.
    with django_assert_num_queries(5):
        stats.readiness_by_topic(learner, [history, second], TODAY)

    with django_assert_num_queries(2):
        result = stats.readiness_by_topic(learner, [history, second], TODAY, history=True)
    with django_assert_num_queries(2):
        stats.readiness_by_topic(learner, [history.pk, second.pk], TODAY)

    assert result[history.pk].overall == Fraction(11, 25)
    assert result[second.pk].overall == 0
    assert stats.readiness_by_topic(learner, [], TODAY) == {}
