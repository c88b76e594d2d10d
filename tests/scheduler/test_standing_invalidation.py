"""Whatever changes counted state besides answers marks the standings it touches unbuilt
(scheduler.standing_invalidation), and the next read rebuilds them to equal the states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cards import editing
from cards.importer import import_topic
from cards.models import Card
from scheduler.domain_standing import DomainStanding
from scheduler.models import StudyProfile
from scheduler.scheduling import set_fsrs_parameters, switch_scheduler
from scheduler.services import bury_card, delete_account_and_data, suspend_card
from tests.scheduler.answering import NOON, days_later
from tests.scheduler.domain_days import study
from tests.scheduler.standings import built, rows_hold, summary_holds
from tests.scheduler.test_domain_rollup import fixture

TODAY = NOON.date()


def topics_of(cards) -> list[int]:
    return sorted({card.topic_id for card in cards})


def studied(learners, cards, days: int = 3):
    """The learners' rows stored on the last study day, after answers over `days` days."""
    for learner in learners:
        study(learner, cards, days=days)
        summary_holds(learner, topics_of(cards), days_later(days - 1).date())
    return days_later(days - 1).date()


@pytest.mark.parametrize(
    "take_out",
    [
        editing.suspend_cards,
        lambda cards: editing.retire_cards(cards, now=timezone.now()),
    ],
    ids=["suspended", "retired"],
)
def test_cards_taken_out_and_restored_mark_their_domains_rows_unbuilt(
    learners, two_domains, take_out
):
    today = studied(learners, two_domains)
    first, second = two_domains[0].section.domain_id, two_domains[3].section.domain_id
    chosen = Card.objects.filter(pk=two_domains[0].pk)

    take_out(chosen)

    for learner in learners:
        assert set(built(learner)) == {second}  # the other domain's row is untouched
        summary_holds(learner, topics_of(two_domains), today)
    editing.reactivate_cards(chosen)
    for learner in learners:
        assert set(built(learner)) == {second}
        summary_holds(learner, topics_of(two_domains), today)
        assert set(rows_hold(learner)) == {first, second}


def test_a_learners_own_card_actions_change_no_row(learner, two_domains):
    today = studied([learner], two_domains, days=1)
    versions = built(learner)
    now = NOON + timedelta(minutes=30)

    for card_ in two_domains[:2]:
        state = card_.review_states.get(user=learner)
        assert suspend_card(user=learner, card=card_, expected_version=state.version, now=now)
    state = two_domains[2].review_states.get(user=learner)
    assert bury_card(user=learner, card=two_domains[2], expected_version=state.version, now=now)

    assert built(learner) == versions
    rows_hold(learner)
    summary_holds(learner, topics_of(two_domains), today)


@pytest.fixture
def imported(learners):
    import_topic(fixture(), now=NOON - timedelta(days=30))
    cards = list(Card.objects.filter(topic__slug="demo").order_by("position"))
    StudyProfile.objects.filter(user__in=learners).update(new_cards_per_day=50)
    for learner in learners:
        learner.refresh_from_db()
    return cards


def test_a_card_a_reimport_moves_to_another_domain_rebuilds_both_domains(learners, imported):
    today = studied(learners, imported)

    import_topic(fixture(domain_of_a=2), now=days_later(9))

    for learner in learners:
        assert not built(learner)  # both of the topic's domains lost or gained a card
        summary_holds(learner, topics_of(imported), today)
        rows_hold(learner)


def test_a_card_a_reimport_retires_and_a_later_one_restores_rebuilds_its_domain(learners, imported):
    today = studied(learners, imported)
    retired = Card.objects.get(key="scenario-b").section.domain
    kept = set(retired.topic.domains.exclude(pk=retired.pk).values_list("pk", flat=True))

    import_topic(fixture(with_b=False), now=days_later(9))
    for learner in learners:
        assert set(built(learner)) == kept
        summary_holds(learner, topics_of(imported), today)

    import_topic(fixture(), now=days_later(10))
    for learner in learners:
        assert set(built(learner)) == kept
        summary_holds(learner, topics_of(imported), today)


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda user: switch_scheduler(user=user, scheduler="fsrs"),
        lambda user: set_fsrs_parameters(user=user, parameters=None),
    ],
    ids=["switch to FSRS", "new parameters"],
)
def test_fsrs_memory_rewritten_marks_only_that_learners_rows_unbuilt(
    learners, two_domains, rewrite
):
    today = studied(learners, two_domains)
    first, other = learners
    # Memory from before FSRS was kept, which the rewrite replays.
    first.review_states.filter(card=two_domains[0]).update(fsrs_stability=None)
    theirs = built(other)

    rewrite(first)

    assert not built(first)
    assert built(other) == theirs
    summary_holds(first, topics_of(two_domains), today)
    rows_hold(first)


def test_switching_back_to_sm2_keeps_the_rows(learner, two_domains):
    today = studied([learner], two_domains)
    switch_scheduler(user=learner, scheduler="fsrs")
    summary_holds(learner, topics_of(two_domains), today)
    versions = built(learner)

    switch_scheduler(user=learner, scheduler="sm2")

    assert built(learner) == versions
    summary_holds(learner, topics_of(two_domains), today)
    assert built(learner) == versions


def test_deleting_the_account_deletes_its_rows_only(learners, two_domains):
    studied(learners, two_domains, days=1)
    first, other = learners
    theirs = built(other)

    delete_account_and_data(user=first)

    assert not DomainStanding.objects.filter(user_id=first.pk).exists()
    assert built(other) == theirs
