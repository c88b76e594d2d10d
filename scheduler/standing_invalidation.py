"""Changes to counted state other than an answer or an undo mark the standings they touch
unbuilt (scheduler.standing.mark_unbuilt), in the change's transaction; the next reader
rebuilds them from the states. Rare actions, so they may read the states they touch.

Every write of a ReviewState field a standing counts (introduced_on, repetitions, interval,
fsrs_stability, fsrs_reviewed_on) or of where a card counts (its domain, its being active):
- answers and undos (scheduler.services, answer_ahead through it) adjust the rows themselves;
- the learner's card actions (bury, suspend, mark, flag, and their undo) change no counted
  field, as `introduced()` looks only at introduced_on; cram answers write no state;
- cards retired, restored or moved (cards.placement): `_cards_moved` below;
- FSRS memory rewritten (scheduler.scheduling: switch to FSRS, new parameters):
  `memory_rewritten`;
- the account deleted (scheduler.account_deletion) deletes the rows.
The desired retention, the exam date and the passing of days change only the recall terms'
basis, which every reader compares with its own (scheduler.standing.on_basis).
"""

from collections.abc import Mapping

from django.db import transaction
from django.dispatch import receiver

from cards.placement import placement_changed
from scheduler.domain_rollup import hold_off_answers
from scheduler.models import ReviewState
from scheduler.standing import mark_unbuilt

# Card ids per query: well inside every database's limit on parameters.
CHUNK = 1000


@receiver(placement_changed, dispatch_uid="scheduler-standings-follow-cards")
def _cards_moved(sender, moves: Mapping[int, tuple[int | None, int | None]], **kwargs) -> None:
    cards_moved(moves)


def cards_moved(moves: Mapping[int, tuple[int | None, int | None]]) -> None:
    """Mark unbuilt every learner's rows of the domains these cards ({card id: (domain before,
    domain after)}, None for inactive) left or joined."""
    with transaction.atomic():
        # Answers in progress finish first, and new ones wait: an answer reads the card's
        # place when it adjusts its row, and a first answer's state must be seen below.
        hold_off_answers()
        pairs = set()
        card_ids = list(moves)
        for start in range(0, len(card_ids), CHUNK):
            learners = (
                ReviewState.objects.filter(card_id__in=card_ids[start : start + CHUNK])
                .introduced()
                .values_list("user_id", "card_id")
            )
            for user_id, card_id in learners:
                pairs.update((user_id, domain) for domain in moves[card_id] if domain is not None)
        mark_unbuilt(pairs)


def memory_rewritten(user) -> None:
    """Mark unbuilt the learner's rows of every domain they have a card in (their FSRS memory
    was rewritten: scheduler.scheduling), in the rewrite's transaction."""
    domains = (
        ReviewState.objects.for_user(user)
        .introduced()
        .values_list("card__section__domain_id", flat=True)
        .distinct()
    )
    mark_unbuilt((user.pk, domain_id) for domain_id in domains)
