"""The new-card cursor changes nothing a learner sees: after every step of random-ish sequences
of answers, undos, card actions, editors' changes and re-imports, the queues and counts are
those computed from cursor 0 (the whole deck), and every cursor keeps its rule."""

import random
from datetime import timedelta

import pytest

from cards import editing
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card
from scheduler.models import NewCardCursor, ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue, count_queues
from scheduler.services import (
    answer_card,
    bury_card,
    suspend_card,
    today_for,
    undo_last_answer,
    unsuspend_card,
)
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.factories import StudyProfileFactory
from tests.scheduler.answering import NOON

SLUGS = ("alpha", "beta")


def deck_fixture(slug: str, keys: list[str]):
    """The topic with `keys` in this order; every third card and the next share a table row."""
    cards = [
        card(key, position=n, sibling=f"row-{key}" if n % 3 == 0 else "")
        for n, key in enumerate(keys)
    ]
    # Cells of a row: the card after a row's first card joins its row.
    for first, second in zip(cards, cards[1:], strict=False):
        if first["sibling"] and not second["sibling"]:
            second["sibling"] = first["sibling"]
    return load_fixture(as_text(topic_fixture(*cards, slug=slug)), f"{slug}.json")


def seen(learners, now) -> list:
    """Every learner's next card and counts in each topic, and all their counts at once."""
    found = []
    topics = {slug: Card.objects.filter(topic__slug=slug).first().topic_id for slug in SLUGS}
    for learner in learners:
        profile = StudyProfile.objects.get(user=learner)
        today = profile.today(now)
        for topic_id in topics.values():
            queue = build_queue(user=learner, profile=profile, topic_id=topic_id, today=today)
            found.append((queue.card and queue.card.pk, queue.version, queue.counts))
        found.append(sorted(count_queues(user=learner, profile=profile, today=today).items()))
    return found


def seen_from_cursor_zero(learners, now) -> list:
    rows = list(NewCardCursor.objects.values("user_id", "topic_id", "position", "lowered"))
    NewCardCursor.objects.all().delete()
    try:
        return seen(learners, now)
    finally:
        NewCardCursor.objects.bulk_create(NewCardCursor(**row) for row in rows)


def broken_cursors() -> list:
    """Active cards before a cursor that the cursor's learner has neither introduced nor
    suspended: each one breaks the rule."""
    broken = []
    for cursor in NewCardCursor.objects.all():
        for card_id in Card.objects.filter(
            topic_id=cursor.topic_id, is_active=True, position__lt=cursor.position
        ).values_list("pk", flat=True):
            state = ReviewState.objects.filter(user_id=cursor.user_id, card_id=card_id).first()
            if state is None or (state.introduced_on is None and not state.suspended):
                broken.append((cursor.user_id, cursor.topic_id, card_id))
    return broken


