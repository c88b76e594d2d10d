"""A rebuild racing an answer never loses the answer's change (scheduler.standing's protocol).

PostgreSQL only: the races need two writers at once (SQLite runs one writer at a time, so a
rebuild there waits for the answer's whole transaction). The answer runs in its own thread
and connection, committed, paused inside its transaction before or after it writes its row,
while the rebuild runs here.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from scheduler import domain_rollup, standing
from scheduler.domain_standing import DomainStanding
from scheduler.models import StudyProfile
from scheduler.services import answer_card
from scheduler.stats.summary import summarise
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import NOON, answer
from tests.scheduler.standings import rows_hold, summary_holds

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need PostgreSQL"
)

TODAY = NOON.date()
EXAM, LATER = TODAY + timedelta(days=30), TODAY + timedelta(days=50)


def fresh(user):
    """The learner as a new request sees them (the profile is cached on the user object)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def learner_and_cards(transactional_db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC", exam_date=EXAM)
    section = SectionFactory()
    cards = [CardFactory(section=section, position=n) for n in range(3)]
    answer(fresh(user), cards[0], 5)
    return user, cards


def paused_answer(monkeypatch, module, name, user, card):
    """Start answering `card` in a thread that stops inside its transaction right after
    `module.name` runs, its statements run by the database; returns (go, thread, errors)."""
    reached, go = threading.Event(), threading.Event()
    original = getattr(module, name)

    def stop_after(*args, **kwargs):
        result = original(*args, **kwargs)
        # The answer's writes are pipelined (scheduler.write_batch): leaving a pipeline block
        # nested in it waits until the database has run what was sent.
        with connection.connection.pipeline():
            pass
        reached.set()
        assert go.wait(timeout=20)
        return result

    monkeypatch.setattr(module, name, stop_after)
    errors = []

    def run():
        try:
            answer_card(user=fresh(user), card=card, quality=4, expected_version=0, now=NOON)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert reached.wait(timeout=20)
    return go, thread, errors


def rebuild_while_blocked(user, topic_id: int, go, thread):
    """Rebuild here, releasing the answer soon after: the rebuild's write waits for the
    answer to commit."""
    threading.Timer(0.5, go.set).start()
    summarise(fresh(user), [topic_id], TODAY)
    thread.join(timeout=20)


def test_an_answer_that_writes_its_row_after_the_rebuild_counted_adds_to_the_rebuilt_row(
    learner_and_cards, monkeypatch
):
    user, cards = learner_and_cards
    summarise(fresh(user), [cards[0].topic_id], TODAY)  # stored on the exam date
    StudyProfile.objects.filter(user=user).update(exam_date=LATER)
    go, thread, errors = paused_answer(monkeypatch, domain_rollup, "record_answer", user, cards[1])

    summarise(fresh(user), [cards[0].topic_id], TODAY)  # rebuilt without the answer's state
    go.set()
    thread.join(timeout=20)

    assert not errors
    row = DomainStanding.objects.get(user=user)
    assert (row.built, row.basis_on, row.seen) == (True, LATER, 2)
    rows_hold(user)
    summary_holds(fresh(user), [cards[0].topic_id], TODAY)


def test_a_rebuild_stores_nothing_over_a_row_an_answer_holds(learner_and_cards, monkeypatch):
    user, cards = learner_and_cards
    summarise(fresh(user), [cards[0].topic_id], TODAY)
    StudyProfile.objects.filter(user=user).update(exam_date=LATER)
    go, thread, errors = paused_answer(monkeypatch, standing, "add", user, cards[1])

    rebuild_while_blocked(user, cards[0].topic_id, go, thread)

    assert not errors
    row = DomainStanding.objects.get(user=user)
    assert row.seen == 2 and row.basis_on is None  # the answer's, not the rebuild's count
    rows_hold(user)
    summary_holds(fresh(user), [cards[0].topic_id], TODAY)


def test_a_rebuild_that_found_no_row_stores_nothing_over_one_an_answer_begins(
    learner_and_cards, monkeypatch
):
    user, cards = learner_and_cards
    DomainStanding.objects.all().delete()
    go, thread, errors = paused_answer(monkeypatch, standing, "add", user, cards[1])

    rebuild_while_blocked(user, cards[0].topic_id, go, thread)

    assert not errors
    assert not DomainStanding.objects.get(user=user).built
    summary_holds(fresh(user), [cards[0].topic_id], TODAY)
    rows_hold(user)
