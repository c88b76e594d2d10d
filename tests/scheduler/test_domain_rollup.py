"""The per-domain roll-up readiness reads equals the logs counted per domain, as readiness
counted them before it: after answers, re-drills, undos, and cards retired, restored or moved."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cards import editing
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card
from scheduler import domain_rollup
from scheduler.extra_study import answer_ahead
from scheduler.models import DomainDay, ReviewLog, StudyProfile
from scheduler.services import answer_card
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.scheduler.answering import NOON, answer, days_later, undo
from tests.scheduler.domain_days import logged, rolled_up, study


def test_the_rows_are_the_logs_counted_per_domain_after_answers_redrills_and_undos(
    learners, two_domains
):
    for n, learner in enumerate(learners):
        study(learner, two_domains[n:])

    logs = ReviewLog.objects.all()
    assert logs.filter(kind="redrill").exists() and logs.filter(undone=True).exists()
    for learner in learners:
        assert rolled_up(learner) == logged(learner)
        assert sum(row[0] for row in rolled_up(learner).values()) == (
            logs.filter(user=learner, undone=False, kind="scheduled").count()
        )
    assert rolled_up(learners[0]) != rolled_up(learners[1])


def test_a_redrill_writes_no_row_and_its_undo_takes_nothing_back(learners, two_domains):
    learner, card_ = learners[0], two_domains[0]
    answer(learner, card_, 2)
    counted = rolled_up(learner)

    answer(learner, card_, 4, now=NOON + timedelta(seconds=30))  # the re-drill
    assert rolled_up(learner) == counted
    undo(learner, now=NOON + timedelta(seconds=40))

    assert rolled_up(learner) == counted == logged(learner)


@pytest.mark.parametrize(
    "take_out",
    [
        editing.suspend_cards,
        lambda cards: editing.retire_cards(cards, now=timezone.now()),
    ],
    ids=["suspended", "retired"],
)
def test_cards_taken_out_leave_every_learners_rows_and_come_back_restored(
    learners, two_domains, take_out
):
    for learner in learners:
        study(learner, two_domains)
    chosen = Card.objects.filter(pk__in=[two_domains[0].pk, two_domains[3].pk])
    everything = {learner.pk: rolled_up(learner) for learner in learners}

    take_out(chosen)

    for learner in learners:
        assert rolled_up(learner) == logged(learner) != everything[learner.pk]

    editing.reactivate_cards(chosen)

    for learner in learners:
        assert rolled_up(learner) == logged(learner) == everything[learner.pk]


def test_undoing_an_answer_to_a_card_retired_since_takes_nothing_back(learners, two_domains):
    learner, card_ = learners[0], two_domains[0]
    study(learner, two_domains[1:], days=1)
    answer(learner, card_, 4, now=NOON + timedelta(minutes=5))
    editing.suspend_cards(Card.objects.filter(pk=card_.pk))

    undo(learner, now=NOON + timedelta(minutes=6))
    assert rolled_up(learner) == logged(learner)

    editing.reactivate_cards(Card.objects.filter(pk=card_.pk))
    assert rolled_up(learner) == logged(learner)


def test_an_answer_to_a_card_retired_since_its_page_was_shown_counts_nowhere(learners, two_domains):
    learner, card_ = learners[0], two_domains[0]
    study(learner, two_domains[1:], days=1)
    editing.suspend_cards(Card.objects.filter(pk=card_.pk))

    # The page's card still says active: the answer is logged, and counts nowhere.
    answer_card(user=learner, card=card_, quality=4, expected_version=0, now=NOON)

    assert ReviewLog.objects.filter(user=learner, card=card_).exists()
    assert rolled_up(learner) == logged(learner)


def test_a_review_ahead_counts_like_a_scheduled_answer(learners, two_domains):
    learner, card_ = learners[0], two_domains[0]
    answer(learner, card_, 5)
    answer(learner, card_, 5, now=days_later(1))  # due again in 6 days

    result = answer_ahead(
        user=learner, card=card_, quality=4, expected_version=2, days=7, now=days_later(3)
    )

    assert result.applied
    assert ReviewLog.objects.filter(user=learner, kind="ahead").exists()
    assert rolled_up(learner) == logged(learner)


def fixture(domain_of_a: int = 1, *, with_b: bool = True):
    """The demo topic, its scenario card in domain 1 or 2; without the trap card, if asked."""
    data = topic_fixture(
        card("scenario-a", position=0, domain=domain_of_a, section=1),
        *([card("scenario-b", position=1)] if with_b else []),
        card("scenario-c", position=2, section=2),
    )
    data["domains"][1]["sections"] = [{"position": 1, "title": "Operations"}]
    return load_fixture(as_text(data), "demo.json")


@pytest.fixture
def imported(learners):
    import_topic(fixture(), now=NOON - timedelta(days=30))
    cards = list(Card.objects.filter(topic__slug="demo").order_by("position"))
    for learner in learners:
        StudyProfile.objects.filter(user=learner).update(new_cards_per_day=50)
        study(learner, cards)
    return cards


def test_a_card_a_reimport_moves_to_another_domain_takes_its_answers_along(learners, imported):
    import_topic(fixture(domain_of_a=2), now=days_later(9))

    moved = Card.objects.get(key="scenario-a")
    assert moved.section.domain.number == 2
    for learner in learners:
        assert rolled_up(learner) == logged(learner)
        assert {domain for domain, _ in rolled_up(learner)} == {
            imported[0].section.domain_id,
            moved.section.domain_id,
        }


def test_a_card_a_reimport_retires_and_a_later_one_restores_leaves_the_rows_right(
    learners, imported
):
    everything = {learner.pk: rolled_up(learner) for learner in learners}

    import_topic(fixture(with_b=False), now=days_later(9))

    assert not Card.objects.get(key="scenario-b").is_active
    for learner in learners:
        assert rolled_up(learner) == logged(learner) != everything[learner.pk]

    import_topic(fixture(), now=days_later(10))

    for learner in learners:
        assert rolled_up(learner) == logged(learner) == everything[learner.pk]


def test_a_rebuild_writes_the_rows_answering_and_editing_wrote(learners, two_domains):
    for n, learner in enumerate(learners):
        study(learner, two_domains[n:])
    editing.suspend_cards(Card.objects.filter(pk=two_domains[2].pk))
    written = {learner.pk: rolled_up(learner) for learner in learners}

    domain_rollup.rebuild(user_ids=[learners[0].pk])
    assert rolled_up(learners[0]) == written[learners[0].pk]
    DomainDay.objects.all().delete()
    domain_rollup.rebuild()

    for learner in learners:
        assert rolled_up(learner) == written[learner.pk]


def test_the_backfill_command_rebuilds_the_domain_rows_too(learners, two_domains, capsys):
    learner = learners[0]
    study(learner, two_domains, days=3)
    expected = rolled_up(learner)
    DomainDay.objects.for_user(learner).delete()

    call_command("backfill_review_days", learner.username)

    assert rolled_up(learner) == expected
    assert f"Rebuilt {len(expected)} domain day rows from the logs." in capsys.readouterr().out
