"""The queue's plan on PostgreSQL, where a prepared query is planned once per connection for
any learner (config/database.py: generic plans). That plan must not read the deck to find a
learner's few due cards, nor to prove that no new card is left: two shapes of the query once
let it (a join of due states to their cards, and `id IN (the new cards' slice)`), and a
finished learner of a 30,000-card deck paid 5-8 ms a request for it. Each test fails with the
old shape (checked: 4,000 and 4,100 cards read of a 4,000-card deck).

The query is taken from scheduler.prepared's cache, as the app runs it, and prepared by hand:
psycopg's own prepared statements cannot be EXPLAINed.
"""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.utils import timezone
from psycopg import sql as sql_text

from scheduler import prepared
from scheduler.benchmarks.finished import seed_finished
from scheduler.benchmarks.seed import make_deck
from scheduler.card_copies import copy_card_fields
from scheduler.models import ReviewState, StudyProfile
from tests.factories import UserFactory
from tests.scheduler.queue_sql import queue_query

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="generic plans are PostgreSQL's"
)

DECK = 4000


def _types(values: list) -> str:
    """PREPARE's parameter types for the values of a compiled query."""

    def type_of(value) -> str:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int):
            return "bigint"
        if isinstance(value, float):
            return "double precision"
        if isinstance(value, dt.datetime):
            return "timestamptz"
        if isinstance(value, dt.date):
            return "date"
        return "text"

    return ", ".join(type_of(value) for value in values)


def cards_read_by_generic_plan(user, topic) -> int:
    """Rows the queue's generic plan reads from the card table for `user` (EXPLAIN ANALYZE)."""
    return rows_read_by_generic_plan(user, topic, "cards_card")


