from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db.models.signals import post_save, pre_save

from scheduler import row_writes
from scheduler.models import ReviewLog, ReviewState
from scheduler.state_snapshots import STATE_FIELDS
from tests.factories import CardFactory, UserFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=UTC)


def field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def a_state(user, card, **values) -> ReviewState:
    return ReviewState(
        user=user,
        card=card,
        topic_id=card.topic_id,
        repetitions=3,
        easiness=Decimal("2.36"),
        interval=12,
        due=date(2026, 12, 8),
        introduced_on=date(2026, 11, 1),
        last_answered_on=date(2026, 11, 26),
        last_answered_at=MOMENT,
        fsrs_stability=11.25,
        version=4,
        **values,
    )


def test_an_inserted_state_reads_back_as_the_orm_would_have_saved_it():
    user, card = UserFactory(), CardFactory()
    state = row_writes.insert(a_state(user, card))

    assert state.pk is not None
    assert field_values(ReviewState.objects.get(pk=state.pk)) == field_values(state)


def test_an_inserted_log_keeps_every_column_and_gets_its_key():
    user, card = UserFactory(), CardFactory()
    log = ReviewLog(
        user=user,
        card=card,
        topic_id=card.topic_id,
        quality=4,
        answered_at=MOMENT,
        study_day=date(2026, 11, 26),
        kind=ReviewLog.Kind.SCHEDULED,
        interval_before=0,
        easiness_before=Decimal("2.50"),
        last_answered_at_before=MOMENT,
        interval_after=1,
        repetitions_after=1,
        easiness_after=Decimal("2.60"),
    )

    row_writes.insert(log)
    second = row_writes.insert(ReviewLog(**{**field_values(log), "id": None}))

    assert field_values(ReviewLog.objects.get(pk=log.pk)) == field_values(log)
    assert second.pk != log.pk


def test_an_update_writes_the_fields_when_the_version_is_the_expected_one():
    user, card = UserFactory(), CardFactory()
    state = row_writes.insert(a_state(user, card))
    state.interval, state.easiness, state.version = 30, Decimal("2.46"), 5

    row_writes.update_if_version(state, STATE_FIELDS, expected_version=4, otherwise=Changed)

    assert field_values(ReviewState.objects.get(pk=state.pk)) == field_values(state)


class Changed(Exception):
    pass


def test_an_update_against_a_changed_version_raises_and_writes_nothing():
    user, card = UserFactory(), CardFactory()
    state = row_writes.insert(a_state(user, card))
    stored = field_values(state)
    state.interval, state.version = 30, 5

    with pytest.raises(Changed):
        row_writes.update_if_version(state, STATE_FIELDS, expected_version=3, otherwise=Changed)

    assert field_values(ReviewState.objects.get(pk=state.pk)) == stored


@pytest.mark.parametrize("signal", [pre_save, post_save])
@pytest.mark.parametrize("model", [ReviewState, ReviewLog])
def test_nothing_listens_to_saves_the_compiled_writes_skip(signal, model):
    assert not signal.has_listeners(model)
