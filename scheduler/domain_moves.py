"""Cards retired, restored or moved to another domain take their answers with them.

Readiness counts an answer in the domain its card is in now, and only while the card is
active; the per-domain roll-up (DomainDay) keeps that true when an editor or an import changes
cards (cards.placement sends which, inside the change's transaction): each learner's counted
answers to those cards come out of the old domain's day rows and go into the new one's. Rare
editor actions, so reading those cards' logs here is fine.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping

from django.db import transaction
from django.dispatch import receiver

from cards.placement import placement_changed
from scheduler.domain_day import DomainDay
from scheduler.domain_rollup import COUNTERS, domain_totals, hold_off_answers
from scheduler.models import ReviewLog, ReviewState

# Card ids per query: well inside every database's limit on parameters.
CHUNK = 1000


@receiver(placement_changed, dispatch_uid="scheduler-domain-days-follow-cards")
def _cards_moved(sender, moves: Mapping[int, tuple[int | None, int | None]], **kwargs) -> None:
    move_answers(moves)


def move_answers(moves: Mapping[int, tuple[int | None, int | None]]) -> None:
    """Move every learner's counted answers to the cards in `moves` ({card id: (domain before,
    domain after)}, None for inactive) between their domain day rows."""
    with transaction.atomic():
        hold_off_answers()
        changes: dict[tuple[int, int, object], Counter] = defaultdict(Counter)
        card_ids = list(moves)
        for start in range(0, len(card_ids), CHUNK):
            for row in _answers_to(card_ids[start : start + CHUNK]):
                before, after = moves[row["card_id"]]
                counts = Counter({name: row[name] for name in COUNTERS})
                if before is not None:
                    changes[(row["user_id"], before, row["study_day"])].subtract(counts)
                if after is not None:
                    changes[(row["user_id"], after, row["study_day"])].update(counts)
        _apply(changes)


def _answers_to(card_ids: list[int]):
    """Counted answers per learner, card and day; found through the learners' states, as the
    logs are indexed by learner first (an answered card always has its learner's state)."""
    learners = ReviewState.objects.filter(card_id__in=card_ids).values("user_id")
    logs = ReviewLog.objects.filter(user_id__in=learners, card_id__in=card_ids)
    return domain_totals(logs, group=("user_id", "card_id"))


def _apply(changes: Mapping[tuple[int, int, object], Counter]) -> None:
    changes = {key: counts for key, counts in changes.items() if any(counts.values())}
    if not changes:
        return
    users = {user_id for user_id, _, _ in changes}
    domains = {domain_id for _, domain_id, _ in changes}
    rows = {
        (row.user_id, row.domain_id, row.day): row
        for row in DomainDay.objects.select_for_update().filter(
            user_id__in=users, domain_id__in=domains
        )
    }
    to_update, to_create = [], []
    for (user_id, domain_id, day), counts in changes.items():
        row = rows.get((user_id, domain_id, day))
        if row is None:
            row = DomainDay(user_id=user_id, domain_id=domain_id, day=day)
            to_create.append(row)
        else:
            to_update.append(row)
        for name in COUNTERS:
            # Never below 0 unless the rows were wrong already: the constraint says so loudly.
            setattr(row, name, getattr(row, name) + counts[name])
    DomainDay.objects.bulk_update(to_update, list(COUNTERS), batch_size=500)
    DomainDay.objects.bulk_create(to_create, batch_size=500)