def rows_read_by_generic_plan(user, topic, table: str, index_condition: str = "") -> int:
    """Rows the queue's generic plan reads from `table` for `user` (EXPLAIN ANALYZE), in the
    scans whose index condition has `index_condition` in it."""
    sql, params = queue_query(user, topic)
    numbered = iter(range(1, len(params) + 1))
    sql = re.sub("%s", lambda _: f"${next(numbered)}", sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
        cursor.execute(f"PREPARE generic_queue ({_types(params)}) AS {sql}")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        # EXECUTE's arguments as literals: bound parameters there have no type to infer.
        values = sql_text.SQL(", ").join(map(sql_text.Literal, params))
        arguments = values.as_string(connection.connection)
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE generic_queue ({arguments})")
        (plan,) = cursor.fetchone()
        cursor.execute("DEALLOCATE generic_queue")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return _rows(plan[0]["Plan"], table, index_condition)


def _rows(node: dict, table: str, index_condition: str) -> int:
    counted = node.get("Relation Name") == table and (index_condition in node.get("Index Cond", ""))
    own = node["Actual Rows"] * node["Actual Loops"] if counted else 0
    return own + sum(_rows(child, table, index_condition) for child in node.get("Plans", []))


@pytest.fixture
def deck(db):
    prepared._compiled.clear()  # so the learner's queue is the one compiled "next" query
    return make_deck("plans", DECK)


def learner_done_with(topic, *, due_today: int):
    user = UserFactory()
    seed_finished(user, topic, due_today=due_today)
    return user


def learner_who_introduced_today(topic, cards: int, *, new_cards_per_day: int):
    """A learner who introduced the topic's first `cards` cards today."""
    user = UserFactory()
    StudyProfile.objects.create(user=user, new_cards_per_day=new_cards_per_day)
    today = StudyProfile.for_user(user).today(timezone.now())
    first = topic.cards.order_by("position").values_list("pk", flat=True)[:cards]
    tomorrow = today + dt.timedelta(days=1)
    introduced = {"introduced_on": today, "last_answered_on": today, "due": tomorrow}
    ReviewState.objects.bulk_create(
        ReviewState(user=user, card_id=pk, topic=topic, **introduced) for pk in first
    )
    return user


def test_a_caught_up_learner_is_shown_nothing_without_reading_the_deck(deck):
    user = learner_done_with(deck, due_today=0)

    assert cards_read_by_generic_plan(user, deck) < 50


def test_a_new_learners_first_card_is_found_without_reading_the_deck(deck):
    """Whatever plan the statistics of the moment pick: with another learner's states in the
    table, the planner once hashed every card of the deck to find a fresh learner's first."""
    learner_done_with(deck, due_today=100)

    assert cards_read_by_generic_plan(UserFactory(), deck) < 100


def test_due_reviews_are_counted_and_found_from_the_states_without_reading_a_card(deck):
    """The states' copies of their cards' activity and table row (scheduler.card_copies)
    answer everything the walk over due states asks. Looking up each state's card instead
    read 100 cards here: on PostgreSQL, most of a heavy learner's queue query."""
    user = learner_done_with(deck, due_today=100)

    assert cards_read_by_generic_plan(user, deck) == 0


def test_a_long_backlog_is_counted_to_the_review_limit_and_its_first_card_found_unsorted(deck):
    """1,000 reviews due over the last ten days: the header counts up to the day's limit (200)
    and the next card is the (user, topic, due, id) index's first studiable entry. Counting
    the whole backlog read 1,202 cards; sorting its most overdue day by deck position, 401."""
    user = learner_done_with(deck, due_today=0)
    today = StudyProfile.for_user(user).today(timezone.now())
    backlog = list(
        ReviewState.objects.filter(user=user)
        .order_by("card__position")
        .values_list("pk", flat=True)
    )[:1000]
    for days_late in range(10):
        ReviewState.objects.filter(pk__in=backlog[days_late::10]).update(
            due=today - dt.timedelta(days=days_late)
        )

    assert cards_read_by_generic_plan(user, deck) < 200 + 10


def test_new_cards_are_counted_only_to_what_is_left_of_the_days_limit(deck):
    """A learner who has introduced 190 of today's 200 new cards: the count stops at the 10
    left. Counting on to the limit walked 200 cards (each then looked up with its sibling) on
    every answer, for a number no page shows."""
    user = learner_who_introduced_today(deck, 190, new_cards_per_day=200)

    # Its walks through the deck from the learner's new-card cursor (count and first card).
    assert rows_read_by_generic_plan(user, deck, "cards_card", '"position" >=') <= 10 + 1


def test_due_reviews_are_counted_only_to_what_is_left_of_the_days_limit(deck):
    """100 reviews due and 190 of today's 200 given: the count stops at the 10 left, where it
    read all 100 due states (each then looked up with its card) on every answer."""
    user = learner_done_with(deck, due_today=100)
    StudyProfile.objects.filter(user=user).update(reviews_per_day=200)
    today = StudyProfile.for_user(user).today(timezone.now())
    not_due = ReviewState.objects.filter(user=user, due__gt=today).order_by("pk")[:190]
    ReviewState.objects.filter(pk__in=list(not_due.values_list("pk", flat=True))).update(
        last_answered_on=today
    )

    assert rows_read_by_generic_plan(user, deck, "scheduler_reviewstate", "(due <=") <= 10 + 1


def test_the_rows_answered_today_are_gathered_once_per_walk_not_again_per_card(deck):
    """A learner 190 answers into their day, new cards still to come: each walk through the
    deck gathers the table rows answered today (to keep those rows' cards out) once, each a
    read of the day's 190 answers. Asking again of every card's earlier sibling read them once
    more: 1 ms of the query for a learner with 190 answers."""
    user = learner_who_introduced_today(deck, 190, new_cards_per_day=400)

    # The day's answers read four times: today's new cards counted (as a column, and again
    # for where the walk stops), and the rows answered today for the count's walk and for the
    # first new card's; then a few states of cards walked. Before: 998 (five times 190).
    assert rows_read_by_generic_plan(user, deck, "scheduler_reviewstate") < 5 * 190


def test_the_rows_answered_today_are_read_from_the_states_not_card_by_card(deck):
    """The table rows answered today, which keep their other cells out, come from the day's
    states (ReviewState.sibling). Read through each state's card, they cost a card lookup per
    answer of the day in each walk: 10.6 against 4.8 ms of the query 190 answers in."""
    user = learner_who_introduced_today(deck, 190, new_cards_per_day=400)
    copy_card_fields(ReviewState.objects.filter(user=user))

    # The walks' own cards (526). Through the cards it read 812: the 143 of the day's answered
    # cards that are in a row, once for each of the two walks (the count's, the first card's).
    assert cards_read_by_generic_plan(user, deck) < 526 + 143
