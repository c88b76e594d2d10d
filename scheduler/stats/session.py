"""Today's review session as the review page shows it: how far along, and how long is left."""

import statistics
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Subquery, TextField
from django.db.models.functions import Cast

from scheduler import prepared
from scheduler.models import ReviewLog
from scheduler.queue_types import QueueCounts
from scheduler.sql_numbers import UnixSeconds

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
    compiled once). The review page has it from the queue's query instead (Queue.pace)."""
    (row,) = prepared.rows(
        ("recent answer times", RECENT_ANSWERS),
        lambda v: (
            get_user_model()
            .objects.filter(pk=v.user_id)
            .annotate(times=recent_answer_times(v.user_id))
            .values("times")
        ),
        prepared.Values(user.pk),
    )
    return pace_of(row["times"])


def recent_answer_times(user) -> Subquery:
    """The learner's latest RECENT_ANSWERS answer times, as comma-separated Unix seconds: one
    column of another query (the queue's), so the time estimate costs no query of its own.

    Seconds rather than datetimes: converting fifty datetimes back from SQLite's text took
    longer than the query. Joined straight from the latest answers' rows (JoinedText), not
    by reading each of them again by its key.
    """
    answers = ReviewLog.objects.for_user(user).answers().order_by("-answered_at")
    seconds = Cast(UnixSeconds("answered_at"), TextField())
    return JoinedText(answers.values(value=seconds)[:RECENT_ANSWERS])


class JoinedText(Subquery):
    """The one text column `value` of a (sliced, correlated) queryset's rows, joined with
    commas in no particular order; NULL without rows."""

    template = "(SELECT STRING_AGG(joined.value, ',') FROM (%(subquery)s) AS joined)"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "(SELECT GROUP_CONCAT(joined.value, ',') FROM (%(subquery)s) AS joined)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def pace_of(times: str | None) -> float | None:
    """The median gap between consecutive answer times (recent_answer_times), gaps longer
    than a break left out; None with too few gaps to quote a pace."""
    moments = sorted(float(moment) for moment in times.split(",")) if times else []
    gaps = [
        later - earlier
        for earlier, later in zip(moments, moments[1:], strict=False)
        if 0 < later - earlier <= LONGEST_ANSWER_SECONDS
    ]
    return statistics.median(gaps) if len(gaps) >= FEWEST_TIMED_ANSWERS else None


def session_progress(counts: QueueCounts, seconds_per_answer: float | None) -> SessionProgress:
    done = max(0, counts.answered_today - counts.redrills)
    return SessionProgress(
        done=done, total=done + counts.total, seconds_per_answer=seconds_per_answer
    )
