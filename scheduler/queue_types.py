"""What the queue (scheduler.queue) answers: a topic's counts for the learner's day, and the
card that comes next."""

from dataclasses import dataclass
from datetime import date

from cards.models import Card
from scheduler.models import ReviewState


@dataclass(frozen=True)
class QueueCounts:
    reviews: int = 0
    redrills: int = 0
    new: int = 0
    # The dashboard's counts (count_queues) count every due review, to say how many wait
    # beyond the review limit; the review page's (build_queue) only up to what is left of the
    # limit today, so due_waiting is "at least" there. New cards are counted only up to what
    # the day can still show (the new-card limit less those introduced today, plus today's
    # extra ones), so new_waiting is "at least".
    due_waiting: int = 0
    new_waiting: int = 0
    # Cards answered today (each once, however often re-drilled), for the session's progress.
    answered_today: int = 0

    @property
    def total(self) -> int:
        return self.reviews + self.redrills + self.new


@dataclass(frozen=True)
class Pace:
    # The median seconds between recent answers; None with too few answers to tell.
    seconds_per_answer: float | None


@dataclass(frozen=True)
class Queue:
    today: date
    counts: QueueCounts
    card: Card | None
    # None while the card is new to this learner.
    state: ReviewState | None = None
    # The version a form for `card` must send back to answer it.
    version: int = 0
    # A new card's mark and flag when `state` is None (the learner marked it before answering).
    new_card_marks: tuple[bool, int] = (False, 0)
    # The answer or action the review page's undo button takes back (the latest of today in the
    # topic), when build_queue was asked for it (`with_undo`); None when there is none.
    undo_answer: int | None = None
    # The learner's pace for the time estimate (scheduler.stats.session.pace_of), which
    # build_queue reads in its query; None when the queue came from elsewhere.
    pace: "Pace | None" = None

    @property
    def marked(self) -> bool:
        return self.state.marked if self.state else self.new_card_marks[0]

    @property
    def flag(self) -> int:
        return self.state.flag if self.state else self.new_card_marks[1]

    @property
    def is_empty(self) -> bool:
        return self.card is None
