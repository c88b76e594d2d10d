"""Migrations 0015–0017 turn the logs' JSON snapshots into typed columns, and back."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scheduler.models import ReviewLog, ReviewState
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, undo

JSON_SHAPE = ("scheduler", "0015_review_log_typed_state")
TYPED = ("scheduler", "0017_review_log_drop_json_and_unused_indexes")
TODAY = date(2026, 11, 26)
BEFORE = {
    "repetitions": 2,
    "easiness": "2.36",
    "interval": 6,
    "due": "2026-11-26",
    "lapses": 1,
    "reviews": 4,
    "redrill": False,
    "introduced_on": "2026-11-10",
    "last_answered_on": "2026-11-20",
    "last_answered_at": "2026-11-20T09:15:00+00:00",
    "buried_on": None,
    "suspended": False,
    "leech": False,
    "marked": True,
    "flag": 2,
    "version": 7,
    "sm2_interval": 6,
    "fsrs_stability": 8.25,
    "fsrs_difficulty": 5.5,
    "fsrs_reviewed_on": "2026-11-20",
}
AFTER = BEFORE | {
    "repetitions": 3,
    "easiness": "2.36",
    "interval": 14,
    "due": "2026-12-10",
    "reviews": 5,
    "last_answered_on": "2026-11-26",
    "last_answered_at": "2026-11-26T12:00:00+00:00",
    "version": 8,
}


def migrate(to):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([to])
    return executor.loader.project_state([to]).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def at_json_shape(transactional_db):
    """The database as it was with JSON snapshots; migrated back to the end afterwards."""
    apps = migrate(JSON_SHAPE)
    yield apps
    migrate_to_latest()


def test_old_logs_convert_exactly_and_undo_still_restores_the_state_before(at_json_shape):
    user = UserFactory()
    card = CardFactory()
    ReviewLog_ = at_json_shape.get_model("scheduler", "ReviewLog")
    ReviewState_ = at_json_shape.get_model("scheduler", "ReviewState")
    StudyProfile_ = at_json_shape.get_model("scheduler", "StudyProfile")
    StudyProfile_.objects.create(user_id=user.pk, time_zone="UTC", day_starts_at=4)
    ReviewState_.objects.create(
        user_id=user.pk, card_id=card.pk, topic_id=card.topic_id, **_typed(AFTER)
    )
    old = {"user_id": user.pk, "card_id": card.pk, "topic_id": card.topic_id}
    ReviewLog_.objects.create(
        **old,
        quality=4,
        answered_at=datetime(2026, 11, 26, 12, tzinfo=UTC),
        study_day=TODAY,
        kind="scheduled",
        state_before=BEFORE,
        state_after=AFTER,
        interval_before=6,
        interval_after=14,
    )
    # A log from before the FSRS and action fields existed, and a practice miss on a new card.
    older = {k: v for k, v in BEFORE.items() if not k.startswith(("fsrs", "sm2", "buried"))}
    ReviewLog_.objects.create(
        **old,
        quality=5,
        answered_at=datetime(2026, 11, 20, 9, 15, tzinfo=UTC),
        study_day=date(2026, 11, 20),
        kind="scheduled",
        state_before=older,
        state_after=older,
        interval_before=6,
        interval_after=6,
    )
    ReviewLog_.objects.create(
        **old,
        quality=0,
        answered_at=datetime(2026, 11, 26, 11, tzinfo=UTC),
        study_day=TODAY,
        kind="practice",
        state_before={},
        state_after={},
        interval_before=0,
        interval_after=0,
    )

    migrate(TYPED)

    answer, miss, older_log = ReviewLog.objects.order_by("-study_day", "-answered_at")
    assert {name: getattr(answer, f"{name}_before") for name in BEFORE} == _typed(BEFORE)
    assert (answer.repetitions_after, answer.easiness_after) == (3, Decimal("2.36"))
    assert (answer.interval_after, answer.leech_after) == (14, False)
    assert older_log.fsrs_stability_before is None and older_log.buried_on_before is None
    assert older_log.reviews_before == 4
    assert miss.version_before is None and miss.interval_before == 0

    migrate_to_latest()  # undo writes the roll-ups of later migrations
    assert undo(user, now=NOON).undone

    state = ReviewState.objects.get(user=user, card=card)
    restored = {name: getattr(state, name) for name in BEFORE if name != "version"}
    assert restored == {k: v for k, v in _typed(BEFORE).items() if k != "version"}


def test_the_reverse_writes_the_snapshot_before_back_exactly(at_json_shape):
    migrate(TYPED)
    user, card = UserFactory(), CardFactory()
    ReviewLog.objects.create(
        user=user,
        card=card,
        topic_id=card.topic_id,
        quality=4,
        answered_at=datetime(2026, 11, 26, 12, tzinfo=UTC),
        study_day=TODAY,
        kind="scheduled",
        **{f"{name}_before": value for name, value in _typed(BEFORE).items()},
        interval_after=14,
        repetitions_after=3,
        easiness_after=Decimal("2.36"),
    )

    apps = migrate(JSON_SHAPE)

    log = apps.get_model("scheduler", "ReviewLog").objects.get()
    assert log.state_before == BEFORE
    assert {k: log.state_after[k] for k in ("interval", "repetitions", "easiness", "version")} == {
        "interval": 14,
        "repetitions": 3,
        "easiness": "2.36",
        "version": 8,
    }


def _typed(snapshot: dict) -> dict:
    """A JSON snapshot's values as the model's fields hold them."""
    typed = dict(snapshot)
    typed["easiness"] = Decimal(snapshot["easiness"])
    for name in ("due", "introduced_on", "last_answered_on", "fsrs_reviewed_on"):
        typed[name] = date.fromisoformat(snapshot[name])
    typed["last_answered_at"] = datetime.fromisoformat(snapshot["last_answered_at"])
    return typed