class Steps:
    """The operations a sequence picks from, each as a learner, an editor or an import does."""

    def __init__(self, rng: random.Random, learners):
        self.rng, self.learners = rng, learners
        self.now = NOON
        self.keys = {slug: [f"{slug}-{n}" for n in range(12)] for slug in SLUGS}
        self.added = 0
        for slug in SLUGS:
            import_topic(deck_fixture(slug, self.keys[slug]), now=self.now)

    def _card(self, **filters) -> Card | None:
        cards = list(Card.objects.filter(**filters).order_by("pk"))
        return self.rng.choice(cards) if cards else None

    def _version(self, learner, card: Card) -> int:
        state = ReviewState.objects.filter(user=learner, card=card).first()
        return state.version if state else 0

    def answer_next(self, learner):
        slug = self.rng.choice(SLUGS)
        profile = StudyProfile.objects.get(user=learner)
        topic_id = Card.objects.filter(topic__slug=slug).first().topic_id
        queue = build_queue(
            user=learner, profile=profile, topic_id=topic_id, today=profile.today(self.now)
        )
        if queue.card is not None:
            quality = self.rng.choice([1, 4, 4, 5])
            answer_card(
                user=learner,
                card=queue.card,
                quality=quality,
                expected_version=queue.version,
                now=self.now,
            )

    def answer_any(self, learner):
        """An answer out of document order (a card missed in practice comes first)."""
        chosen = self._card(is_active=True)
        answer_card(
            user=learner,
            card=chosen,
            quality=self.rng.choice([2, 4]),
            expected_version=self._version(learner, chosen),
            now=self.now,
        )

    def undo(self, learner):
        latest = ReviewLog.objects.for_user(learner).undoable(today_for(learner, self.now)).first()
        if latest is not None:
            undo_last_answer(user=learner, log_id=latest.pk, now=self.now)

    def suspend(self, learner):
        chosen = self._card(is_active=True)
        version = self._version(learner, chosen)
        suspend_card(user=learner, card=chosen, expected_version=version, now=self.now)

    def unsuspend(self, learner):
        state = ReviewState.objects.filter(user=learner, suspended=True).order_by("pk")
        state = self.rng.choice(list(state)) if state else None
        if state is not None:
            unsuspend_card(
                user=learner, card=state.card, expected_version=state.version, now=self.now
            )

    def bury(self, learner):
        chosen = self._card(is_active=True)
        version = self._version(learner, chosen)
        bury_card(user=learner, card=chosen, expected_version=version, now=self.now)

    def retire(self, learner):
        chosen = self._card(is_active=True)
        editing.retire_cards(Card.objects.filter(pk=chosen.pk), now=self.now)

    def reactivate(self, learner):
        chosen = self._card(is_active=False, retired_by_editor=True)
        if chosen is not None:
            editing.reactivate_cards(Card.objects.filter(pk=chosen.pk))

    def reimport_with_a_card_first(self, learner):
        slug = self.rng.choice(SLUGS)
        self.added += 1
        self.keys[slug].insert(0, f"{slug}-new-{self.added}")
        import_topic(deck_fixture(slug, self.keys[slug]), now=self.now)

    def reimport_without_a_card(self, learner):
        """A card leaves the fixture (retired), or one that left comes back (restored)."""
        slug = self.rng.choice(SLUGS)
        keys = self.keys[slug]
        dropped = keys.pop(self.rng.randrange(len(keys)))
        import_topic(deck_fixture(slug, keys), now=self.now)
        keys.insert(self.rng.randrange(len(keys) + 1), dropped)
        if self.rng.random() < 0.7:
            import_topic(deck_fixture(slug, keys), now=self.now)

    def next_day(self, learner):
        self.now += timedelta(days=1)

    def pick(self):
        weighted = [
            (self.answer_next, 12),
            (self.answer_any, 2),
            (self.undo, 3),
            (self.suspend, 2),
            (self.unsuspend, 2),
            (self.bury, 2),
            (self.retire, 1),
            (self.reactivate, 1),
            (self.reimport_with_a_card_first, 1),
            (self.reimport_without_a_card, 1),
            (self.next_day, 2),
        ]
        steps, weights = zip(*weighted, strict=True)
        return self.rng.choices(steps, weights)[0], self.rng.choice(self.learners)


@pytest.mark.parametrize("seed", range(6))
def test_the_queue_is_the_same_as_from_the_start_of_the_deck_after_every_step(db, seed):
    learners = [
        StudyProfileFactory(new_cards_per_day=3, time_zone="UTC", day_starts_at=4).user,
        StudyProfileFactory(new_cards_per_day=40, time_zone="UTC", day_starts_at=4).user,
    ]
    steps = Steps(random.Random(seed), learners)
    done = []
    for _ in range(70):
        step, learner = steps.pick()
        step(learner)
        done.append(step.__name__)
        assert broken_cursors() == [], done
        assert seen(learners, steps.now) == seen_from_cursor_zero(learners, steps.now), done
    # The sequences moved cursors on, not only left them at 0.
    assert NewCardCursor.objects.filter(position__gt=0).exists()
