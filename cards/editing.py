"""What an editor does to cards: edit, resolve a conflict, suspend, retire, reactivate.

The admin calls these and nothing else changes a card's editing state, so the rules live in one
place. None of them touches a learner's ReviewState or ReviewLog: history survives every edit,
and an inactive card simply leaves every queue. Those that may retire or restore a card say so
through cards.placement, so learners' per-domain statistics follow in the same transaction.

Each one locks the rows it writes and bumps their version, like an import does: an edit made on
a form shows the version it started from, and is refused if the card moved on since.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.functions import Coalesce

from cards.card_counts import recount_active_cards
from cards.fixture import CONTENT_FIELDS, content_hash
from cards.models import Card, CardReport, Domain, Topic
from cards.placement import watching


def card_content(card: Card) -> dict[str, Any]:
    """The card's content as the fixture would state it (what `source_hash` fingerprints)."""
    return {name: getattr(card, name) for name in CONTENT_FIELDS}


def note_edit(card: Card) -> None:
    """Set `locally_edited` from the card's (unsaved) content; the caller saves the card.

    Edited means "differs from what was last imported", so changing the text back clears it.
    """
    card.locally_edited = content_hash(card_content(card)) != card.source_hash


class CardChanged(Exception):
    """The card changed (an import, another editor) since the editor opened it."""

    def __init__(self, card: Card):
        super().__init__(
            f"{card.key} was changed by an import or another editor after you opened it, so "
            "your changes were not saved. Reload the page to see the card as it is now, and "
            "make your change again."
        )


def lock_for_edit(card: Card, *, expected_version: int) -> Card:
    """Lock the card's row for the rest of the transaction; CardChanged if it moved on.

    An import that comes later waits for the lock and then sees the edit (and flags a conflict
    if its fixture changed the card too); one that came first is why the version moved.
    """
    locked = Card.objects.select_for_update().get(pk=card.pk)
    if locked.version != expected_version:
        raise CardChanged(locked)
    return locked


@transaction.atomic
def save_edit(card: Card, *, expected_version: int) -> Card:
    """Save an editor's change to a card's text, made on the card as it was at `expected_version`.

    A trap's answer is its verdict, and a table card's answer is the row's hidden cell (the
    back shows the whole row), so those follow the edited field.
    """
    lock_for_edit(card, expected_version=expected_version)
    with watching(Card.objects.filter(pk=card.pk)):  # an edit may restore a dropped card
        _save_edit(card, expected_version)
    return card


def _save_edit(card: Card, expected_version: int) -> None:
    if card.kind == Card.Kind.TRAP:
        card.answer = card.verdict
    elif card.kind == Card.Kind.TABLE and card.table.get("row"):
        row = list(card.table["row"])
        row[card.table["hidden"]] = card.answer
        card.table = {**card.table, "row": row}
    note_edit(card)
    if card.locally_edited:
        _clear_open_flags(card)  # the editor fixed what the flags pointed at
    card.version = expected_version + 1
    card.save()


@transaction.atomic
def dismiss_flags(cards: QuerySet[Card]) -> int:
    """ "This is fine": an editor overrules the cards' open quality flags for good.

    A re-import keeps the dismissal; a card that was retired only for a dropping flag comes
    back to learners, with its history. Returns how many cards had flags to dismiss.
    """
    count = 0
    chosen = cards.exclude(open_flags="").values("pk")
    locked = list(Card.objects.filter(pk__in=chosen).select_for_update().order_by("pk"))
    # A card dropped only for a flag comes back to learners.
    with watching(Card.objects.filter(pk__in=[card.pk for card in locked])):
        for card in locked:
            _clear_open_flags(card)
            card.version += 1
            card.save(
                update_fields=[
                    "dismissed_flags",
                    "open_flags",
                    "is_active",
                    "retired_at",
                    "version",
                ]
            )
            count += 1
    return count


