from datetime import date

import pytest
from django.db.models import Exists

from cards.editing import retire_cards, suspend_cards
from cards.models import Card
from scheduler.models import StudyProfile
from scheduler.queue import build_queue, count_queues
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import answer, days_later

TODAY = date(2026, 11, 26)


def queue_for(user, topic_id, today=TODAY, **kwargs):
    return build_queue(
        user=user,
        profile=StudyProfile.for_user(user),
        topic_id=topic_id,
        today=today,
        **kwargs,
    )


def test_new_cards_come_in_document_order(learner, deck):
    cards = deck(3)

    queue = queue_for(learner, cards[0].topic_id)

    assert queue.card == cards[0]
    assert queue.version == 0
    assert (queue.counts.reviews, queue.counts.redrills, queue.counts.new) == (0, 0, 3)


def test_new_cards_stop_at_the_daily_limit_counting_those_started_today(learner, deck):
    learner.study_profile.new_cards_per_day = 2
    learner.study_profile.save()
    cards = deck(5)

    assert queue_for(learner, cards[0].topic_id).counts.new == 2
    answer(learner, cards[0], 5)
    assert queue_for(learner, cards[0].topic_id).counts.new == 1
    answer(learner, cards[1], 5)

    queue = queue_for(learner, cards[0].topic_id)
    assert queue.card is None
    assert queue.counts.new == 0
    # Three are left, but new cards are counted only up to what the day can still show (as
    # Anki does): the limit less those introduced today.
    assert queue.counts.new_waiting == 0


def test_new_cards_are_counted_up_to_the_limit_a_table_row_as_one(learner, deck):
    learner.study_profile.new_cards_per_day = 4
    learner.study_profile.save()
    cards = deck(3) + deck(3, sibling="row-1") + deck(3)

    counts = queue_for(learner, cards[0].topic_id).counts

    assert (counts.new, counts.new_waiting) == (4, 4)
    learner.study_profile.new_cards_per_day = 100
    learner.study_profile.save()
    assert queue_for(learner, cards[0].topic_id).counts.new_waiting == 7


def test_due_reviews_come_first_most_overdue_first(learner, deck):
    cards = deck(4)
    answer(learner, cards[0], 5, now=days_later(-3))  # due 2 days ago
    answer(learner, cards[1], 5, now=days_later(-1))  # due today
    answer(learner, cards[2], 5, now=days_later(-2))  # due yesterday

    queue = queue_for(learner, cards[0].topic_id)

    assert queue.card == cards[0]
    assert queue.state.due == date(2026, 11, 24)
    assert (queue.counts.reviews, queue.counts.new) == (3, 1)


def test_reviews_stop_at_the_review_limit(learner, deck):
    learner.study_profile.reviews_per_day = 2
    learner.study_profile.save()
    cards = deck(4)
    for card in cards[:3]:
        answer(learner, card, 5, now=days_later(-1))

    assert queue_for(learner, cards[0].topic_id).counts.reviews == 2
    answer(learner, cards[0], 5)
    answer(learner, cards[1], 5)

    queue = queue_for(learner, cards[0].topic_id)
    assert queue.counts.reviews == 0
    # The review page counts only what is left of the limit; the dashboard, the one waiting.
    assert queue.counts.due_waiting == 0
    dashboard = count_queues(
        user=learner, profile=learner.study_profile, today=TODAY, topic_ids=[cards[0].topic_id]
    )
    assert dashboard[cards[0].topic_id].due_waiting == 1
    # The review that waits past the limit does not hold back the day's new card.
    assert queue.card == cards[3]


def test_a_backlog_is_counted_up_to_the_review_limit_on_the_review_page_in_full_on_the_dashboard(
    learner, deck
):
    learner.study_profile.reviews_per_day = 2
    learner.study_profile.save()
    cards = deck(5)
    for card in cards:
        answer(learner, card, 5, now=days_later(-1))
    topic_id = cards[0].topic_id

    review_page = queue_for(learner, topic_id).counts
    dashboard = count_queues(
        user=learner, profile=learner.study_profile, today=TODAY, topic_ids=[topic_id]
    )[topic_id]

    assert (review_page.reviews, review_page.due_waiting) == (2, 2)
    assert (dashboard.reviews, dashboard.due_waiting) == (2, 5)
    answer(learner, cards[0], 5)
    assert queue_for(learner, topic_id).counts.due_waiting == 1


def test_the_most_overdue_day_comes_first_in_the_order_its_cards_were_introduced(learner, deck):
    cards = deck(4)
    answer(learner, cards[3], 5, now=days_later(-2))  # due yesterday, introduced first
    answer(learner, cards[2], 5, now=days_later(-2))  # due yesterday
    answer(learner, cards[0], 5, now=days_later(-1))  # due today, first in the deck

    first = queue_for(learner, cards[0].topic_id)
    answer(learner, first.card, 5)
    second = queue_for(learner, cards[0].topic_id)
    answer(learner, second.card, 5)
    third = queue_for(learner, cards[0].topic_id)

    assert (first.card, second.card, third.card) == (cards[3], cards[2], cards[0])


def test_redrills_wait_behind_reviews_and_go_before_new_cards(learner, deck):
    cards = deck(4)
    answer(learner, cards[0], 5, now=days_later(-1))  # due today
    answer(learner, cards[1], 1)  # failed today: a re-drill

    queue = queue_for(learner, cards[0].topic_id)
    assert queue.card == cards[0]
    answer(learner, cards[0], 5)

    queue = queue_for(learner, cards[0].topic_id)
    assert queue.card == cards[1]
    assert queue.counts.redrills == 1
    assert queue.version == queue.state.version


