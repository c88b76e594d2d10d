"""Today's review session as the review page shows it: how far along, and how long is left."""

import statistics
from dataclasses import dataclass

from scheduler import prepared
from scheduler.models import ReviewLog
from scheduler.queue_types import QueueCounts

# The learner's pace comes from the gaps between their latest answers (today's pace more than
# last month's; and each row is read on every review page and answer); a gap longer than this
# is a break, not an answer.
RECENT_ANSWERS = 50
LONGEST_ANSWER_SECONDS = 300
# Fewer timed answers than this and there is no pace worth quoting yet.
FEWEST_TIMED_ANSWERS = 5


@dataclass(frozen=True)
class SessionProgress:
    done: int  # cards finished today (answered, no re-drill pending)
    total: int  # those plus every card still in today's queue
    seconds_per_answer: float | None

    @property
    def left(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def minutes_left(self) -> int | None:
        if self.seconds_per_answer is None or not self.left:
            return None
        return max(1, round(self.left * self.seconds_per_answer / 60))


def median_answer_seconds(user) -> float | None:
    """The median time between the learner's recent answers, breaks left out (one query,
    compiled once: it runs on every review page and answer)."""
    recent = prepared.rows(
        ("recent answer times", RECENT_ANSWERS),
        lambda v: (
            ReviewLog.objects.for_user(v.user_id)
            .answers()
            .order_by("-answered_at")
            .values("answered_at")[:RECENT_ANSWERS]
        ),
        prepared.Values(user.pk),
    )
    times = [row["answered_at"] for row in recent]
    gaps = [
        (later - earlier).total_seconds()
        for later, earlier in zip(times, times[1:], strict=False)
        if 0 < (later - earlier).total_seconds() <= LONGEST_ANSWER_SECONDS
    ]
    return statistics.median(gaps) if len(gaps) >= FEWEST_TIMED_ANSWERS else None


def session_progress(counts: QueueCounts, seconds_per_answer: float | None) -> SessionProgress:
    done = max(0, counts.answered_today - counts.redrills)
    return SessionProgress(
        done=done, total=done + counts.total, seconds_per_answer=seconds_per_answer
    )