def _clear_open_flags(card: Card) -> None:
    was_dropped = card.dropped_for_quality
    open_names = [flag["name"] for flag in card.open_quality_flags]
    card.dismissed_flags = sorted({*card.dismissed_flags, *open_names})
    card.refresh_open_flags()
    if was_dropped and card.retired_at is not None and not card.retired_by_editor:
        card.is_active, card.retired_at = True, None


class NoConflict(ValueError):
    """The card has no fixture version waiting (resolved already, perhaps in another tab)."""


@transaction.atomic
def take_incoming(card: Card) -> Card:
    """Resolve a conflict for the fixture: its new text replaces the editor's."""
    card = _locked_conflict(card)
    for name, value in card.incoming.items():
        setattr(card, name, value)
    card.source_hash = content_hash(card.incoming)
    card.locally_edited = False
    card.conflict, card.incoming = False, None
    card.version += 1
    card.save()
    return card


@transaction.atomic
def keep_edit(card: Card) -> Card:
    """Resolve a conflict for the editor: the fixture's new version counts as seen.

    Re-importing the same fixture then keeps the edit silently; a later change to the card in
    the fixture conflicts again.
    """
    card = _locked_conflict(card)
    card.source_hash = content_hash(card.incoming)
    card.conflict, card.incoming = False, None
    note_edit(card)  # Still True, unless the editor's text is what the fixture now says.
    card.version += 1
    card.save()
    return card


def _locked_conflict(card: Card) -> Card:
    locked = Card.objects.select_for_update().get(pk=card.pk)
    if not locked.conflict or locked.incoming is None:
        raise NoConflict(f"{locked.key} has no conflict to resolve.")
    return locked


def suspend_cards(cards: QuerySet[Card]) -> int:
    """Take cards out of every queue; an import does not bring them back."""
    return _update(cards, is_active=False)


def retire_cards(cards: QuerySet[Card], *, now: datetime) -> int:
    """Retire cards for good: a later import leaves them retired even if its fixture has them.

    One retired before keeps the date it was first retired on.
    """
    return _update(
        cards,
        is_active=False,
        retired_at=Coalesce("retired_at", Value(now, DateTimeField())),
        retired_by_editor=True,
    )


def reactivate_cards(cards: QuerySet[Card]) -> int:
    return _update(cards, is_active=True, retired_at=None, retired_by_editor=False)


@transaction.atomic
def _update(cards: QuerySet[Card], **changes) -> int:
    # Locked in primary-key order, as an import locks them, so the two never deadlock.
    # (A fresh query: the admin's queryset may join or be distinct, which FOR UPDATE refuses.)
    chosen = Card.objects.filter(pk__in=cards.values("pk")).select_for_update().order_by("pk")
    locked = list(chosen.values_list("pk", flat=True))
    with watching(Card.objects.filter(pk__in=locked)):
        updated = Card.objects.filter(pk__in=locked).update(**changes, version=F("version") + 1)
    recount_active_cards(set(Card.objects.filter(pk__in=locked).values_list("topic_id", flat=True)))
    return updated


@transaction.atomic
def set_domain_weight(domain: Domain, weight: int) -> None:
    """An editor weights a domain of a topic whose notes gave no weights; imports keep it.

    Once every domain of the topic has an editor's weight, the topic counts as weighted: the
    dashboard and statistics show the weights instead of "unweighted".
    """
    domain.weight, domain.weight_edited = weight, True
    domain.save(update_fields=["weight", "weight_edited"])
    topic = Topic.objects.select_for_update().get(pk=domain.topic_id)
    if not topic.weighted and all(d.weight_edited for d in topic.domains.all()):
        topic.weighted = True
        topic.save(update_fields=["weighted"])


def resolve_reports(reports: QuerySet[CardReport], *, editor, now: datetime) -> int:
    """Close learners' reports; each reporter sees on their dashboard that it was resolved."""
    return reports.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=editor)
