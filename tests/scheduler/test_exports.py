"""A learner's topic with their schedule, opened in the real Anki, and their own data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cards.editing import suspend_cards
from cards.models import Card
from scheduler.exports import schedule_package
from scheduler.models import ReviewLog, StudyProfile
from scheduler.queue import count_queues
from scheduler.study_day import study_day
from tests.cards.exports.anki_open import imported_into_anki
from tests.factories import UserFactory
from tests.scheduler.answering import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def studied(learner, deck):
    """Anki reads the real clock, so the history is laid out back from now."""
    now = timezone.now()
    cards = deck(6)
    answer(learner, cards[0], 4, now - timedelta(days=10))
    answer(learner, cards[0], 4, now - timedelta(days=9))  # interval 6: due 3 days ago
    answer(learner, cards[1], 5, now)  # answered today: due tomorrow
    answer(learner, cards[2], 4, now - timedelta(days=3))
    answer(learner, cards[2], 2, now - timedelta(days=2))  # lapsed: due yesterday
    answer(learner, cards[3], 4, now - timedelta(days=1))  # due today
    suspended = cards[5]
    answer(learner, suspended, 4, now - timedelta(days=5))
    suspend_cards(Card.objects.filter(pk=suspended.pk))  # as an editor does
    # Someone else's answers never travel with this learner's export.
    answer(UserFactory(), cards[4], 5, now - timedelta(days=4))
    return cards


def anki_cards(collection) -> dict:
    cards = [collection.get_card(card_id) for card_id in collection.find_cards("")]
    return {card.note()["Key"]: card for card in cards}


def test_anki_shows_the_same_due_and_new_counts_today(learner, studied, tmp_path):
    topic = studied[0].topic
    now = timezone.now()
    profile = StudyProfile.for_user(learner)
    today = study_day(now, profile.zone, profile.day_starts_at)
    counts = count_queues(user=learner, profile=profile, today=today, topic_ids=[topic.pk])[
        topic.pk
    ]

    package = schedule_package(user=learner, topic=topic, now=now)
    with imported_into_anki([package], tmp_path, with_scheduling=True) as collection:
        due = len(collection.find_cards("is:due -is:suspended"))
        new = len(collection.find_cards("is:new -is:suspended"))

    assert (due, new) == (counts.due_waiting, counts.new_waiting) == (3, 1)


def test_each_card_carries_the_learners_sm2_state(learner, studied, tmp_path):
    topic = studied[0].topic
    package = schedule_package(user=learner, topic=topic, now=timezone.now())
    with imported_into_anki([package], tmp_path, with_scheduling=True) as collection:
        cards = anki_cards(collection)
        today = collection.sched.today
        first, lapsed, fresh = cards[studied[0].key], cards[studied[2].key], cards[studied[4].key]
        suspended = cards[studied[5].key]

    state = learner.review_states.get(card=studied[0])
    assert (first.ivl, first.factor, first.reps, first.lapses) == (
        6,
        int(state.easiness * 1000),
        2,
        0,
    )
    assert first.due == today - 3
    assert (lapsed.ivl, lapsed.lapses, lapsed.due) == (1, 1, today - 1)
    assert lapsed.factor == 2180  # 2.50 + 0 (grade 4) − 0.32 (grade 2)
    assert (fresh.type, fresh.reps) == (0, 0)  # someone else studied it, not this learner
    assert suspended.queue == -1


def test_every_answer_is_a_review_log_row(learner, studied, tmp_path):
    topic = studied[0].topic
    package = schedule_package(user=learner, topic=topic, now=timezone.now())
    with imported_into_anki([package], tmp_path, with_scheduling=True) as collection:
        rows = collection.db.all(
            "SELECT notes.flds, revlog.ease, revlog.ivl, revlog.lastIvl, revlog.factor "
            "FROM revlog JOIN cards ON cards.id = revlog.cid JOIN notes ON notes.id = cards.nid "
            "ORDER BY revlog.id"
        )

    mine = ReviewLog.objects.for_user(learner).counted().order_by("answered_at")
    assert len(rows) == mine.count() == 7
    first_card = [row[1:] for row in rows if studied[0].key in row[0]]
    assert first_card == [[3, 1, 0, 2500], [3, 6, 1, 2500]]


def test_schedule_export_costs_a_fixed_number_of_queries(
    learner, studied, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        schedule_package(user=learner, topic=studied[0].topic, now=timezone.now())
