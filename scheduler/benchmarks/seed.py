"""Decks and histories for the benchmark, bulk-inserted (they are not what is measured)."""

from copy import copy
from datetime import date, datetime, timedelta

from cards.card_counts import recount_active_cards
from cards.models import Card, Domain, Section, Topic
from scheduler import domain_rollup, new_card_cursor, rollup
from scheduler.card_copies import copy_card_fields
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.scheduling import replay, scheduled_answers
from scheduler.state_snapshots import after, before


def make_deck(slug: str, size: int) -> Topic:
    topic = Topic.objects.create(slug=slug, title=slug)
    domain = Domain.objects.create(topic=topic, number=1, title="d", weight=100)
    section = Section.objects.create(domain=domain, position=1, title="s")
    Card.objects.bulk_create(
        (
            Card(
                topic=topic,
                section=section,
                key=f"{slug}-{i}",
                kind="scenario",
                prompt=f"cue {i}",
                answer=f"answer {i}",
                position=i,
                # Like the DVA-C02 deck, where three cards in four come from table rows: each
                # row's cells are siblings, and the queue keeps a row's cards apart.
                sibling="" if i % 4 == 3 else f"row-{i // 4}",
            )
            for i in range(size)
        ),
        batch_size=2000,
    )
    recount_active_cards([topic.pk])  # what the importer does after its bulk insert
    return topic


def seed_history(
    user, topic: Topic, *, answers: int, cards: int, due_today: int, now: datetime, today: date
) -> None:
    """`answers` past answers spread over a year on `cards` cards, `due_today` of them due.

    Shaped like a real learner's: each card has a state and scheduled answers with the state
    before them (an FSRS memory included, as the write path keeps one for every learner), so
    the due-review path, the statistics and the log's size are what they would be.
    """
    card_ids = list(
        Card.objects.filter(topic=topic).order_by("position").values_list("pk", flat=True)[:cards]
    )
    states = []
    for n, card_id in enumerate(card_ids):
        due = today - timedelta(days=n % 3) if n < due_today else today + timedelta(days=1 + n % 60)
        states.append(
            ReviewState(
                user=user,
                card_id=card_id,
                topic=topic,
                repetitions=3,
                interval=15,
                due=due,
                reviews=answers // len(card_ids),
                introduced_on=today - timedelta(days=300),
                last_answered_on=today - timedelta(days=1 + n % 14),
                last_answered_at=now - timedelta(days=1 + n % 14),
                version=answers // len(card_ids),
            )
        )
    ReviewState.objects.bulk_create(states, batch_size=2000)
    copy_card_fields(ReviewState.objects.filter(user=user, topic=topic))
    # Where the answers that introduced them would have left the learner's new-card cursor.
    new_card_cursor.advance(user_id=user.pk, topic_id=topic.pk)
    template = copy(states[0])
    template.fsrs_stability, template.fsrs_difficulty = 12.345678901234, 5.4321098765
    template.fsrs_reviewed_on = template.last_answered_on
    template_before, template_after = before(template), after(template)
    logs = (
        ReviewLog(
            user=user,
            card_id=card_ids[i % len(card_ids)],
            topic=topic,
            quality=2 + i % 4,
            # A day's answers some seconds apart, as a learner gives them.
            answered_at=now - timedelta(days=1 + i % 365, seconds=20 * (i // 365)),
            study_day=today - timedelta(days=1 + i % 365),
            kind="scheduled" if i % 7 else "redrill",
            **(template_before | {"interval_before": i % 40}),
            **template_after,
        )
        for i in range(answers)
    )
    ReviewLog.objects.bulk_create(logs, batch_size=2000)
    rollup.rebuild(user_ids=[user.pk])  # what the backfill does for logs from before it
    domain_rollup.rebuild(user_ids=[user.pk])
    # Each card's FSRS memory, as every answer (and the migration, for older ones) keeps it.
    memories = replay(StudyProfile.for_user(user).algorithm_model(), scheduled_answers(user))
    for state in states:
        memory = memories[state.card_id]
        state.fsrs_stability, state.fsrs_difficulty = memory.stability, memory.difficulty
        state.fsrs_reviewed_on = memory.last_review
    ReviewState.objects.bulk_update(
        states, ["fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on"], batch_size=2000
    )
