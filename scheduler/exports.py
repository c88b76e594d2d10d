"""What a learner takes away: a topic with their schedule for Anki, and all their own data.

``schedule_package``: the topic's deck (cards.exports.apkg), with this learner's SM-2 state on
each Anki card — due date, interval, ease (easiness × 1000), repetitions, lapses; suspended
cards suspended — and every answer they gave as an Anki review-log row, so Anki shows the same
cards due today as spacecards does. ``my_data``: every row of learning data that is theirs.
Both read only the requesting learner's rows (every query starts from the user).
"""

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal

from cards.exports.apkg import build_package, note_guid, package_bytes, stamp_note_times
from cards.models import Card, Topic
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.study_day import day_start, study_day

# Anki's card types and queues.
NEW, REVIEW = 0, 2
SUSPENDED = -1
# Anki's four answer buttons (1 Again, 2 Hard, 3 Good, 4 Easy) for SM-2's grades 0–5.
ANKI_EASE = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN = 0, 1, 2


def schedule_cards(topic: Topic) -> list[Card]:
    """What the learner studies or could resume: active and suspended cards, not retired."""
    return list(topic.cards.filter(retired_at__isnull=True).with_place().order_by("position"))


def schedule_package(*, user, topic: Topic, now: datetime) -> bytes:
    profile = StudyProfile.for_user(user)
    today = study_day(now, profile.zone, profile.day_starts_at)
    cards = schedule_cards(topic)
    states = {state.card_id: state for state in ReviewState.objects.for_user(user).in_topic(topic)}
    logs = list(
        ReviewLog.objects.for_user(user).counted().filter(topic=topic).order_by("answered_at", "pk")
    )
    earliest = min(
        [today, *(s.due for s in states.values() if s.due), *(g.study_day for g in logs)]
    )
    # Anki counts days from the collection's creation; it starts the day before anything here.
    created = earliest - timedelta(days=1)

    def write_schedule(database: sqlite3.Connection) -> None:
        stamp_note_times(database, topic, cards)
        crt = day_start(created, profile.zone, profile.day_starts_at)
        database.execute("UPDATE col SET crt = ?", (int(crt.timestamp()),))
        anki_ids = _anki_card_ids(database, topic, cards)
        for card in cards:
            _write_card(database, anki_ids[card.pk], card, states.get(card.pk), created)
        _write_revlog(database, anki_ids, logs)

    return package_bytes(build_package(topic, cards), before_zip=write_schedule)


def _anki_card_ids(database: sqlite3.Connection, topic: Topic, cards: list[Card]) -> dict[int, int]:
    by_guid = dict(
        database.execute(
            "SELECT notes.guid, cards.id FROM cards JOIN notes ON notes.id = cards.nid"
        )
    )
    return {card.pk: by_guid[note_guid(topic, card)] for card in cards}


def _write_card(
    database: sqlite3.Connection,
    anki_id: int,
    card: Card,
    state: ReviewState | None,
    created: date,
) -> None:
    suspended = not card.is_active
    if state is None or state.introduced_on is None or state.due is None:
        card_type, queue, due, interval, factor = NEW, NEW, card.position, 0, 0
        reps = lapses = 0
    else:
        card_type, queue = REVIEW, REVIEW
        due = (state.due - created).days
        interval = max(1, state.interval)
        factor = int(Decimal(state.easiness) * 1000)
        reps, lapses = state.reviews, state.lapses
    database.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
        "lapses = ? WHERE id = ?",
        (
            card_type,
            SUSPENDED if suspended else queue,
            due,
            interval,
            factor,
            reps,
            lapses,
            anki_id,
        ),
    )


def _write_revlog(
    database: sqlite3.Connection, anki_ids: dict[int, int], logs: list[ReviewLog]
) -> None:
    used: set[int] = set()
    rows = []
    for log in logs:
        if log.card_id not in anki_ids:  # a retired card is not in the deck
            continue
        # A revlog row's id is its time in milliseconds, and must be unique.
        row_id = int(log.answered_at.timestamp() * 1000)
        while row_id in used:
            row_id += 1
        used.add(row_id)
        if log.kind == ReviewLog.Kind.REDRILL:
            kind = REVLOG_RELEARN
        else:
            kind = REVLOG_REVIEW if log.interval_before else REVLOG_LEARN
        rows.append(
            (
                row_id,
                anki_ids[log.card_id],
                ANKI_EASE[log.quality],
                log.interval_after,
                log.interval_before,
                int(log.easiness_after * 1000),
                kind,
            )
        )
    database.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, -1, ?, ?, ?, ?, 0, ?)",
        rows,
    )