def test_a_card_just_failed_is_not_shown_twice_in_a_row_while_new_cards_wait(learner, deck):
    cards = deck(3)

    result = answer(learner, cards[0], 1)

    assert result.next.card == cards[1]
    assert result.next.counts.redrills == 1
    # With no new card left, the failed card comes straight back.
    learner.study_profile.new_cards_per_day = 1
    learner.study_profile.save()
    assert queue_for(learner, cards[0].topic_id, just_failed=True).card == cards[0]


def test_retired_and_suspended_cards_never_appear(learner, deck):
    cards = deck(3)
    answer(learner, cards[0], 5, now=days_later(-1))
    answer(learner, cards[1], 1)
    retire_cards(Card.objects.filter(pk__in=[cards[0].pk, cards[1].pk]), now=days_later(0))
    suspend_cards(Card.objects.filter(pk=cards[2].pk))

    queue = queue_for(learner, cards[0].topic_id)

    assert queue.card is None
    assert queue.counts.total == 0


def test_siblings_are_never_introduced_on_the_same_day(learner, section):
    row = [CardFactory(section=section, position=i, sibling="row-1") for i in range(3)]
    other = CardFactory(section=section, position=3)

    assert queue_for(learner, other.topic_id).counts.new == 2  # one per row, and the other
    answer(learner, row[0], 5)

    queue = queue_for(learner, other.topic_id)
    assert queue.card == other
    assert queue.counts.new == 1
    answer(learner, other, 5)
    assert queue_for(learner, other.topic_id).card is None
    # The next day the next cell of the row may be introduced, behind the two due reviews.
    tomorrow = queue_for(learner, other.topic_id, today=date(2026, 11, 27)).counts
    assert (tomorrow.reviews, tomorrow.new) == (2, 1)


def test_a_card_answered_today_keeps_its_due_siblings_out_of_today(learner, section):
    row = [CardFactory(section=section, position=i, sibling="row-1") for i in range(2)]
    answer(learner, row[0], 5, now=days_later(-3))
    answer(learner, row[1], 5, now=days_later(-2))  # both due today

    assert queue_for(learner, section.domain.topic_id).counts.reviews == 2
    answer(learner, row[0], 5)

    queue = queue_for(learner, section.domain.topic_id)
    assert queue.card is None
    assert queue.counts.reviews == 0


def test_the_queue_ignores_other_learners(learner, deck):
    cards = deck(2)
    other = UserFactory()
    answer(other, cards[0], 1)

    queue = queue_for(learner, cards[0].topic_id)

    assert queue.card == cards[0]
    assert (queue.counts.redrills, queue.counts.new) == (0, 2)


def test_counts_cover_several_topics_at_once(learner, deck):
    cards = deck(3)
    elsewhere = CardFactory(section=SectionFactory())
    answer(learner, elsewhere, 1)

    counts = count_queues(
        user=learner,
        profile=learner.study_profile,
        today=TODAY,
        topic_ids=[cards[0].topic_id, elsewhere.topic_id],
    )

    assert counts[cards[0].topic_id].new == 3
    assert (counts[elsewhere.topic_id].redrills, counts[elsewhere.topic_id].new) == (1, 0)


@pytest.mark.parametrize("deck_size", [10, 500])
def test_the_queue_and_its_counts_take_a_fixed_number_of_queries(
    learner, deck, deck_size, django_assert_num_queries
):
    cards = deck(deck_size)
    for card in cards[:5]:
        answer(learner, card, 5, now=days_later(-1))
    answer(learner, cards[5], 1)
    profile = learner.study_profile

    with django_assert_num_queries(2):
        queue = build_queue(user=learner, profile=profile, topic_id=cards[0].topic_id, today=TODAY)

    assert queue.counts.reviews == 5
    assert queue.counts.new == min(20 - 1, deck_size - 6)  # the failed card was new today


def test_a_new_card_finds_an_earlier_new_card_of_its_table_row_through_an_index(learner, deck):
    """Counting new cards asks, per card, for an earlier new sibling: a seek, not a read of
    the whole topic per card (which cost 28 ms a request on the DVA-C02 deck)."""
    from django.db import connection, transaction
    from django.db.models import OuterRef, Q

    from cards.models import Card
    from scheduler import queue_parts

    cards = deck(300)
    for row in range(100):
        Card.objects.filter(pk__in=[card.pk for card in cards[3 * row : 3 * row + 3]]).update(
            sibling=f"row-{row}"
        )
    earlier_new_sibling = queue_parts.not_introduced(learner, TODAY).filter(
        topic_id=OuterRef("topic_id"),
        sibling=OuterRef("sibling"),
        position__lt=OuterRef("position"),
    )
    # The walk's own form of the question (queue_parts.new_heads): a subquery per card.
    heads = Card.objects.filter(topic_id=cards[0].topic_id, sibling="row-1").exclude(
        ~Q(sibling="") & Exists(earlier_new_sibling)
    )

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Without statistics the planner's estimates tie, and it may pick the topic's index;
            # with them, and with sequential scans off (300 rows are cheapest read whole), the
            # seek by row is the plan a real deck gets.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cards_card")
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = heads.explain()

    assert list(heads) == [cards[3]]
    assert "card_sibling_order" in plan, plan
