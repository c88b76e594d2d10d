"""The data migration that builds the per-domain roll-up from the answers logged before it."""

import pytest

from cards import editing
from cards.models import Card
from scheduler.models import DomainDay
from tests.scheduler.answering import days_later
from tests.scheduler.domain_days import logged, rolled_up, study
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0022_domain_day_rollup")]
AFTER = [("scheduler", "0023_backfill_domain_days")]


@pytest.mark.django_db(transaction=True)
def test_the_rows_are_built_from_the_logs_of_every_learner(learners, two_domains):
    for n, learner in enumerate(learners):
        study(learner, two_domains[n:], days=4)
    editing.suspend_cards(Card.objects.filter(pk=two_domains[1].pk))
    study(learners[0], two_domains[2:], days=1, start=4)
    written = {learner.pk: rolled_up(learner) for learner in learners}
    migrate(BEFORE)
    DomainDay.objects.all().delete()  # as before the migration: no rows at all

    migrate(AFTER)

    for learner in learners:
        assert rolled_up(learner) == logged(learner) == written[learner.pk]
    assert rolled_up(learners[0])[(two_domains[2].section.domain_id, days_later(4).date())]
