import pytest
from django.db import IntegrityError, connection, transaction
from psycopg.pq import TransactionStatus

from scheduler import row_writes
from scheduler.models import ReviewState
from scheduler.state_snapshots import STATE_FIELDS
from scheduler.write_batch import stale_fails, write_batch
from tests.factories import CardFactory, UserFactory
from tests.scheduler.test_row_writes import a_state

pytestmark = pytest.mark.django_db


class Changed(Exception):
    pass


def test_outside_a_batch_an_insert_has_its_key_at_once():
    state = row_writes.insert(a_state(UserFactory(), CardFactory()))

    assert ReviewState.objects.get(pk=state.pk).card_id == state.card_id


def test_a_batch_gives_each_insert_its_key_when_it_ends():
    user = UserFactory()
    cards = CardFactory.create_batch(3)

    with write_batch():
        states = [row_writes.insert(a_state(user, card)) for card in cards]

    assert [ReviewState.objects.get(pk=state.pk).card_id for state in states] == [
        card.pk for card in cards
    ]


def test_in_a_batch_a_key_arrives_when_it_ends_and_on_postgresql_nothing_waits_before():
    user = UserFactory()

    with write_batch():
        state = row_writes.insert(a_state(user, CardFactory()))
        assert state.pk is None
        # Pipelined on PostgreSQL: the insert was sent and nobody waited for its result.
        pipelined = connection.vendor == "postgresql" and bool(
            connection.connection.info.pipeline_status
        )
        assert pipelined == (connection.vendor == "postgresql")

    assert ReviewState.objects.get(pk=state.pk).user == user


def test_a_stale_update_in_a_batch_raises_when_it_ends_and_its_transaction_writes_nothing():
    user = UserFactory()
    stored = row_writes.insert(a_state(user, CardFactory()))
    stored.interval, stored.version = 30, 5
    other_card = CardFactory()

    with pytest.raises(Changed), transaction.atomic(), write_batch():
        row_writes.update_if_version(stored, STATE_FIELDS, expected_version=3, otherwise=Changed)
        row_writes.insert(a_state(user, other_card))

    assert ReviewState.objects.get(pk=stored.pk).interval == 12
    assert not ReviewState.objects.filter(card=other_card).exists()


def test_a_unique_key_broken_in_a_batch_raises_djangos_integrity_error_and_writes_nothing():
    user, card, other_card = UserFactory(), CardFactory(), CardFactory()
    row_writes.insert(a_state(user, card))

    with pytest.raises(IntegrityError), transaction.atomic(), write_batch():
        row_writes.insert(a_state(user, other_card))
        row_writes.insert(a_state(user, card))  # the learner already has a state of it

    assert not ReviewState.objects.filter(card=other_card).exists()
    # The connection is usable again: the failed transaction was rolled back.
    assert ReviewState.objects.filter(user=user).count() == 1


def test_a_batch_inside_another_is_part_of_it():
    user = UserFactory()
    cards = CardFactory.create_batch(2)

    with write_batch():
        first = row_writes.insert(a_state(user, cards[0]))
        with write_batch():
            second = row_writes.insert(a_state(user, cards[1]))

    assert {first.pk, second.pk} == set(
        ReviewState.objects.filter(user=user).values_list("pk", flat=True)
    )


def in_transaction() -> bool:
    """Whether the connection's transaction is still open (not committed) on the server."""
    if connection.vendor != "postgresql":
        return connection.in_atomic_block
    return connection.connection.info.transaction_status != TransactionStatus.IDLE


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_ends_its_transaction_commits_with_its_one_wait_on_postgresql():
    user = UserFactory()

    with transaction.atomic():
        with write_batch(commit=True):
            state = row_writes.insert(a_state(user, CardFactory()))
        # PostgreSQL has committed already; elsewhere the block's end commits, as always.
        assert in_transaction() == (connection.vendor != "postgresql")

    assert ReviewState.objects.get(pk=state.pk).user == user


@pytest.mark.django_db(transaction=True)
def test_a_stale_update_in_a_committing_batch_commits_nothing():
    user = UserFactory()
    stored = row_writes.insert(a_state(user, CardFactory()))
    stored.interval, stored.version = 30, 5
    other_card = CardFactory()

    with pytest.raises(Changed), transaction.atomic(), write_batch(commit=True):
        row_writes.update_if_version(stored, STATE_FIELDS, expected_version=3, otherwise=Changed)
        row_writes.insert(a_state(user, other_card))

    assert ReviewState.objects.get(pk=stored.pk).interval != 30
    assert not ReviewState.objects.filter(card=other_card).exists()


@pytest.mark.django_db(transaction=True)
def test_a_unique_key_broken_in_a_committing_batch_commits_nothing():
    user, card, other_card = UserFactory(), CardFactory(), CardFactory()
    row_writes.insert(a_state(user, card))

    with pytest.raises(IntegrityError), transaction.atomic(), write_batch(commit=True):
        row_writes.insert(a_state(user, other_card))
        row_writes.insert(a_state(user, card))

    assert not ReviewState.objects.filter(card=other_card).exists()


def test_inside_an_outer_transaction_a_committing_batch_leaves_the_commit_to_it():
    user = UserFactory()

    with transaction.atomic():  # the test's own transaction is around this one
        with write_batch(commit=True):
            row_writes.insert(a_state(user, CardFactory()))
        assert in_transaction()


def test_a_guard_is_only_for_a_statement_sent_with_a_batch():
    with pytest.raises(RuntimeError, match="sent with a write batch"):
        stale_fails(Changed)
