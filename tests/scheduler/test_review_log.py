"""What a ReviewLog keeps (issue 18: a lean row): the state before in typed columns, enough that
undo restores the state exactly, and only the indexes a query uses."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, models, transaction

from scheduler.card_actions import bury_card, set_flag, set_mark, suspend_card, unsuspend_card
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.practice_services import log_practice_misses
from scheduler.state_snapshots import STATE_FIELDS
from tests.scheduler.answering import NOON, answer, days_later, undo

# Small typed columns, no JSON: a regression here is a fatter row (see `make benchmark`).
EXPECTED_FIELDS = {
    "id": models.BigAutoField,
    "user": models.ForeignKey,
    "card": models.ForeignKey,
    "topic": models.ForeignKey,
    "quality": models.PositiveSmallIntegerField,
    "answered_at": models.DateTimeField,
    "study_day": models.DateField,
    "kind": models.CharField,
    "repetitions_before": models.PositiveSmallIntegerField,
    "easiness_before": models.DecimalField,
    "interval_before": models.PositiveIntegerField,
    "due_before": models.DateField,
    "lapses_before": models.PositiveSmallIntegerField,
    "reviews_before": models.PositiveIntegerField,
    "redrill_before": models.BooleanField,
    "introduced_on_before": models.DateField,
    "last_answered_on_before": models.DateField,
    "last_answered_at_before": models.DateTimeField,
    "buried_on_before": models.DateField,
    "suspended_before": models.BooleanField,
    "leech_before": models.BooleanField,
    "marked_before": models.BooleanField,
    "flag_before": models.PositiveSmallIntegerField,
    "version_before": models.PositiveIntegerField,
    "sm2_interval_before": models.PositiveIntegerField,
    "fsrs_stability_before": models.FloatField,
    "fsrs_difficulty_before": models.FloatField,
    "fsrs_reviewed_on_before": models.DateField,
    "interval_after": models.PositiveIntegerField,
    "repetitions_after": models.PositiveSmallIntegerField,
    "easiness_after": models.DecimalField,
    "leech_after": models.BooleanField,
    "undone": models.BooleanField,
}
# The indexes the log's queries use (scheduler.models.ReviewLog.Meta says which uses which).
EXPECTED_INDEXES = {
    ("user_id", "topic_id", "study_day"),
    ("user_id", "answered_at"),
    ("user_id", "card_id"),
}


def test_a_log_has_only_small_typed_columns():
    fields = {field.name: type(field) for field in ReviewLog._meta.concrete_fields}

    assert fields == EXPECTED_FIELDS


def test_a_log_keeps_every_state_field_before_it():
    kept = {field.name for field in ReviewLog._meta.concrete_fields}

    assert {f"{name}_before" for name in STATE_FIELDS} <= kept


def test_the_log_table_has_only_the_indexes_its_queries_use(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ReviewLog._meta.db_table)
    indexes = {
        tuple(info["columns"])
        for info in constraints.values()
        if info["index"] and not info["primary_key"]
    }

    assert indexes == EXPECTED_INDEXES


def state_fields(user, card) -> dict:
    """Everything undo must restore (the version moves on: it counts every change)."""
    state = ReviewState.objects.filter(user=user, card=card).first() or ReviewState()
    return {name: getattr(state, name) for name in STATE_FIELDS if name != "version"}


def answers_on_days(*grades):
    """Answers on consecutive days ending yesterday."""

    def given(user, card):
        for days_ago, grade in zip(range(len(grades), 0, -1), grades, strict=True):
            answer(user, card, grade, now=days_later(-days_ago))

    return given


def act(action, **fields):
    def acted(user, card):
        state = ReviewState.objects.filter(user=user, card=card).first()
        version = state.version if state else 0
        action(user=user, card=card, expected_version=version, now=NOON, **fields)

    return acted


def answered(grade):
    return lambda user, card: answer(user, card, grade)


HISTORIES = {
    "a new card's first answer": ([], answered(4)),
    "a review": ([answers_on_days(4, 4)], answered(5)),
    "a lapse": ([answers_on_days(4, 4, 5)], answered(1)),
    "a re-drill": ([answers_on_days(4), answered(2)], answered(4)),
    "a lapse that makes a leech": ([answers_on_days(4, 2, 4)], answered(2)),
    "a bury": ([answers_on_days(4)], act(bury_card)),
    "a suspend": ([answers_on_days(4)], act(suspend_card)),
    "an unsuspend": ([answers_on_days(4), act(suspend_card)], act(unsuspend_card)),
    "a mark": ([answers_on_days(4)], act(set_mark, marked=True)),
    "a flag": ([answers_on_days(4), act(set_flag, flag=2)], act(set_flag, flag=3)),
}


@pytest.mark.parametrize("scheduler", ["sm2", "fsrs"])
@pytest.mark.parametrize("name", HISTORIES)
def test_undo_restores_exactly_the_state_before_the_latest_log(learner, deck, scheduler, name):
    StudyProfile.objects.filter(user=learner).update(scheduler=scheduler, leech_threshold=2)
    (card,) = deck(1)
    history, latest = HISTORIES[name]
    for step in history:
        step(learner, card)
    expected = state_fields(learner, card)

    latest(learner, card)
    assert state_fields(learner, card) != expected
    assert undo(learner).undone

    assert state_fields(learner, card) == expected


def test_undo_after_a_practice_miss_takes_back_the_answer_before_it(learner, deck):
    (card,) = deck(1)
    answers_on_days(4, 4)(learner, card)
    expected = state_fields(learner, card)
    answer(learner, card, 5)
    with transaction.atomic():
        log_practice_misses(user=learner, cards=[card], now=NOON + timedelta(minutes=5))

    assert undo(learner).undone

    assert state_fields(learner, card) == expected
    miss = ReviewLog.objects.for_user(learner).practice_misses().get()
    assert (miss.undone, miss.repetitions_before, miss.repetitions_after) == (False, 3, 3)


def test_an_answer_keeps_what_statistics_and_exports_read_of_the_state_after(learner, deck):
    (card,) = deck(1)
    answers_on_days(4)(learner, card)

    answer(learner, card, 3)

    log = ReviewLog.objects.for_user(learner).latest("pk")
    assert (log.repetitions_before, log.repetitions_after) == (1, 2)
    assert (log.interval_before, log.interval_after) == (1, 6)
    assert (log.easiness_before, log.easiness_after) == (Decimal("2.50"), Decimal("2.36"))
    assert (log.leech_before, log.leech_after) == (False, False)


def test_todays_latest_answer_is_found_without_reading_the_days_before(learner, deck):
    """The undo button asks for it on every review page: a long history must not be read."""
    cards = deck(3)
    answer(learner, cards[0], 4, now=days_later(-30))
    answer(learner, cards[1], 4, now=days_later(-1))
    answer(learner, cards[2], 4)
    _add_earlier_days(ReviewLog.objects.for_user(learner).get(card=cards[0]), days=500)
    latest = ReviewLog.objects.for_user(learner).get(card=cards[2])
    today = StudyProfile.for_user(learner).today(NOON)
    undoable = ReviewLog.objects.for_user(learner).undoable(today).values("pk")[:1]

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Statistics, as autovacuum keeps them: without them PostgreSQL prices every index
            # on `user` alike and may pick one that reads the learner's whole history.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE scheduler_reviewlog")
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = undoable.explain()

    assert list(undoable) == [{"pk": latest.pk}]
    # The index range it reads (PostgreSQL's Index Cond, SQLite's SEARCH) holds today's
    # answers only: it starts at the moment the day's answers can start at, or it is the
    # study day's (which PostgreSQL may pick when index reads are priced for an SSD).
    ranges = [
        line.replace(" ", "")
        for line in plan.splitlines()
        if "Index Cond" in line or "SEARCH" in line
    ]
    assert any("answered_at>" in line or "study_day=" in line for line in ranges), plan


def _add_earlier_days(log, *, days):
    """A long history: `days` more answers like `log`, one on each day before it."""
    fields = {field.attname: getattr(log, field.attname) for field in log._meta.concrete_fields}
    for name in ("id", "answered_at", "study_day"):
        del fields[name]
    ReviewLog.objects.bulk_create(
        ReviewLog(
            **fields,
            answered_at=log.answered_at - timedelta(days=back),
            study_day=log.study_day - timedelta(days=back),
        )
        for back in range(1, days + 1)
    )
